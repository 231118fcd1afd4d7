import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_ORIGIN, appResponseHeaders, resolveAppAsset } from '../../../electron/main/protocol';

export interface RendererServer {
  /** `http://127.0.0.1:<port>`: the only origin the clinic binding answers. */
  readonly origin: string;
  /** URL of the app at a hash route, e.g. `url('/about')`. */
  url(route?: string): string;
  close(): Promise<void>;
}

/**
 * Serves the built renderer on loopback the way Electron main serves it on
 * app://zahanati: the same path resolution (resolveAppAsset, which refuses to
 * leave the renderer folder) and the same response headers, CSP included.
 */
export async function startRendererServer(rendererDir: string, csp: string): Promise<RendererServer> {
  const server = createServer((request, response) => {
    void serveAsset(rendererDir, csp, request, response);
  });
  const port = await listenOnLoopback(server);
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (route = '/') => `${origin}/index.html#${route}`,
    close: () => closeServer(server),
  };
}

async function serveAsset(
  rendererDir: string,
  csp: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const appUrl = toAppUrl(request.url ?? '/');
  if (isBrowserFaviconProbe(appUrl)) {
    response.writeHead(204).end();
    return;
  }
  const file = resolveAppAsset(rendererDir, appUrl);
  if (file === null) {
    notFound(response);
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    notFound(response);
    return;
  }
  response.writeHead(200, appResponseHeaders(file, csp));
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** Rewrites the HTTP request path onto app://zahanati so Electron's resolver decides what it maps to. */
function toAppUrl(requestPath: string): string {
  const { pathname } = new URL(requestPath, 'http://127.0.0.1');
  return `${APP_ORIGIN}${pathname}`;
}

/**
 * Chromium asks every http origin for /favicon.ico on its own, and logs the
 * 404 as a console error. Electron's app:// window never makes that request,
 * so the host answers it with "no content" rather than letting a browser-only
 * request look like a renderer fault. The page's own requests are untouched.
 */
function isBrowserFaviconProbe(appUrl: string): boolean {
  return new URL(appUrl).pathname === '/favicon.ico';
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
}

function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Port 0: the OS picks a free port, so parallel workers never collide.
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
