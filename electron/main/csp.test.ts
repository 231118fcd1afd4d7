import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

/** Parses a policy into directive → sources, failing on a directive given twice. */
function parse(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name === undefined || name === '') continue;
    expect(directives.has(name), `directive ${name} given twice`).toBe(false);
    directives.set(name, sources);
  }
  return directives;
}

const DEV_SERVER = 'http://localhost:5173';

describe('the production Content-Security-Policy', () => {
  const policy = contentSecurityPolicy();
  const directives = parse(policy);

  it('allows nothing by default', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
  });

  it("runs only the app's own scripts: no inline script, no eval", () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(policy).not.toContain("'unsafe-inline'");
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).not.toContain("'unsafe-hashes'");
    expect(policy).not.toContain("'wasm-unsafe-eval'");
  });

  it('loads nothing from the network', () => {
    for (const [name, sources] of directives) {
      for (const source of sources) {
        expect(source, `${name} ${source}`).not.toMatch(/^(https?|wss?):/i);
        expect(source, `${name} ${source}`).not.toContain('*');
      }
    }
  });

  it('forbids plugins, framing, <base> rewriting and form posts', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('frame-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
  });

  it('allows data: only for images (MFA QR codes)', () => {
    for (const [name, sources] of directives) {
      if (name !== 'img-src') expect(sources, name).not.toContain('data:');
    }
  });
});

describe('the development Content-Security-Policy', () => {
  const production = parse(contentSecurityPolicy());
  const development = parse(contentSecurityPolicy(DEV_SERVER));

  it('keeps every production directive and adds none', () => {
    expect([...development.keys()].sort()).toEqual([...production.keys()].sort());
  });

  it("adds only the dev server's origin (and its HMR socket and inline preamble) to script, style and connect", () => {
    const added = new Map<string, string[]>();
    for (const [name, sources] of development) {
      const before = production.get(name) ?? [];
      expect(sources.slice(0, before.length), `${name} keeps the production sources`).toEqual(before);
      const extra = sources.slice(before.length);
      if (extra.length > 0) added.set(name, extra);
    }
    expect(Object.fromEntries(added)).toEqual({
      'script-src': ["'unsafe-inline'", DEV_SERVER],
      'style-src': ["'unsafe-inline'", DEV_SERVER],
      'connect-src': [DEV_SERVER, 'ws://localhost:5173'],
    });
  });

  it('never allows eval or any origin other than the dev server, even in development', () => {
    const policy = contentSecurityPolicy('http://127.0.0.1:5199/some/path?x=1');
    expect(policy).not.toContain("'unsafe-eval'");
    const origins = policy.match(/\b(?:https?|wss?):\/\/[^\s;]+/g) ?? [];
    expect(new Set(origins)).toEqual(new Set(['http://127.0.0.1:5199', 'ws://127.0.0.1:5199']));
  });
});
