/**
 * Long lists (issue 6): a corpus of thousands of documents and a document with thousands of spans
 * mount only a screenful of rows, yet every row can be reached by scrolling or by the keyboard.
 * The corpus is built with the real CLI (`hashiya import`) from the seed sentences.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import { expect, serve, test } from './fixtures';

const DOCUMENTS = 3000;
const SPANS = 2000;
const idOf = (n: number) => `long-${String(n).padStart(4, '0')}`;

let root = '';
let corpus = '';
let sentences: string[] = [];
/** The many-spans document's last span: its word and code point offsets. */
let lastSpan = { word: '', start: 0, end: 0 };
const run = promisify(execFile);

test.beforeAll(async () => {
  test.setTimeout(180_000);
  root = await mkdtemp(path.join(os.tmpdir(), 'hashiya-long-'));
  corpus = path.join(root, 'corpus');
  const seeds = await Promise.all((await readdir('seeds')).filter((f) => f.endsWith('.txt')).map((f) => readFile(path.join('seeds', f), 'utf8')));
  sentences = seeds
    .join('\n')
    .split(/(?<=[.،])\s+|\n/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 10);

  const texts = path.join(root, 'texts');
  await mkdir(texts);
  for (let n = 1; n <= DOCUMENTS; n++) {
    await writeFile(path.join(texts, `${idOf(n)}.txt`), `${sentences[n % sentences.length]}\n${sentences[(n * 7) % sentences.length]}\n`);
  }
  await run(process.execPath, ['bin/hashiya.js', 'import', '--corpus', corpus, texts], { maxBuffer: 64 << 20 });

  // One document with a span on each of its first SPANS words (doccano JSONL, code points).
  let text = '';
  for (let i = 0; Array.from(text).length < SPANS * 12; i++) text += `${sentences[i % sentences.length]}\n`;
  const label: [number, number, string][] = [];
  const points = Array.from(text);
  for (let at = 0; at < points.length && label.length < SPANS; at++) {
    const letter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);
    if (!letter(points[at]) || letter(points[at - 1])) continue;
    let end = at;
    while (letter(points[end])) end++;
    label.push([at, end, 'Place']);
  }
  const [lastStart, lastEnd] = label.at(-1) as [number, number, string];
  lastSpan = { word: points.slice(lastStart, lastEnd).join(''), start: lastStart, end: lastEnd };
  const jsonl = path.join(root, 'spans.jsonl');
  await writeFile(jsonl, `${JSON.stringify({ id: 'aa-many-spans', text, label })}\n`);
  await run(process.execPath, ['bin/hashiya.js', 'import', '--corpus', corpus, '--annotator', 'layla', '--format', 'jsonl', jsonl], { maxBuffer: 64 << 20 });
});

test.afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** Fails the test on any Content-Security-Policy report: the lists position rows with inline style properties. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

