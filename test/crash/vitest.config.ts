import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** The crash test (`npm run test:crash`): a real `hashiya serve`, so it needs `npm run build` first. */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/crash/**/*.test.ts'],
    environment: 'node',
    // The soak runs thousands of cycles in the same test: the timeout grows with CRASH_CYCLES.
    testTimeout: Math.max(180_000, Number(process.env.CRASH_CYCLES ?? 0) * 400),
    hookTimeout: 60_000,
  },
});
