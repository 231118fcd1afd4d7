/**
 * TLS: given a certificate, the server speaks HTTPS only (self-signed certificate made with openssl).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServer } from './app';
import { SqliteStorage } from './storage/sqlite';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const opensslAvailable = hasOpenssl();
if (!opensslAvailable) console.warn('TLS test SKIPPED: no openssl binary to make a test certificate');

describe.skipIf(!opensslAvailable)('sync server over TLS', () => {
  it('serves HTTPS with the given certificate and refuses plain HTTP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zahanati-tls-'));
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        keyPath,
        '-out',
        certPath,
      ],
      { stdio: 'pipe' },
    );
    const cert = readFileSync(certPath);
    const storage = new SqliteStorage({ filename: ':memory:' });
    await storage.migrate();
    const app = await buildServer({ storage, https: { key: readFileSync(keyPath), cert } });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const address = app.server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const body = await new Promise<string>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path: '/v1/health', ca: cert }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(JSON.parse(body)).toMatchObject({ status: 'ok' });
      await expect(fetch(`http://127.0.0.1:${port}/v1/health`)).rejects.toThrow();
    } finally {
      await app.close();
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
