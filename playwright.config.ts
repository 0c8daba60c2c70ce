import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the real UI against the real host (`hashiya serve`, started per test by
 * the fixture in test/e2e/fixtures.ts). Playwright's own Chromium is the default; where it cannot
 * be downloaded (our build machines), Debian's /usr/bin/chromium is used instead.
 */
const debianChromium = '/usr/bin/chromium';
const useDebian = !process.env.HASHIYA_PLAYWRIGHT_BROWSER && existsSync(debianChromium);

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    viewport: { width: 1400, height: 900 },
    locale: 'en-GB',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: useDebian
      ? {
          executablePath: debianChromium,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
        }
      : {},
  },
});
