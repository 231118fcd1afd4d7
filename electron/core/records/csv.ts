import { stringify } from 'csv-stringify/sync';

/** A cell starting with = + - @ (or a control character) would run as a formula in a spreadsheet: keep it text. */
function asText(value: string | null): string {
  if (value === null) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** CSV for exports, safe to open in a spreadsheet. */
export function exportCsv(header: readonly string[], rows: readonly (readonly (string | null)[])[]): string {
  return stringify([[...header], ...rows.map((row) => row.map(asText))]);
}
