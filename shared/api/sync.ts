import { z } from 'zod';

/**
 * The sync commands: status, connecting a facility's first workstation to a
 * sync server, enrolling and joining further workstations, the recovery kit,
 * devices and the conflicts left to review. Nothing here carries a record's
 * content except the conflict values a caller may see (sync.conflicts).
 */

const empty = z.object({}).strict();

/** Only http and https, no credentials, query or fragment: the address a workstation keeps and shows. */
export const serverUrlSchema = z
  .string()
  .trim()
  .min(1, 'Enter the sync server’s address')
  .max(500, 'That address is too long')
  .transform((value, ctx) => {
    const normalized = normalizeServerUrl(value);
    if (normalized === null) {
      ctx.addIssue({ code: 'custom', message: 'Enter an address that starts with http:// or https://' });
      return z.NEVER;
    }
    return normalized;
  });

/** The address without a trailing slash, or null when it is not a plain http(s) server address. */
export function normalizeServerUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return null;
  if (url.hostname === '') return null;
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * An enrollment code as typed or read aloud: letters and digits in groups. Case,
 * spaces and dashes do not matter; core receives the groups joined with dashes.
 */
export const enrollmentCodeSchema = z
  .string()
  .max(120, 'That code is too long')
  .transform((value) =>
    value
      .toUpperCase()
      .replace(/[\s-]+/g, '-')
      .replace(/^-|-$/g, ''),
  )
  .pipe(
    z
      .string()
      .min(8, 'Enter the whole enrollment code')
      .regex(/^[0-9A-Z]+(?:-[0-9A-Z]+)*$/, 'An enrollment code has only letters, digits and dashes'),
  );

/** The recovery kit's secret as printed: letters, digits and dashes; spaces and line breaks are ignored. */
export const recoverySecretSchema = z
  .string()
  .max(400, 'That secret is too long')
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(
    z
      .string()
      .min(16, 'Enter the whole secret from the recovery kit')
      .regex(/^[0-9A-Za-z_-]+$/, 'The secret has only letters, digits and dashes'),
  );

export const SYNC_PHASES = ['idle', 'pushing', 'pulling', 'applying', 'joining'] as const;
export type SyncPhase = (typeof SYNC_PHASES)[number];

const count = z.number().int().min(0);

export const syncProgress = z.object({
  phase: z.enum(SYNC_PHASES),
  done: count,
  total: count.nullable(),
});
export type SyncProgressView = z.infer<typeof syncProgress>;

