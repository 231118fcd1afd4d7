/**
 * Starts the sync server on its embedded default: a SQLite file in
 * `ZAHANATI_SYNC_DATA` (default `./sync-data`).
 *
 * Environment:
 *   ZAHANATI_SYNC_DATA        data directory (default ./sync-data)
 *   ZAHANATI_SYNC_HOST        listen address (default 127.0.0.1; 0.0.0.0 to serve the network)
 *   ZAHANATI_SYNC_PORT        port (default 8787)
 *   ZAHANATI_SYNC_TLS_CERT    PEM certificate path  } both given → HTTPS
 *   ZAHANATI_SYNC_TLS_KEY     PEM private key path  }
 *   ZAHANATI_SYNC_BOOTSTRAP   facility bootstrap tokens, "facilityId=token,facilityId=token": how a
 *                             facility's first workstation registers; later ones join with
 *                             one-time enrollment codes made on an enrolled workstation
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildServer } from './app';
import { SqliteStorage } from './storage/sqlite';

function parseBootstrapTokens(spec: string | undefined): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const part of (spec ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error('ZAHANATI_SYNC_BOOTSTRAP is "facilityId=token,…"');
    tokens.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return tokens;
}

async function main(): Promise<void> {
  const env = process.env;
  const dataDir = resolve(env.ZAHANATI_SYNC_DATA ?? './sync-data');
  const host = env.ZAHANATI_SYNC_HOST ?? '127.0.0.1';
  const port = Number(env.ZAHANATI_SYNC_PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('ZAHANATI_SYNC_PORT is not a port');
  const certPath = env.ZAHANATI_SYNC_TLS_CERT;
  const keyPath = env.ZAHANATI_SYNC_TLS_KEY;
  if ((certPath === undefined) !== (keyPath === undefined)) {
    throw new Error('Give both ZAHANATI_SYNC_TLS_CERT and ZAHANATI_SYNC_TLS_KEY, or neither');
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const storage = new SqliteStorage({ filename: join(dataDir, 'sync.sqlite') });
  await storage.migrate();
  const app = await buildServer({
    storage,
    bootstrapTokens: parseBootstrapTokens(env.ZAHANATI_SYNC_BOOTSTRAP),
    logger: true,
    ...(certPath !== undefined && keyPath !== undefined
      ? { https: { cert: readFileSync(certPath), key: readFileSync(keyPath) } }
      : {}),
  });
  const shutdown = (): void => {
    void app
      .close()
      .then(() => storage.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ host, port });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  const scheme = certPath !== undefined ? 'https' : 'http';
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  console.log(`Zahanati sync server listening on ${scheme}://${shownHost}:${actualPort} (SQLite in ${dataDir})`);
  if (scheme === 'http') console.log('No TLS certificate given: serve it behind TLS before exposing it to a network.');
}

main().catch((error: unknown) => {
  console.error('The sync server failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
