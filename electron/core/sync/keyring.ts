import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { base64Schema, keyIdSchema, syncIdSchema } from '../../../shared/sync/wire';

/**
 * The facility keyring: every data key the facility ever used (a revocation
 * adds one; old ones stay so old batches stay readable). The newest
 * generation encrypts new batches; two workstations rotating at once make two
 * keys of one generation, and the greater key id wins everywhere.
 */
export interface FacilityKey {
  readonly keyId: string;
  readonly key: Buffer;
  readonly generation: number;
  readonly createdAt: string;
}

const keyringSchema = z
  .object({
    v: z.literal(1),
    facilityId: syncIdSchema,
    keys: z
      .array(
        z
          .object({
            keyId: keyIdSchema,
            key: base64Schema.refine((text) => text.length === 44, 'A data key is 32 bytes'),
            generation: z.number().int().min(1).max(1_000_000),
            createdAt: z.iso.datetime({ offset: true }),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict();

export function newKeyId(): string {
  return `k-${randomBytes(8).toString('hex')}`;
}

export function currentKey(keys: readonly FacilityKey[]): FacilityKey | null {
  let best: FacilityKey | null = null;
  for (const key of keys) {
    if (
      best === null ||
      key.generation > best.generation ||
      (key.generation === best.generation && key.keyId > best.keyId)
    )
      best = key;
  }
  return best;
}

export function encodeKeyring(facilityId: string, keys: readonly FacilityKey[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      v: 1,
      facilityId,
      keys: keys.map((key) => ({
        keyId: key.keyId,
        key: key.key.toString('base64'),
        generation: key.generation,
        createdAt: key.createdAt,
      })),
    }),
  );
}

/** Null unless the bytes are a keyring of this facility. */
export function decodeKeyring(bytes: Buffer, facilityId: string): FacilityKey[] | null {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  const parsed = keyringSchema.safeParse(json);
  if (!parsed.success || parsed.data.facilityId !== facilityId) return null;
  return parsed.data.keys.map((key) => ({
    keyId: key.keyId,
    key: Buffer.from(key.key, 'base64'),
    generation: key.generation,
    createdAt: key.createdAt,
  }));
}
