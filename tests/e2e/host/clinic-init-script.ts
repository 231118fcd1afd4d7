import { join } from 'node:path';
import { build } from 'esbuild';

const PAGE_ENTRY = join(__dirname, 'page', 'install-clinic.ts');

/**
 * Bundles the page-side bridge, shared/api/client.ts and the contract it reads
 * included, into one self-contained IIFE for page.addInitScript. Built from
 * source at fixture setup, so the page always gets the same window.clinic the
 * preload would build from the current contract, never a stale copy.
 */
export async function buildClinicInitScript(): Promise<string> {
  const result = await build({
    entryPoints: [PAGE_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no init script for window.clinic');
  return output.text;
}
