import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// DESIGN.md's import rules are enforced by ESLint; these cases prove the rules
// are live, so a violation fails `npm run lint` (and with it CI).
const eslint = new ESLint({ cwd: process.cwd() });

async function importRuleErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = imported;\n`, { filePath });
  return (result?.messages ?? [])
    .filter(
      (message) => message.ruleId === 'import-x/no-restricted-paths' || message.ruleId === 'no-restricted-imports',
    )
    .map((message) => message.ruleId ?? '');
}

describe('layer import rules', () => {
  it.each([
    ['renderer/src/probe.ts', "import { startCore as imported } from '../../electron/core/app';"],
    ['renderer/src/probe.ts', "import { mainWindowOptions as imported } from '../../electron/main/window';"],
    ['renderer/src/probe.ts', "import { app as imported } from 'electron';"],
    ['renderer/src/probe.ts', "import { readFileSync as imported } from 'node:fs';"],
    ['electron/preload/probe.ts', "import { startCore as imported } from '../core/app';"],
    ['electron/core/probe.ts', "import { app as imported } from 'electron';"],
    ['electron/core/probe.ts', "import { mainWindowOptions as imported } from '../main/window';"],
    ['electron/core/db/probe.ts', "import { App as imported } from '../../../renderer/src/app/App';"],
    ['sync-server/src/probe.ts', "import { startCore as imported } from '../../electron/core/app';"],
    ['shared/api/probe.ts', "import { startCore as imported } from '../../electron/core/app';"],
  ])('refuses %s importing across a layer: %s', async (filePath, source) => {
    expect(await importRuleErrors(filePath, source)).not.toEqual([]);
  });

  it.each([
    ['renderer/src/probe.ts', "import { createClinicApi as imported } from '../../shared/api/client';"],
    ['electron/preload/probe.ts', "import { createClinicApi as imported } from '../../shared/api/client';"],
    ['electron/main/probe.ts', "import { startCore as imported } from '../core/app';"],
    ['electron/core/probe.ts', "import { apiContract as imported } from '../../shared/api/contract';"],
    ['sync-server/src/probe.ts', "import { apiContract as imported } from '../../shared/api/contract';"],
  ])('allows %s to import what DESIGN.md permits: %s', async (filePath, source) => {
    expect(await importRuleErrors(filePath, source)).toEqual([]);
  });
});
