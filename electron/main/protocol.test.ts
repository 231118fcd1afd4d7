import { join, relative, resolve, isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';
import { APP_ENTRY_URL, appResponseHeaders, mimeTypeOf, resolveAppAsset } from './protocol';

const RENDERER = resolve('/opt/Zahanati/resources/app.asar/out/renderer');

function isInsideRenderer(path: string): boolean {
  const inside = relative(RENDERER, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

describe('resolveAppAsset', () => {
  it('serves index.html for the root and for the entry URL', () => {
    expect(resolveAppAsset(RENDERER, 'app://zahanati/')).toBe(join(RENDERER, 'index.html'));
    expect(resolveAppAsset(RENDERER, APP_ENTRY_URL)).toBe(join(RENDERER, 'index.html'));
  });

  it('maps assets to files inside the renderer folder, ignoring query and fragment', () => {
    expect(resolveAppAsset(RENDERER, 'app://zahanati/assets/index-abc123.js')).toBe(
      join(RENDERER, 'assets', 'index-abc123.js'),
    );
    expect(resolveAppAsset(RENDERER, 'app://zahanati/assets/app.css?v=2#top')).toBe(
      join(RENDERER, 'assets', 'app.css'),
    );
    expect(resolveAppAsset(RENDERER, 'app://zahanati/assets/font%20file.woff2')).toBe(
      join(RENDERER, 'assets', 'font file.woff2'),
    );
  });

  it.each([
    ['encoded dot-dot-slash', 'app://zahanati/%2e%2e%2f%2e%2e%2fetc/passwd'],
    ['upper-case encoded dot-dot-slash', 'app://zahanati/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd'],
    ['encoded traversal after a folder', 'app://zahanati/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd'],
    ['encoded backslashes', 'app://zahanati/..%5c..%5c..%5cWindows%5cwin.ini'],
    ['a lone encoded backslash', 'app://zahanati/assets%5cindex.js'],
    ['a null byte', 'app://zahanati/index.html%00.png'],
    ['broken percent-encoding', 'app://zahanati/%E0%A4%A'],
    ['another host', 'app://evil/index.html'],
    ['a look-alike host', 'app://zahanati.evil.example/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['https with our host', 'https://zahanati/index.html'],
    ['not a URL', '../../etc/passwd'],
    ['the folder itself', 'app://zahanati'],
  ])('refuses %s', (_label, url) => {
    expect(resolveAppAsset(RENDERER, url)).toBeNull();
  });

  it('keeps literal ../ traversal inside the renderer folder (the URL parser clamps it at the root)', () => {
    for (const url of ['app://zahanati/../../etc/passwd', 'app://zahanati/%2e%2e/%2e%2e/etc/passwd']) {
      const resolved = resolveAppAsset(RENDERER, url);
      expect(resolved, url).toBe(join(RENDERER, 'etc', 'passwd'));
    }
  });

  it('never returns a path outside the renderer folder for any of a batch of hostile paths', () => {
    const hostile = ['..', '%2e%2e', '%2E%2e', '.%2e', '%2e.', '%5c', '%2f', '%00', '//', 'assets', 'x'];
    for (const a of hostile) {
      for (const b of hostile) {
        for (const c of hostile) {
          const url = `app://zahanati/${a}/${b}/${c}/etc/passwd`;
          const resolved = resolveAppAsset(RENDERER, url);
          if (resolved !== null) expect(isInsideRenderer(resolved), `${url} -> ${resolved}`).toBe(true);
        }
      }
    }
  });
});

describe('appResponseHeaders', () => {
  const csp = contentSecurityPolicy();

  it('sends the CSP with every response and forbids MIME sniffing', () => {
    for (const file of ['index.html', 'assets/app.js', 'assets/app.css', 'logo.svg', 'unknown.bin']) {
      const headers = appResponseHeaders(join(RENDERER, file), csp);
      expect(headers['content-security-policy'], file).toBe(csp);
      expect(headers['x-content-type-options'], file).toBe('nosniff');
    }
  });

  it('labels each asset with its real type and unknown files as opaque bytes', () => {
    expect(appResponseHeaders(join(RENDERER, 'index.html'), csp)['content-type']).toBe('text/html; charset=utf-8');
    expect(mimeTypeOf('assets/app.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeOf('assets/app.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeOf('payload.exe')).toBe('application/octet-stream');
  });
});
