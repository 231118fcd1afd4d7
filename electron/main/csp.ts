/**
 * The renderer's Content-Security-Policy. Everything comes from the app's own
 * origin; no inline script, no eval, no remote content. Images may be data:
 * URLs because QR codes for MFA enrollment are rendered that way.
 */
const PRODUCTION_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'worker-src': ["'none'"],
  'frame-src': ["'none'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

export function contentSecurityPolicy(devServerUrl?: string): string {
  const directives: Record<string, string[]> = Object.fromEntries(
    Object.entries(PRODUCTION_DIRECTIVES).map(([name, sources]) => [name, [...sources]]),
  );
  if (devServerUrl !== undefined) relaxForDevServer(directives, new URL(devServerUrl));
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Vite's dev server injects an inline React-refresh preamble and talks to its HMR socket. */
function relaxForDevServer(directives: Record<string, string[]>, url: URL): void {
  directives['script-src']?.push("'unsafe-inline'", url.origin);
  directives['style-src']?.push("'unsafe-inline'", url.origin);
  directives['connect-src']?.push(url.origin, `ws://${url.host}`);
}
