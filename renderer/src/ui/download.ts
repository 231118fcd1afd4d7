/** How long the file's object URL stays valid: long enough for the browser to start saving it. */
const REVOKE_AFTER_MS = 10_000;

/**
 * Saves text as a file the user downloads: a Blob behind an object URL, a
 * temporary <a download> clicked once, the URL revoked soon after so the data
 * does not stay reachable in memory. CSV gets a byte-order mark so
 * spreadsheet programs read names with accents correctly.
 */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const body = type.startsWith('text/csv') ? `\uFEFF${text}` : text;
  const url = URL.createObjectURL(new Blob([body], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