export const syncStatus = z.object({
  configured: z.boolean(),
  serverUrl: z.string().nullable(),
  deviceId: z.string().nullable(),
  facilityId: z.string().nullable(),
  online: z.boolean().nullable(),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  pendingChanges: count,
  running: z.boolean(),
  progress: syncProgress.nullable(),
  initialSyncDone: z.boolean(),
  clockSkewMs: z.number().nullable(),
  clockSkewWarning: z.boolean(),
  conflictsToReview: count,
  currentKeyId: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof syncStatus>;

/** Clock skew beyond which the workstation warns (DESIGN.md: never refuse to sync because of it). */
export const CLOCK_SKEW_WARNING_MS = 5 * 60_000;

export const connectInput = z
  .object({ serverUrl: serverUrlSchema, bootstrapToken: z.string().trim().min(16).max(256) })
  .strict();

export const MIN_ENROLLMENT_TTL_HOURS = 1;
export const MAX_ENROLLMENT_TTL_HOURS = 168;
export const DEFAULT_ENROLLMENT_TTL_HOURS = 24;

export const enrollmentCodeInput = z
  .object({
    ttlHours: z
      .number()
      .int('Whole hours only')
      .min(MIN_ENROLLMENT_TTL_HOURS, 'At least 1 hour')
      .max(MAX_ENROLLMENT_TTL_HOURS, 'At most 168 hours (7 days)')
      .default(DEFAULT_ENROLLMENT_TTL_HOURS),
  })
  .strict();

const qrCodeDataUrl = z.string().startsWith('data:image/png;base64,');

export const enrollmentCodeOutput = z.object({
  code: z.string(),
  expiresAt: z.string(),
  serverUrl: z.string(),
  /** PNG data: URL of a QR code holding the server address and the code. */
  qrCodeDataUrl,
});
export type EnrollmentCodeView = z.infer<typeof enrollmentCodeOutput>;

export const joinInput = z.object({ serverUrl: serverUrlSchema, code: enrollmentCodeSchema }).strict();

export const recoverInput = z
  .object({
    serverUrl: serverUrlSchema,
    facilityId: z.uuid('The facility id is printed on the kit'),
    secret: recoverySecretSchema,
  })
  .strict();

/**
 * `joining` may carry the error of the last attempt: once enrolled, a join that fails (the link
 * dropped, a key not shared yet) keeps trying on the automatic sync instead of failing.
 * `waiting`: joined, but the facility's records have not reached the server yet (the
 * workstation that made the code has not synced since); they arrive with the next automatic sync.
 */
export const JOIN_STATES = ['idle', 'joining', 'waiting', 'done', 'failed'] as const;
export type JoinState = (typeof JOIN_STATES)[number];

/** Progress of joining or rebuilding, for a workstation nobody is signed in to: numbers and a plain error only. */
export const joinStatus = z.object({
  state: z.enum(JOIN_STATES),
  phase: z.enum(SYNC_PHASES).nullable(),
  done: count,
  total: count.nullable(),
  error: z.string().nullable(),
});
export type JoinStatus = z.infer<typeof joinStatus>;

export const recoveryKitOutput = z.object({
  facilityId: z.string(),
  serverUrl: z.string(),
  secret: z.string(),
  createdAt: z.string(),
  /** PNG data: URL of a QR code holding the server address, the facility id and the secret. */
  qrCodeDataUrl,
});
export type RecoveryKitView = z.infer<typeof recoveryKitOutput>;

export const deviceSummary = z.object({
  deviceId: z.string(),
  kind: z.enum(['workstation', 'recovery']),
  status: z.enum(['active', 'revoked']),
  enrolledAt: z.string(),
  revokedAt: z.string().nullable(),
  isThisWorkstation: z.boolean(),
});
export type DeviceSummaryView = z.infer<typeof deviceSummary>;

export const revokeDeviceInput = z
  .object({ deviceId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'Not a device id') })
  .strict();

/**
 * A concurrent edit that lost. `values` is null when the caller may not see the
 * record (sensitivity, permissions, or a table whose values are never shown);
 * the table, column, time and device are always shown.
 */
export const syncConflict = z.object({
  id: z.string(),
  table: z.string(),
  /** The record's id, when the caller may see it. */
  rowId: z.string().nullable(),
  column: z.string(),
  values: z.object({ winning: z.string().nullable(), losing: z.string().nullable() }).nullable(),
  /** The patient the record belongs to, when the caller may see it. */
  patientId: z.string().nullable(),
  winningHlc: z.string(),
  losingHlc: z.string(),
  losingDeviceId: z.string(),
  detectedAt: z.string(),
  reviewedAt: z.string().nullable(),
  reviewedByName: z.string().nullable(),
});
export type SyncConflictView = z.infer<typeof syncConflict>;

export const conflictsInput = z
  .object({
    includeReviewed: z.boolean().default(false),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

export const syncContract = {
  'sync.status': { input: empty, output: syncStatus },
  'sync.connect': { input: connectInput, output: syncStatus },
  'sync.now': { input: empty, output: syncStatus },
  'sync.createEnrollmentCode': { input: enrollmentCodeInput, output: enrollmentCodeOutput },
  'sync.join': { input: joinInput, output: joinStatus },
  'sync.recover': { input: recoverInput, output: joinStatus },
  'sync.joinStatus': { input: empty, output: joinStatus },
  'sync.createRecoveryKit': { input: empty, output: recoveryKitOutput },
  'sync.devices': { input: empty, output: z.object({ devices: z.array(deviceSummary) }) },
  'sync.revokeDevice': { input: revokeDeviceInput, output: z.object({ newKeyId: z.string() }) },
  'sync.conflicts': { input: conflictsInput, output: z.object({ conflicts: z.array(syncConflict) }) },
  'sync.markConflictReviewed': {
    input: z.object({ conflictId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'Not a conflict id') }).strict(),
    output: z.object({ ok: z.literal(true) }),
  },
} as const;
