/**
 * Typed errors of the sync server: each carries a wire error code, which fixes its HTTP status.
 * Messages are for people and never carry ids of records, keys or envelope contents.
 */
import { type z } from 'zod';
import { type SyncErrorCode } from '../../shared/sync/wire';

const STATUS: Record<SyncErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  STALE_TIMESTAMP: 401,
  REPLAYED_REQUEST: 401,
  UNKNOWN_DEVICE: 401,
  BAD_SIGNATURE: 401,
  BAD_BATCH_SIGNATURE: 400,
  BAD_BOOTSTRAP_TOKEN: 401,
  ENROLLMENT_UNKNOWN: 404,
  ENROLLMENT_EXPIRED: 410,
  ENROLLMENT_USED: 409,
  DEVICE_REVOKED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SEQUENCE_CONFLICT: 409,
  SEQUENCE_GAP: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export class SyncHttpError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly extra: { expectedSequence?: number; serverTime?: number } = {},
  ) {
    super(message);
  }
  get statusCode(): number {
    return STATUS[this.code];
  }
}

/** Parses a request part, turning schema issues into one VALIDATION error naming the fields. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || what}: ${i.message}`)
      .join('; ');
    throw new SyncHttpError('VALIDATION', `Invalid ${what}: ${detail}`);
  }
  return result.data;
}
