import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      '{electron,shared,sync-server,renderer,tests/unit}/**/*.test.{ts,tsx}',
      'tests/*.test.ts',
      'tests/integration/**/*.test.ts',
    ],
    exclude: ['tests/e2e/**', 'node_modules/**', 'out/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
