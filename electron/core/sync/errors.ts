import type { SyncErrorCode } from '../../../shared/sync/wire';

export type SyncFailureKind =
  /** The server could not be reached (no network, server down, timeout). */
  | 'offline'
  /** The server answered with a refusal. */
  | 'refused'
  /** This workstation has been revoked. */
  | 'revoked'
  /** A batch or envelope failed verification: nothing from it was applied. */
  | 'integrity'
  /** A typed code or recovery secret is wrong, expired or used. */
  | 'code'
  /** This workstation is not in a state to do this (not connected, already set up). */
  | 'state';

/**
 * A sync failure, in words meant for the people at the clinic: never a stack
 * trace, a key or anything from a record. `plain` tells the sync commands the
 * message may be shown as is.
 */
export class SyncError extends Error {
  readonly plain = true;
  constructor(
    readonly kind: SyncFailureKind,
    message: string,
    readonly serverCode: SyncErrorCode | null = null,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

export const MESSAGES = {
  offline:
    'Cannot reach the sync server. Work continues on this workstation; changes are kept and will sync when the connection returns.',
  timeout: 'The sync server did not answer in time. Changes are kept and will sync on the next attempt.',
  revoked:
    'This workstation has been removed from the facility’s sync by an administrator. Its records stay here but no longer sync.',
  notConnected: 'This workstation is not connected to a sync server yet.',
  alreadySetUp: 'This workstation is already set up for a facility; only a new workstation can join one.',
  badCode: 'That enrollment code is not valid. Check it, or ask an administrator for a new one.',
  codeExpired: 'That enrollment code has expired. Ask an administrator for a new one.',
  codeUsed: 'That enrollment code has already been used. Ask an administrator for a new one.',
  badRecovery: 'The recovery kit does not match this facility on that server. Check the secret and the facility.',
  badToken: 'The server did not accept the facility connection token. Check it with whoever runs the sync server.',
  busy: 'The sync server is busy. Sync will try again shortly.',
  serverProblem: 'The sync server had a problem. Sync will try again shortly.',
  internal:
    'Sync stopped because of an unexpected problem on this workstation. Nothing was lost; it will try again. If it keeps happening, tell your IT support.',
  refused: (code: string) =>
    `The sync server refused this workstation's request (${code}). If it keeps happening, tell your IT support.`,
  tooLarge: 'A change is too large for the sync server to accept. Tell your IT support.',
  outOfStep:
    'This workstation’s sync history no longer matches the server’s (was it restored from an old backup?). Tell your IT support.',
  noKeyring: 'This workstation does not have the facility’s encryption key yet. Ask an administrator to re-enroll it.',
  unknownKey: (device: string) =>
    `Changes from workstation ${device} are locked with a key this workstation has not been given. Nothing from them was applied; ask an administrator to check the enrolled workstations.`,
  unknownDevice: (device: string) =>
    `Changes came from a workstation (${device}) that is not enrolled in this facility. They were refused and nothing was applied.`,
  badSignature: (device: string) =>
    `Changes claiming to come from workstation ${device} are not signed by it. They were refused and nothing was applied.`,
  tampered: (device: string) =>
    `Changes from workstation ${device} failed their integrity check (altered or damaged). They were refused and nothing was applied.`,
  unreadable: (device: string) =>
    `Changes from workstation ${device} could not be read by this version of Zahanati. Nothing from them was applied; update this workstation.`,
  wrongFacility: 'The server sent changes of another facility. They were refused and nothing was applied.',
} as const;

export function plainMessage(error: unknown): string {
  return error instanceof SyncError ? error.message : MESSAGES.internal;
}
