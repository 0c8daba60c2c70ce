import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, readLayerFile, SEED_000, SEED_004, serve, test, waitSaved } from './fixtures';

test('keyboard only: caret, Shift+Ctrl+Arrow to select two words, 4 to label them a Claim', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByRole('button', { name: new RegExp(SEED_004) }).click();
  // Put the caret before `وقال المتحدث` (line 4) by clicking just inside its first letter's right edge,
  // once the document just clicked in the list is shown (opening it may take a moment).
  await page.waitForFunction(() => [...document.querySelectorAll('.article p')].some((e) => e.textContent?.startsWith('وقال المتحدث')));
  const box = await page.evaluate(() => {
    const p = [...document.querySelectorAll('.article p')].find((e) => e.textContent?.startsWith('وقال المتحدث'));
    const node = p?.firstChild;
    if (!node) throw new Error('line not found');
    const range = document.createRange();
    range.setStart(node, 0);
    range.setEnd(node, 1);
    const r = range.getBoundingClientRect();
    return { x: r.right - 1, y: r.top + r.height / 2 };
  });
  await page.mouse.click(box.x, box.y);
  // The article is not editable: the browser draws no caret there, the app does, where the click put it.
  const caret = page.locator('.article-caret');
  await expect(caret).toBeVisible();
  const caretBox = await caret.boundingBox();
  expect(Math.abs((caretBox?.x ?? 0) - box.x)).toBeLessThan(4);
  expect(Math.abs((caretBox?.y ?? 0) + (caretBox?.height ?? 0) / 2 - box.y)).toBeLessThan(8);
  // In right-to-left text the left arrow moves forward: a word, then ` المتحدث` letter by letter.
  await page.keyboard.press('Shift+Control+ArrowLeft');
  for (let i = 0; i < ' المتحدث'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('وقال المتحدث');
  await page.keyboard.press('4');
  const entry = page.getByRole('region', { name: 'Annotations' }).locator('.entry');
  await expect(entry.locator('.entry-text')).toHaveText(['وقال المتحدث']);
  await waitSaved(page);
  const layer = await readLayerFile(app.corpus, 'layla', SEED_004);
  const text = Array.from(await readFile(path.join(app.corpus, 'documents', `${SEED_004}.txt`), 'utf8'));
  const span = layer.spans[0] as { start: number; end: number; label: string };
  expect(span.label).toBe('Claim');
  expect(text.slice(span.start, span.end).join('')).toBe('وقال المتحدث');
  expect(text.slice(0, span.start).join('').endsWith('\n')).toBe(true);

  // The caret is back at the end of the new span after the label's paint (it is taken out of the
  // page while the highlight is drawn): keyboard selection goes on from there.
  await expect
    .poll(() => page.evaluate(() => { const s = window.getSelection(); return !!s && s.rangeCount === 1 && s.isCollapsed && !!s.anchorNode && !!document.querySelector('.article')?.contains(s.anchorNode); }))
    .toBe(true);
  await expect(caret).toBeVisible();
  await page.keyboard.press('Shift+Control+ArrowLeft');
  expect((await page.evaluate(() => window.getSelection()?.toString()))?.trim()).toBe('باسم');
  await expect(caret).toBeHidden();
  await page.keyboard.press('1');
  await expect(entry.locator('.entry-text')).toHaveText(['وقال المتحدث', 'باسم']);
  await waitSaved(page);
  const next = (await readLayerFile(app.corpus, 'layla', SEED_004)).spans.find((s) => s.label === 'Actor') as { start: number; end: number };
  expect(text.slice(next.start, next.end).join('')).toBe('باسم');
  expect(next.start).toBe(span.end + 1);

  // Ctrl+A selects the article's text, not the whole page.
  await page.keyboard.press('Control+a');
  expect(await page.evaluate(() => window.getSelection()?.toString().replace(/\n/g, ''))).toBe(text.join('').replace(/\n/g, ''));
});

test('Open corpus… turns a new folder into an empty corpus and reopens the seeds copy', async ({ page, app }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hashiya-new-corpus-'));
  const fresh = path.join(dir, 'مدونة جديدة');
  try {
    await page.goto(app.url);
    await expect(page.locator('[data-document-id]')).toHaveCount(2);
    await page.getByRole('button', { name: 'Open corpus…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open corpus' });
    // The field opens with the current corpus's path, selected: what is typed replaces it.
    const field = dialog.getByLabel('Corpus folder (absolute path)');
    await expect(field).toBeFocused();
    await expect(field).toHaveValue(app.corpus);
    await page.keyboard.type(fresh);
    await expect(field).toHaveValue(fresh);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByText('No documents yet.')).toBeVisible();
    const manifest = JSON.parse(await readFile(path.join(fresh, 'hashiya.json'), 'utf8')) as { schema: { labels: { name: string }[] } };
    expect(manifest.schema.labels.map((l) => l.name)).toEqual(['Actor', 'Place', 'CasualtyCount', 'Claim']);

    // A relative path is refused with a message, and nothing changes.
    await page.getByRole('button', { name: 'Open corpus…' }).click();
    await dialog.getByLabel('Corpus folder (absolute path)').fill('relative/folder');
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText('absolute path');
    await dialog.getByLabel('Corpus folder (absolute path)').fill(app.corpus);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.locator('[data-document-id]')).toHaveCount(2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a damaged layer file is named with its line, shown, and never overwritten', async ({ page }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hashiya-damaged-'));
  try {
    const corpus = path.join(dir, 'corpus');
    execFileSync(process.execPath, ['bin/hashiya.js', 'import', '--corpus', corpus, 'seeds']);
    const layerFile = path.join(corpus, 'layers', 'layla', `${SEED_000}.jsonl`);
    await mkdir(path.dirname(layerFile), { recursive: true });
    const damaged = '{"format":"hashiya-layer","version":1}\n{"type":"span","id":"s1","label":"Place","start":91,\n';
    await writeFile(layerFile, damaged);

    const app = await serve({ annotator: 'layla', corpus });
    try {
      await page.goto(app.url);
      await expect(page.locator(`[data-document-id="${SEED_000}"] .doc-status`)).toHaveText('layer file damaged — left as it is');
      await expect(page.locator(`[data-document-id="${SEED_004}"] .doc-status`)).toHaveText('not started');
      await page.getByRole('button', { name: new RegExp(SEED_000) }).click();
      const alert = page.getByRole('main').getByRole('alert');
      await expect(alert).toContainText(`layers/layla/${SEED_000}.jsonl:2: invalid JSON`);
      expect(await readFile(layerFile, 'utf8')).toBe(damaged);
    } finally {
      await app.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
