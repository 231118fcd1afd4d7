/**
 * The per-test server fixture of the sync integration tests. Kept apart from
 * support.ts, which the crash tests bundle into child processes that run
 * outside vitest.
 */
import { afterEach, beforeEach } from 'vitest';
import { TestServer, type Workstation } from './support';

/**
 * A fresh sync server for each test of the calling file, handed to `started`
 * before the test; after it, the workstations the test kept are disposed of
 * and the server is closed. Returns `keep`.
 */
export function serverPerTest(started: (server: TestServer) => void): (ws: Workstation) => void {
  let server: TestServer | null = null;
  let kept: Workstation[] = [];
  beforeEach(async () => {
    server = await TestServer.start();
    started(server);
  });
  afterEach(async () => {
    for (const ws of kept) ws.dispose();
    kept = [];
    await server?.close();
    server = null;
  });
  return (ws) => {
    kept.push(ws);
  };
}
