/**
 * Test and benchmark support: sends a batch sealed outside the engine (by hand for an attack, or
 * ahead of time for a benchmark), signed as the engine signs its pushes.
 */
import { pushBatchResponseSchema, type PushBatchResponse } from '../../../shared/sync/wire';
import type { SealedBatch } from './batch';
import { SyncClient, type Signer } from './client';

export function pushSealed(
  serverUrl: string,
  signer: Signer,
  sealed: SealedBatch,
  options: { now: () => number; timeoutMs: number },
): Promise<PushBatchResponse> {
  let skew: number | null = null;
  const client = new SyncClient(serverUrl, {
    fetch: (url, init) => fetch(url, init),
    now: options.now,
    skew: { get: () => skew, set: (ms) => void (skew = ms) },
    timeoutMs: options.timeoutMs,
  });
  return client.request(
    signer,
    'POST',
    '/v1/batches',
    {
      header: sealed.header,
      ciphertext: sealed.ciphertext.toString('base64'),
      signature: sealed.signature.toString('base64'),
    },
    pushBatchResponseSchema,
    { idempotent: true },
  );
}
