/**
 * Signed requests to the sync server. Every request carries the device id, a
 * timestamp corrected by the server clock seen last (so a workstation whose
 * clock is days off still gets in), a fresh nonce, and an Ed25519 signature
 * over `canonicalRequestBytes`. Every answer's server-time header updates the
 * measured skew; a STALE_TIMESTAMP refusal is retried once with the server
 * time it names. An idempotent request whose connection failed is signed and
 * sent once more. Failures become SyncErrors in plain words.
 */
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import type { z } from 'zod';
import {
  AUTH_HEADERS,
  canonicalRequestBytes,
  SERVER_TIME_HEADER,
  syncErrorBodySchema,
  type SyncErrorCode,
} from '../../../shared/sync/wire';
import { signBytes } from './crypto';
import { MESSAGES, SyncError } from './errors';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface Signer {
  deviceId: string;
  signKey: KeyObject;
}

export interface ClientOptions {
  fetch: FetchLike;
  /** The workstation clock, ms since the epoch. */
  now: () => number;
  /** Workstation clock minus server clock, as last measured (null before any answer). */
  skew: { get(): number | null; set(skewMs: number): void };
  timeoutMs: number;
}

export interface RequestOptions {
  /** Getting this request twice has the server do what once would (HTTP says so of GET and PUT). */
  idempotent?: boolean;
}

const REFUSALS: Partial<Record<SyncErrorCode, { kind: SyncError['kind']; message: string }>> = {
  DEVICE_REVOKED: { kind: 'revoked', message: MESSAGES.revoked },
  ENROLLMENT_UNKNOWN: { kind: 'code', message: MESSAGES.badCode },
  ENROLLMENT_EXPIRED: { kind: 'code', message: MESSAGES.codeExpired },
  ENROLLMENT_USED: { kind: 'code', message: MESSAGES.codeUsed },
  BAD_BOOTSTRAP_TOKEN: { kind: 'refused', message: MESSAGES.badToken },
  RATE_LIMITED: { kind: 'refused', message: MESSAGES.busy },
  PAYLOAD_TOO_LARGE: { kind: 'refused', message: MESSAGES.tooLarge },
  SEQUENCE_CONFLICT: { kind: 'refused', message: MESSAGES.outOfStep },
  SEQUENCE_GAP: { kind: 'refused', message: MESSAGES.outOfStep },
};

export class SyncClient {
  constructor(
    private readonly baseUrl: string,
    private readonly options: ClientOptions,
  ) {}

  /** A signed request; the answer is checked against `schema`. */
  async request<S extends z.ZodType>(
    signer: Signer,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: unknown,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    const bodyText = body === undefined ? '' : JSON.stringify(body);
    const idempotent = options.idempotent ?? (method === 'GET' || method === 'PUT');
    const deliver = () => this.deliver(signer, method, path, bodyText, idempotent);
    let response = await deliver();
    if (response.status === 401) {
      const refusal = await this.refusal(response);
      if (refusal?.code !== 'STALE_TIMESTAMP') throw this.failure(response.status, refusal);
      // The clock is off by more than the server's window: correct by the server's clock and retry once.
      if (refusal.serverTime !== undefined) this.options.skew.set(this.options.now() - refusal.serverTime);
      response = await deliver();
    }
    if (!response.ok) throw this.failure(response.status, await this.refusal(response));
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new SyncError('refused', MESSAGES.serverProblem);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SyncError('refused', MESSAGES.serverProblem);
    return parsed.data;
  }

  private async deliver(
    signer: Signer,
    method: string,
    path: string,
    bodyText: string,
    idempotent: boolean,
  ): Promise<Response> {
    let answer = await this.send(signer, method, path, bodyText);
    // Mostly a kept-alive socket the server closed while this process was busy (a long apply blocks
    // the event loop): the next request put on it fails. Sent again, it goes on a new connection.
    if (answer === 'no connection' && idempotent) answer = await this.send(signer, method, path, bodyText);
    if (typeof answer === 'string') {
      throw new SyncError('offline', answer === 'timed out' ? MESSAGES.timeout : MESSAGES.offline);
    }
    return answer;
  }

  /** One signed attempt: the answer, or why there was none. */
  private async send(
    signer: Signer,
    method: string,
    path: string,
    bodyText: string,
  ): Promise<Response | 'timed out' | 'no connection'> {
    const skew = this.options.skew.get() ?? 0;
    const timestamp = Math.round(this.options.now() - skew);
    const nonce = randomBytes(16).toString('hex');
    const bodySha256Hex = createHash('sha256').update(bodyText).digest('hex');
    const signature = signBytes(
      signer.signKey,
      canonicalRequestBytes({ method, path, timestamp, nonce, bodySha256Hex }),
    ).toString('base64');
    const headers: Record<string, string> = {
      [AUTH_HEADERS.device]: signer.deviceId,
      [AUTH_HEADERS.timestamp]: String(timestamp),
      [AUTH_HEADERS.nonce]: nonce,
      [AUTH_HEADERS.signature]: signature,
    };
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(this.options.timeoutMs) };
    if (method !== 'GET') {
      headers['content-type'] = 'application/json';
      init.body = bodyText;
    }
    let response: Response;
    try {
      response = await this.options.fetch(this.baseUrl + path, init);
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      return timedOut ? 'timed out' : 'no connection';
    }
    this.noteServerTime(response);
    return response;
  }

  private noteServerTime(response: Response): void {
    const header = response.headers.get(SERVER_TIME_HEADER);
    if (header === null || !/^\d{1,16}$/.test(header)) return;
    this.options.skew.set(this.options.now() - Number(header));
  }

  private async refusal(response: Response) {
    try {
      const parsed = syncErrorBodySchema.safeParse(await response.json());
      return parsed.success ? parsed.data.error : null;
    } catch {
      return null;
    }
  }

  private failure(status: number, refusal: { code: SyncErrorCode } | null): SyncError {
    if (refusal === null) {
      return new SyncError(
        status === 429 ? 'refused' : 'offline',
        status === 429 ? MESSAGES.busy : MESSAGES.serverProblem,
      );
    }
    const known = REFUSALS[refusal.code];
    if (known !== undefined) return new SyncError(known.kind, known.message, refusal.code);
    const message = refusal.code === 'INTERNAL' ? MESSAGES.serverProblem : MESSAGES.refused(refusal.code);
    return new SyncError('refused', message, refusal.code);
  }
}