test('a corpus of thousands of documents mounts a screenful of rows, and the last one can be reached and opened', async ({ page }) => {
  const app = await serve({ annotator: 'layla', corpus });
  try {
    const violations = watchCsp(page);
    await page.goto(app.url);
    const list = page.getByRole('navigation', { name: 'Documents' }).getByRole('list', { name: 'Documents' });
    const first = list.locator(`[data-document-id="${idOf(1)}"]`);
    await expect(first).toBeVisible();

    const rows = list.getByRole('listitem');
    expect(await rows.count()).toBeLessThan(100);
    await expect(rows.first()).toHaveAttribute('aria-setsize', String(DOCUMENTS + 1));
    await expect(list.locator(`[data-document-id="${idOf(DOCUMENTS)}"]`)).toHaveCount(0);

    // The scrollbar measures the whole list: scroll it to its end with the mouse wheel.
    const scroller = page.locator('.documents .virtual-scroller');
    const { scrollHeight, clientHeight } = await scroller.evaluate((el) => ({ scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }));
    expect(scrollHeight).toBeGreaterThan(DOCUMENTS * 50);
    await scroller.hover();
    const last = list.locator(`[data-document-id="${idOf(DOCUMENTS)}"]`);
    for (let i = 0; i < 200 && !(await last.isVisible()); i++) await page.mouse.wheel(0, scrollHeight / 20);
    await expect(last).toBeInViewport();
    expect(await scroller.evaluate((el) => el.scrollTop)).toBeGreaterThanOrEqual(scrollHeight - clientHeight - 1);
    expect(await rows.count()).toBeLessThan(100);
    // The first document (the one with many spans) opened by itself, once the list was still.
    await expect(page.locator('.article')).toContainText(sentences[0] as string);

    await last.click();
    await expect(last).toHaveAttribute('aria-current', 'true');
    await expect(page.locator('.article')).toContainText(sentences[DOCUMENTS % sentences.length] as string);
    await expect(list.locator('[aria-current="true"]')).toHaveCount(1);

    // The keyboard walks the rows, mounting those it reaches.
    await last.focus();
    await page.keyboard.press('ArrowUp');
    await expect(list.locator(`[data-document-id="${idOf(DOCUMENTS - 1)}"]`)).toBeFocused();
    await page.keyboard.press('Home');
    const top = list.locator('[data-document-id="aa-many-spans"]');
    await expect(top).toBeFocused();
    await expect(top).toBeInViewport({ ratio: 1 });
    await page.keyboard.press('ArrowDown');
    await expect(first).toBeFocused();
    // A focused row scrolled far out of view stays mounted, so focus is not lost.
    await scroller.hover();
    await page.mouse.wheel(0, scrollHeight / 2);
    await expect.poll(() => scroller.evaluate((el) => el.scrollTop)).toBeGreaterThan(scrollHeight / 4);
    await expect(first).not.toBeInViewport();
    await expect(first).toBeFocused();
    expect(await rows.count()).toBeLessThan(100);

    // A document opened from elsewhere (a hit of a corpus search) has its row scrolled into view
    // and marked. The sentence first met latest in the list, searched by a word only it has.
    const firstWith = (k: number) => Array.from({ length: DOCUMENTS }, (_, i) => i + 1).find((n) => n % sentences.length === k || (n * 7) % sentences.length === k) ?? 0;
    const wordOnlyIn = (k: number) => (sentences[k] as string).split(/\s+/u).find((w) => w.length >= 5 && sentences.every((other, j) => j === k || !other.includes(w)));
    const k = sentences.map((_, i) => i).filter((i) => wordOnlyIn(i) !== undefined).sort((a, b) => firstWith(b) - firstWith(a))[0] as number;
    const target = list.locator(`[data-document-id="${idOf(firstWith(k))}"]`);
    expect(firstWith(k)).toBeGreaterThan(30);
    await expect(target).not.toBeInViewport();
    const search = page.locator('.search');
    await search.getByLabel('Whole corpus').check();
    await page.locator('#search-input').fill(wordOnlyIn(k) as string);
    await search.locator('button.hit', { hasText: idOf(firstWith(k)) }).first().click();
    await expect(page.locator('.article')).toContainText(sentences[k] as string);
    await expect(target).toBeInViewport({ ratio: 1 });
    await expect(target).toHaveAttribute('aria-current', 'true');
    expect(violations).toEqual([]);
  } finally {
    await app.stop();
  }
});

