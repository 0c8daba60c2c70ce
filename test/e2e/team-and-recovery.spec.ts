/**
 * Issue 7 and 8 in the real UI: unsaved edits survive a crash of the host and of the page; a
 * layer changed outside the window is reloaded; a second window for the same annotator is read
 * only; a lead assigns documents and an annotator sees their queue; Sync sends the layer to a
 * team repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { dragSelect, expect, readLayerFile, serve, test, waitSaved } from './fixtures';

const SEED = '000_7db2a034c338d373';

/** The keys of the unsaved-edits journal in the page's IndexedDB (see renderer/src/unsaved-journal.ts). */
async function journalKeys(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('hashiya-journal');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('unsaved')) return resolve([]);
          const keys = db.transaction('unsaved').objectStore('unsaved').getAllKeys();
          keys.onsuccess = () => resolve(keys.result.map(String));
          keys.onerror = () => reject(new Error(String(keys.error)));
        };
      }),
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

test('unsaved edits survive the host and the page crashing, and come back with a notice', async ({ page, context }) => {
  const home = await mkdtemp(path.join(os.tmpdir(), 'hashiya-e2e-crash-'));
  const port = await freePort();
  let app = await serve({ annotator: 'layla', home, port });
  try {
    await page.goto(app.url);
    await page.locator(`[data-document-id="${SEED}"]`).click();
    await dragSelect(page, 'دير الزور');
    await page.keyboard.press('2');
    await waitSaved(page);
    // An acknowledged save leaves no copy in the journal (one written because the host was slow
    // to answer is cleared once it does).
    await expect.poll(() => journalKeys(page)).toEqual([]);

    await app.kill(); // the host crashes: the next label cannot be saved
    await dragSelect(page, 'قاعدة حقل العمر');
    await page.keyboard.press('2');
    await expect(page.locator('.save')).toHaveAttribute('data-state', 'error');
    // The failed save's edits are in the journal (corpus root, annotator, document).
    await expect.poll(() => journalKeys(page)).toEqual([[app.corpus, 'layla', SEED].join('\u0000')]);
    const cdp = await context.newCDPSession(page);
    const crashed = page.waitForEvent('crash');
    void cdp.send('Page.crash').catch(() => undefined); // and the page with it
    await crashed;

    app = await serve({ annotator: 'layla', home, port });
    const again = await context.newPage();
    await again.goto(app.url);
    await again.locator(`[data-document-id="${SEED}"]`).click();
    await expect(again.getByText(/Recovered unsaved edits from/)).toBeVisible();
    await expect(again.locator('.article [data-span-id]').filter({ hasText: 'قاعدة حقل العمر' })).toHaveCount(1);
    await waitSaved(again);
    const layer = await readLayerFile(app.corpus, 'layla', SEED);
    expect(layer.spans.map((s) => s.text)).toEqual(['دير الزور', 'قاعدة حقل العمر']);
  } finally {
    await app.stop();
    await rm(home, { recursive: true, force: true });
  }
});

test('a layer changed outside the window is reloaded and the user is told', async ({ page, app }) => {
  await page.goto(app.url);
  await page.locator(`[data-document-id="${SEED}"]`).click();
  await dragSelect(page, 'دير الزور');
  await page.keyboard.press('2');
  await waitSaved(page);
  // Another program (a sync tool, an editor) writes revision 2 with one more span.
  const file = path.join(app.corpus, 'layers', 'layla', `${SEED}.jsonl`);
  const [header, ...lines] = (await readFile(file, 'utf8')).trimEnd().split('\n');
  const head = JSON.parse(header as string) as { revision: number };
  const text = await readFile(path.join(app.corpus, 'documents', `${SEED}.txt`), 'utf8');
  const start = [...text.slice(0, text.indexOf('شرقي سوريا'))].length;
  const added = { type: 'span', id: 's9', label: 'Place', start, end: start + 10, text: 'شرقي سوريا', prefix: '', suffix: '' };
  await writeFile(file, `${JSON.stringify({ ...head, revision: head.revision + 1 })}\n${[...lines, JSON.stringify(added)].join('\n')}\n`);
  await expect(page.getByText(/changed outside this window \(revision 2\)/)).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('.article [data-span-id="s9"]')).toHaveText('شرقي سوريا');
});

