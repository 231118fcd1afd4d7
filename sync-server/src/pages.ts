/**
 * The two bulky bodies of the sync protocol, handled without needless passes over their bytes.
 *
 * Push: the body is checked by the shared wire schema except the ciphertext's base64 pattern —
 * the route decodes it strictly (`decodeBase64Strict`: only text that re-encodes to itself, which
 * is exactly canonical padded base64), so a regular expression over hundreds of kilobytes would
 * only repeat that check, slower.
 *
 * Pull: a page is written straight into one buffer — each batch's stored canonical header JSON,
 * its ciphertext and signature in base64 — instead of parsing every header back through the
 * schema and running the whole page, megabytes of base64, through JSON.stringify.
 */
import { z } from 'zod';
import { batchHeaderSchema, ed25519SignatureSchema, type PullPage } from '../../shared/sync/wire';
import { SyncHttpError } from './errors';
import { type BatchRow } from './storage/storage';

/** `pushBatchRequestSchema` but for the ciphertext pattern, which the route's strict decoding enforces. */
export const pushBodySchema = z
  .object({
    header: batchHeaderSchema,
    ciphertext: z.string().min(1, 'The ciphertext is empty'),
    signature: ed25519SignatureSchema,
  })
  .strict();

const ASCII = /^[\x20-\x7e]*$/;

/**
 * A stored header, checked to be one JSON object, so that embedding it as is cannot change the
 * structure of the page around it. It was written from a validated header (`canonicalHeaderJson`).
 */
function storedHeaderJson(row: BatchRow): string {
  let header: unknown;
  try {
    header = JSON.parse(row.headerJson);
  } catch {
    header = null;
  }
  // ASCII too (the header schema allows nothing else), so the page is written one byte a character.
  if (typeof header !== 'object' || header === null || Array.isArray(header) || !ASCII.test(row.headerJson)) {
    throw new SyncHttpError('INTERNAL', 'A stored batch header is damaged');
  }
  return row.headerJson;
}

/**
 * The base64 of recently pushed or pulled ciphertexts, by facility and cursor, bounded in size.
 * Every workstation of a facility pulls each batch, so encoding it once (or not at all: a push
 * brings its canonical base64 along) saves the encoding on every later pull. An entry is used
 * only while the stored bytes still equal the bytes it was made from (a memory compare, far
 * cheaper than encoding): what is served is always exactly what storage holds.
 */
export class Base64Cache {
  private readonly entries = new Map<string, { bytes: Buffer; text: string }>();
  private size = 0;

  /** @param maxBytes bound on the bytes held: ciphertext plus its base64. */
  constructor(private readonly maxBytes = 96 * 1024 * 1024) {}

  /** Remembers `text`, which must be the canonical base64 of `bytes`, the batch's stored ciphertext. */
  remember(facilityId: string, cursor: number, bytes: Buffer, text: string): void {
    const size = bytes.length + text.length;
    if (size > this.maxBytes) return;
    const key = `${facilityId}\n${cursor}`;
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.size -= previous.bytes.length + previous.text.length;
    }
    this.entries.set(key, { bytes, text });
    this.size += size;
    for (const [oldest, entry] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.size -= entry.bytes.length + entry.text.length;
    }
  }

  /** The base64 of a stored ciphertext, from the cache or encoded (and then remembered). */
  encode(facilityId: string, row: BatchRow): string {
    const hit = this.entries.get(`${facilityId}\n${row.cursor}`);
    if (hit !== undefined && hit.bytes.equals(row.ciphertext)) return hit.text;
    const text = row.ciphertext.toString('base64');
    this.remember(facilityId, row.cursor, row.ciphertext, text);
    return text;
  }
}

/** The JSON of a pull page (`PullPage`), from the facility's rows in cursor order. */
export function pullPageJson(
  facilityId: string,
  rows: readonly BatchRow[],
  after: number,
  hasMore: boolean,
  cache: Base64Cache,
): Buffer {
  const last = rows.at(-1);
  const tail: Omit<PullPage, 'batches'> = { nextCursor: last ? last.cursor : after, hasMore };
  // Pieces alternate: JSON around (ASCII, checked), then a ciphertext's base64 (ASCII).
  const pieces: string[] = [];
  let json = '{"batches":[';
  rows.forEach((row, index) => {
    pieces.push(
      `${json}${index === 0 ? '' : ','}{"cursor":${row.cursor},"header":${storedHeaderJson(row)},"ciphertext":"`,
    );
    pieces.push(cache.encode(facilityId, row));
    json = `","signature":"${row.signature.toString('base64')}"}`;
  });
  pieces.push(`${json}],"nextCursor":${tail.nextCursor},"hasMore":${String(tail.hasMore)}}`);
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const out = Buffer.allocUnsafe(length);
  let offset = 0;
  for (const piece of pieces) offset += out.write(piece, offset, 'latin1');
  return out;
}
