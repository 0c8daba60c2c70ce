import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { electronBinary } from '../../scripts/electron-binary.mjs';

const binary = electronBinary();
const reason = 'missing' in binary ? `Electron binary not available (${binary.missing}); the browser-host tests cover the UI` : '';
if (reason) console.log(`electron.spec.ts skipped: ${reason}`);

test('the desktop window opens the seeds with a sandboxed, isolated renderer', async () => {
  test.skip(reason !== '', reason);
  const home = await mkdtemp(path.join(os.tmpdir(), 'hashiya-electron-'));
  const app = await electron.launch({ args: ['.'], env: { ...process.env, HASHIYA_HOME: home } });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('dialog', { name: 'Who is annotating?' })).toBeVisible();
    await page.getByLabel('Annotator name').fill('layla');
    await page.getByRole('button', { name: 'Start annotating' }).click();
    await expect(page.locator('[data-document-id="000_7db2a034c338d373"]')).toBeVisible();
    // No Node in the page: the preload's host API is all it has.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof window.hashiyaHost?.getSession)).toBe('function');
  } finally {
    await app.close();
    await rm(home, { recursive: true, force: true });
  }
});