test('a second window for the same annotator is read only and says why', async ({ page, app }) => {
  const second = await serve({ annotator: 'layla', corpus: app.corpus });
  try {
    await page.goto(second.url);
    await expect(page.locator('.read-only')).toContainText(/Read only: annotator "layla" is open in another Hashiya window \(pid \d+/);
  } finally {
    await second.stop();
  }
});

test('a lead assigns documents evenly; the annotator sees their queue; Sync sends the layer to the team repository', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await page.getByLabel('Annotator:').fill('سارة');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByLabel('annotators per document:').fill('1');
  await page.getByRole('button', { name: 'Assign evenly' }).click();
  await page.getByRole('button', { name: 'Save assignments' }).click();
  await expect(page.locator('.assignments-dialog [role="status"]')).toHaveText('Saved');
  expect(await readFile(path.join(app.corpus, 'assignments.json'), 'utf8')).toBe(
    '{"format": "hashiya-assignments", "version": 1, "documents": {\n"000_7db2a034c338d373": ["layla"],\n"004_fee82008326e4aee": ["سارة"]\n}}\n',
  );
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByLabel('My queue').check();
  await expect(page.locator('.documents [data-document-id]')).toHaveCount(1);
  await expect(page.locator('.documents [data-document-id]')).toHaveAttribute('data-document-id', SEED);

  await page.locator(`[data-document-id="${SEED}"]`).click();
  await dragSelect(page, 'دير الزور');
  await page.keyboard.press('2');
  await waitSaved(page);
  const remote = await mkdtemp(path.join(os.tmpdir(), 'hashiya-e2e-remote-'));
  try {
    execFileSync('git', ['init', '--bare', '-q', '-b', 'main', remote]);
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await page.getByLabel('Team repository:').fill(remote);
    await page.getByRole('button', { name: 'Link' }).click();
    await expect(page.locator('.sync-dialog [role="status"]')).toContainText(`Linked to ${remote}`);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.locator('.sync-report')).toContainText('layla');
    const log = execFileSync('git', ['--git-dir', remote, 'log', '--format=%s', 'main'], { encoding: 'utf8' });
    expect(log).toMatch(/layla/);
    const files = execFileSync('git', ['--git-dir', remote, 'ls-tree', '-r', '--name-only', 'main'], { encoding: 'utf8' }).split('\n');
    expect(files).toContain(`layers/layla/${SEED}.jsonl`);
    expect(files).toContain('assignments.json');
    expect(files.some((f) => f.startsWith('.hashiya/'))).toBe(false);
  } finally {
    await rm(remote, { recursive: true, force: true });
  }
});

test('a damaged layer is restored from its previous version in the app; an orphaned span is placed by hand', async ({ page, app }) => {
  await page.goto(app.url);
  await page.locator(`[data-document-id="${SEED}"]`).click();
  await dragSelect(page, 'دير الزور');
  await page.keyboard.press('2');
  await waitSaved(page);
  await dragSelect(page, 'شرقي سوريا');
  await page.keyboard.press('2');
  await waitSaved(page); // revision 2; revision 1 is kept as the previous version

  // Damage the layer on disk, then open the document again in a fresh page.
  const file = path.join(app.corpus, 'layers', 'layla', `${SEED}.jsonl`);
  const damaged = (await readFile(file, 'utf8')).replace('"type":"span"', '"type":"span",');
  await writeFile(file, damaged);
  const again = await page.context().newPage();
  await page.close();
  await again.goto(app.url);
  await again.locator(`[data-document-id="${SEED}"]`).click();
  await expect(again.getByRole('alert').filter({ hasText: `${SEED}.jsonl` })).toBeVisible();
  await again.getByRole('button', { name: /Restore the previous version \(revision 1, 1 spans/ }).click();
  await expect(again.locator('.article [data-span-id]')).toHaveText(['دير الزور']);
  const aside = path.join(app.corpus, '.hashiya', 'damaged', 'layers', 'layla');
  const kept = await readdir(aside);
  expect(await readFile(path.join(aside, kept[0] as string), 'utf8')).toBe(damaged);

  // An orphan: the span's offsets no longer give its quote (shifted by hand in the file).
  await waitSaved(again);
  const [header, spanLine] = (await readFile(file, 'utf8')).trimEnd().split('\n');
  const head = JSON.parse(header as string) as { revision: number };
  const span = JSON.parse(spanLine as string) as { start: number; end: number };
  await writeFile(file, `${JSON.stringify({ ...head, revision: head.revision + 1 })}\n${JSON.stringify({ ...span, start: span.start + 3, end: span.end + 3 })}\n`);
  await again.reload();
  await again.locator(`[data-document-id="${SEED}"]`).click();
  const orphans = again.locator('.orphans');
  await expect(orphans).toContainText('دير الزور');
  await dragSelect(again, 'دير الزور');
  await orphans.getByRole('button', { name: 'Place on selection' }).click();
  await expect(orphans).toHaveCount(0);
  await expect(again.locator('.article [data-span-id]')).toHaveText(['دير الزور']);
  await waitSaved(again);
  const layer = await readLayerFile(app.corpus, 'layla', SEED);
  expect(layer.spans.map((s) => [s.start, s.end, s.text])).toEqual([[span.start, span.end, 'دير الزور']]);
});
