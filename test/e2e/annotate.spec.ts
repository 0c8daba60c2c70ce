import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dragSelect, expect, readLayerFile, SEED_000, SEED_004, serve, test, waitSaved } from './fixtures';

test.describe('annotating a seed article in the browser host', () => {
  test('selecting دير الزور with the mouse and pressing 2 saves a Place span that survives a reload', async ({ page, app }) => {
    await page.goto(app.url);
    await page.getByRole('button', { name: new RegExp(SEED_000) }).click();
    await expect(page.locator('.article')).toContainText('دير الزور');

    await dragSelect(page, 'دير الزور');
    await page.keyboard.press('2');
    await expect(page.locator('.hl[data-label="Place"]')).toHaveText('دير الزور');
    await waitSaved(page);

    await page.reload();
    await page.getByRole('button', { name: new RegExp(SEED_000) }).click();
    const entry = page.getByRole('region', { name: 'Annotations' }).locator('.entry');
    await expect(entry).toHaveCount(1);
    await expect(entry.locator('.chip')).toHaveText('Place');
    await expect(entry.locator('.entry-text')).toHaveText('دير الزور');
    await expect(entry.locator('.entry-offsets')).toHaveText('91–100');

    const layer = await readLayerFile(app.corpus, 'layla', SEED_000);
    expect(layer.spans).toEqual([
      expect.objectContaining({ type: 'span', label: 'Place', start: 91, end: 100, text: 'دير الزور' }),
    ]);
    const text = await readFile(path.join(app.corpus, 'documents', `${SEED_000}.txt`), 'utf8');
    expect(Array.from(text).slice(91, 100).join('')).toBe('دير الزور');
  });

  test('typing, deleting, pasting and dropping never change the article text', async ({ page, app }) => {
    const file = path.join(app.corpus, 'documents', `${SEED_004}.txt`);
    await page.goto(app.url);
    await page.getByRole('button', { name: new RegExp(SEED_004) }).click();
    const article = page.locator('.article');
    await expect(article).toContainText('كوردستان 24');
    const before = await article.innerText();
    const onDisk = await readFile(file, 'utf8');

    await article.click({ position: { x: 200, y: 40 } });
    await page.keyboard.type('abc كتابة xyz');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+x');
    await page.keyboard.press('Control+z');
    await page.evaluate(() => {
      const target = document.querySelector('.article p');
      const data = new DataTransfer();
      data.setData('text/plain', 'لصق');
      target?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      target?.dispatchEvent(new InputEvent('beforeinput', { inputType: 'insertText', data: 'x', bubbles: true, cancelable: true }));
    });

    expect(await article.innerText()).toBe(before);
    expect(await readFile(file, 'utf8')).toBe(onDisk);
    await expect(page.locator('.hl')).toHaveCount(0);
  });

  test('nested, same-label nested and line-crossing spans; click, Delete, undo and redo', async ({ page, app }) => {
    await page.goto(app.url);
    await page.getByRole('button', { name: new RegExp(SEED_000) }).click();

    // `ريف دير الزور الشرقي` (Place) with `دير الزور` (Place) nested inside: same label, nested.
    await dragSelect(page, 'ريف دير الزور الشرقي');
    await page.getByRole('button', { name: 'Place', exact: true }).click();
    await dragSelect(page, 'دير الزور', 1);
    await page.keyboard.press('2');
    // `المليشيات\nالإيرانية` crosses a hard line break (keyboard: Actor is 1).
    await dragSelect(page, 'المليشيات\nالإيرانية');
    await page.keyboard.press('1');
    await waitSaved(page);

    const entries = page.getByRole('region', { name: 'Annotations' }).locator('.entry');
    await expect(entries).toHaveCount(3);
    await expect(entries.locator('.entry-text')).toHaveText(['ريف دير الزور الشرقي', 'دير الزور', 'المليشيات ⏎ الإيرانية']);

    // The nested Place is drawn on a different row from its container: visibly distinct.
    const pieces = await page.locator('.hl[data-label="Place"]').evaluateAll((els) =>
      els.map((e) => ({ id: e.getAttribute('data-span-id'), text: e.textContent, row: [...e.classList].find((c) => c.startsWith('row-')) })),
    );
    const drawn = new Map<string, { text: string; rows: Set<string> }>();
    for (const piece of pieces) {
      const entry = drawn.get(piece.id ?? '') ?? { text: '', rows: new Set<string>() };
      drawn.set(piece.id ?? '', { text: entry.text + (piece.text ?? ''), rows: entry.rows.add(piece.row ?? '') });
    }
    const outer = [...drawn.values()].find((d) => d.text === 'ريف دير الزور الشرقي');
    const inner = [...drawn.values()].find((d) => d.text === 'دير الزور');
    expect([...(inner?.rows ?? [])]).toEqual(['row-0']);
    expect([...(outer?.rows ?? [])]).toEqual(['row-1']);

    const layer = await readLayerFile(app.corpus, 'layla', SEED_000);
    const text = Array.from(await readFile(path.join(app.corpus, 'documents', `${SEED_000}.txt`), 'utf8'));
    expect(layer.spans.map((s) => [s.label, s.text])).toEqual([
      ['Place', 'ريف دير الزور الشرقي'],
      ['Place', 'دير الزور'],
      ['Actor', 'المليشيات\nالإيرانية'],
    ]);
    for (const span of layer.spans) {
      expect(text.slice(span.start as number, span.end as number).join('')).toBe(span.text);
    }

    // Click the crossing span's highlight to select it, Delete removes it, undo brings it back.
    await page.locator('.hl[data-label="Actor"]').first().click();
    await expect(entries.filter({ hasText: 'المليشيات' })).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Delete');
    await expect(entries).toHaveCount(2);
    await page.keyboard.press('Control+z');
    await expect(entries).toHaveCount(3);
    await page.keyboard.press('Control+Shift+z');
    await expect(entries).toHaveCount(2);
    await waitSaved(page);
    expect((await readLayerFile(app.corpus, 'layla', SEED_000)).spans).toHaveLength(2);

    // Selecting from the list and Delete works too.
    await entries.filter({ hasText: 'ريف' }).click();
    await page.keyboard.press('Delete');
    await expect(entries).toHaveCount(1);
    await waitSaved(page);
    await expect(page.locator('[data-document-id="000_7db2a034c338d373"] .doc-status')).toHaveText('in progress · 1 span');
  });

  test('Alt keeps the exact characters: the clitic و stays out of العراق', async ({ page, app }) => {
    await page.goto(app.url);
    await page.getByRole('button', { name: new RegExp(SEED_004) }).click();
    // In `والعراقية` (offset 330) drag over `العراقية` only: Alt+2 keeps exactly those characters,
    // plain 2 snaps the same selection to the whole word with its clitic.
    await dragSelect(page, 'العراقية');
    await page.keyboard.press('Alt+2');
    await waitSaved(page);
    await dragSelect(page, 'العراقية');
    await page.keyboard.press('2');
    await waitSaved(page);
    const layer = await readLayerFile(app.corpus, 'layla', SEED_004);
    expect(layer.spans.map((s) => [s.start, s.end])).toEqual([[330, 339], [331, 339]]);
    expect(layer.spans.map((s) => s.text)).toEqual(['والعراقية', 'العراقية']);
  });
});

test('first start asks who is annotating, remembers it, and writes that layer', async ({ page }) => {
  const app = await serve();
  try {
    await page.goto(app.url);
    const dialog = page.getByRole('dialog', { name: 'Who is annotating?' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Annotator name').fill('سارة');
    await dialog.getByRole('button', { name: 'Start annotating' }).click();
    await expect(page.getByRole('button', { name: /Annotator: سارة/ })).toBeVisible();
    const settings = JSON.parse(await readFile(path.join(app.home, 'settings.json'), 'utf8')) as { annotator: string };
    expect(settings.annotator).toBe('سارة');

    await page.getByRole('button', { name: new RegExp(SEED_000) }).click();
    await dragSelect(page, 'جون كيربي');
    await page.keyboard.press('1');
    await expect(page.locator('.hl[data-label="Actor"]')).toHaveText('جون كيربي');
    await waitSaved(page);
    const layer = await readLayerFile(app.corpus, 'سارة', SEED_000);
    expect(layer.header.annotator).toBe('سارة');
    expect(layer.spans.map((s) => [s.label, s.text])).toEqual([['Actor', 'جون كيربي']]);

    await page.reload();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Annotator: سارة/ })).toBeVisible();
  } finally {
    await app.stop();
  }
});