test('a document with thousands of spans mounts a screenful of rows and scrolls the selected one into view', async ({ page }) => {
  const app = await serve({ annotator: 'layla', corpus });
  try {
    const violations = watchCsp(page);
    await page.goto(app.url);
    await page.locator('[data-document-id="aa-many-spans"]').click();
    const region = page.getByRole('region', { name: 'Annotations' });
    await expect(region.locator('h2 .count')).toHaveText(String(SPANS));
    const entries = region.locator('.span-list .entry');
    await expect(entries.first()).toBeVisible();
    expect(await entries.count()).toBeLessThan(100);

    // Select the last highlight in the article: its row is scrolled into view and marked.
    const lastId = await page.evaluate(() => {
      const spans = [...document.querySelectorAll<HTMLElement>('.article [data-span-id]')];
      const lastSpan = spans.at(-1);
      lastSpan?.scrollIntoView({ block: 'center' });
      return lastSpan?.getAttribute('data-span-id') ?? '';
    });
    await page.locator(`.article [data-span-id="${lastId}"]`).last().click();
    const row = region.locator(`.span-list [data-span-id="${lastId}"]`);
    await expect(row).toHaveClass('entry selected');
    await expect(row).toBeInViewport({ ratio: 1 });
    await expect(region.locator('.span-list .entry.selected')).toHaveCount(1);

    // And the first row, by keyboard.
    await row.focus();
    await page.keyboard.press('Home');
    await expect(entries.first()).toBeFocused();
    await expect(entries.first()).toBeInViewport({ ratio: 1 });
    expect(violations).toEqual([]);
  } finally {
    await app.stop();
  }
});

test('a span picker over thousands of spans offers the nearest ones, and its filter reaches any span by its text', async ({ page }) => {
  const app = await serve({ annotator: 'layla', corpus });
  try {
    await page.goto(app.url);
    await page.locator('[data-document-id="aa-many-spans"]').click();
    const region = page.getByRole('region', { name: 'Annotations' });
    await expect(region.locator('h2 .count')).toHaveText(String(SPANS));
    // Label the first word, already a Place, as an Actor too: the selection as a mouse leaves it.
    await page.evaluate(() => {
      const first = document.querySelector<HTMLElement>('.article [data-span-id]');
      const text = first?.firstChild;
      if (!(text instanceof Text)) throw new Error('no highlighted text');
      document.querySelector<HTMLElement>('.article')?.focus();
      getSelection()?.setBaseAndExtent(text, 0, text, text.data.length);
    });
    await page.waitForTimeout(100);
    await page.keyboard.press('1');
    const panel = page.locator('#attribute-panel');
    await expect(panel.locator('h2 .chip')).toHaveText('Actor');
    await expect(region.locator('h2 .count')).toHaveText(String(SPANS + 1));

    const group = panel.getByRole('group', { name: 'Add relation' });
    await expect(group.getByLabel('Relation', { exact: true })).toHaveValue('located_at');
    const target = group.getByLabel('Target span', { exact: true });
    // "—" and the 60 nearest Places, not 2,000 options.
    await expect(target.locator('option')).toHaveCount(61);
    await expect(group.getByRole('status')).toHaveText('the 60 nearest of 2000');
    const far = `Place: \u2068${lastSpan.word}\u2069 \u2066(${lastSpan.start}–${lastSpan.end})\u2069`;
    await expect(target.locator('option', { hasText: `(${lastSpan.start}–${lastSpan.end})` })).toHaveCount(0);

    // The last span of the document is far away: the filter finds it by its word.
    await group.getByLabel('Filter Target span by text').fill(lastSpan.word);
    await expect(group.getByRole('status')).toContainText('of 2000 match');
    await target.selectOption({ label: far });
    await group.getByRole('button', { name: 'Add' }).click();
    await expect(panel.locator('[data-relation-id]')).toContainText(`located_at → \u2068${lastSpan.word}\u2069 \u2066(${lastSpan.start}–${lastSpan.end})\u2069`);
    await page.locator('[data-state="saved"]').waitFor();
    const layer = JSON.parse(`[${(await readFile(path.join(corpus, 'layers', 'layla', 'aa-many-spans.jsonl'), 'utf8')).trim().split('\n').join(',')}]`) as { type?: string; relation?: string; from?: string; to?: string; id?: string; start?: number; end?: number; label?: string }[];
    const to = layer.find((r) => r.type === 'span' && r.start === lastSpan.start && r.end === lastSpan.end && r.label === 'Place');
    const relation = layer.find((r) => r.type === 'relation' && r.relation === 'located_at');
    expect(to).toBeDefined();
    expect(relation?.to).toBe(to?.id);
  } finally {
    await app.stop();
  }
});
