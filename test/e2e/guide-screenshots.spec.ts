/**
 * The screenshots of the user guide (docs/guide/), taken from the real app so they never go
 * stale: each test walks through what a chapter of the guide describes, asserts what the picture
 * shows, and saves it as docs/guide/images/<name>.png. A file is rewritten only when the picture
 * changed (see `shoot`), so an unchanged UI leaves the working tree clean. Regenerate with
 * `npm run build && npx playwright test test/e2e/guide-screenshots.spec.ts` (about a minute).
 *
 * - annotators: first start, labelling, figures read from the words, relations, annotate-all,
 *   corpus search, suggestions, in the English and the mirrored Arabic UI (`*-ar.png`);
 * - curators and project leads: review (merged, side by side), agreement, feedback, the gold
 *   export bundle, the schema editor and the progress table, on a corpus of two annotators'
 *   layers imported with `hashiya import` as a team would;
 * - project leads and teams: the Assign dialog, an annotator's queue, and Sync with a bare team
 *   repository, a colleague working in her own clone with the real `hashiya sync` and
 *   `hashiya import`.
 */
import type { Locator, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { dragSelect, expect, readLayerFile, SEED_000, SEED_004, serve, test, waitSaved } from './fixtures';

const IMAGES = path.resolve('docs/guide/images');
/**
 * A fixed folder (not a random temporary one): its path shows in the export dialog, and a path
 * that changed on every run would change the picture on every run.
 */
const WORK = path.join(os.tmpdir(), 'hashiya-guide');

/**
 * What a picture must not show because it changes from run to run (a date, a time): Playwright
 * paints these elements over with `maskColor` (give the background's colour, so the picture
 * simply leaves them out).
 */
interface Hidden {
  readonly mask?: readonly Locator[];
  readonly maskColor?: string;
}

/**
 * Saves a screenshot of the page or of one element, writing the file only when it changed: when
 * its bytes differ and its pixels differ by more than the ±2 of Chromium's antialiasing from one
 * run to the next (an unchanged UI leaves the working tree clean; a changed word does not pass).
 */
async function shoot(target: Page | Locator, name: string, hide: Hidden = {}): Promise<void> {
  const png = await target.screenshot({ animations: 'disabled', caret: 'hide', ...(hide.mask ? { mask: [...hide.mask], maskColor: hide.maskColor } : {}) });
  const file = path.join(IMAGES, `${name}.png`);
  const old = await readFile(file).catch(() => null);
  if (old && (old.equals(png) || samePicture(old, png))) return;
  await writeFile(file, png);
}

interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, 4 bytes a pixel. */
  readonly rgba: Uint8Array;
}

/** Decodes the PNGs Chromium writes (8-bit RGB or RGBA, not interlaced); null for anything else. */
function decodePng(png: Buffer): Pixels | null {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      channels = colour === 6 ? 4 : colour === 2 ? 3 : 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) return null;
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const current = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? (current[i - channels] as number) : 0;
      const b = previous[i] as number;
      const c = i >= channels ? (previous[i - channels] as number) : 0;
      const x = line[i] as number;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      current[i] = (x + predicted) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 3; k++) out[(y * width + x) * 4 + k] = current[x * channels + k] as number;
      out[(y * width + x) * 4 + 3] = channels === 4 ? (current[x * channels + 3] as number) : 255;
    }
    previous = current;
  }
  return { width, height, rgba: out };
}

/** Whether two screenshots show the same picture: same size, no channel off by more than 8. */
function samePicture(a: Buffer, b: Buffer): boolean {
  const [x, y] = [decodePng(a), decodePng(b)];
  if (!x || !y || x.width !== y.width || x.height !== y.height) return false;
  return x.rgba.every((v, i) => Math.abs(v - (y.rgba[i] as number)) <= 8);
}

/**
 * Saves a panel that scrolls inside the side bar at 900 pixels whole: the same UI on a taller
 * screen (1400×1400) for the one picture.
 */
async function shootWhole(page: Page, panel: Locator, name: string): Promise<void> {
  await page.setViewportSize({ width: 1400, height: 1400 });
  await shoot(panel, name);
  await page.setViewportSize({ width: 1400, height: 900 });
}

/** Scrolls the article (or the review text) back to its top. */
async function scrollArticleTop(page: Page): Promise<void> {
  await page.locator('.article-scroll').first().evaluate((e) => e.scrollTo(0, 0));
}

const annotations = (page: Page) => page.getByRole('region', { name: /^(Annotations|التعليقات)$/ }).locator('.span-list .entry');

test.beforeAll(async () => {
  await mkdir(IMAGES, { recursive: true });
});

test('annotators: first start, labelling, figures, relations, annotate-all, suggestions (English and Arabic UI)', async ({ page }) => {
  const app = await serve();
  try {
    // First start: who is annotating? (in both languages; the language is kept per browser)
    await page.goto(app.url);
    const who = page.getByRole('dialog', { name: 'Who is annotating?' });
    await expect(who).toBeVisible();
    await shoot(who, 'annotator-dialog');
    await page.evaluate(() => localStorage.setItem('hashiya.language', 'ar'));
    await page.reload();
    const whoAr = page.getByRole('dialog', { name: 'من يعلّق؟' });
    await expect(whoAr).toBeVisible();
    await shoot(whoAr, 'annotator-dialog-ar');
    await whoAr.getByLabel('اسم المُعلِّق').fill('layla');
    await whoAr.getByRole('button', { name: 'ابدأ التعليق' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('button', { name: /Annotator: layla/ })).toBeVisible();

    // The first document opens by itself. Label with the keys 1–4 after a mouse selection.
    await expect(page.locator(`[data-document-id="${SEED_000}"]`)).toHaveAttribute('aria-current', 'true');
    await dragSelect(page, 'القوات الأمريكية');
    await page.keyboard.press('1');
    await dragSelect(page, 'ومليشيات موالية لإيران');
    await page.keyboard.press('1');
    // The selection snapped to the whole word with its clitic; T trims the و.
    await expect(page.locator('#attribute-panel .panel-quote')).toHaveText('ومليشيات موالية لإيران');
    await page.keyboard.press('t');
    await expect(page.locator('#attribute-panel .panel-quote')).toHaveText('مليشيات موالية لإيران');
    await dragSelect(page, 'محافظة\nدير الزور');
    await page.keyboard.press('2');
    await dragSelect(page, 'سوريا');
    await page.keyboard.press('2');
    await dragSelect(page, 'وسائل إعلام');
    await page.keyboard.press('1');
    await dragSelect(page, 'عدة إصابات');
    await page.keyboard.press('3');
    await page.keyboard.press('Enter');
    await dragSelect(page, 'المرصد السوري لحقوق الإنسان');
    await page.keyboard.press('1');
    await dragSelect(page, 'حقل العمر النفطي');
    await page.keyboard.press('2');
    await page.locator('#attr-level').selectOption('facility');
    await waitSaved(page);
    await expect(page.locator('.hl[data-label="Place"]').filter({ hasText: 'حقل العمر' })).toHaveText('حقل العمر النفطي');
    await expect(annotations(page).locator('.entry-text')).toHaveText([
      'القوات الأمريكية',
      'مليشيات موالية لإيران',
      'محافظة ⏎ دير الزور',
      'سوريا',
      'وسائل إعلام',
      'عدة إصابات',
      'المرصد السوري لحقوق الإنسان',
      'حقل العمر النفطي',
    ]);
    await scrollArticleTop(page);
    await shoot(page, 'annotate');

    // A selection about to be labelled, then the figures read from its words.
    await page.keyboard.press('Escape');
    await dragSelect(page, 'خمسة جنود أمريكيين');
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('خمسة جنود أمريكيين');
    await shoot(page.locator('.workspace'), 'select-label');
    await page.keyboard.press('3');
    const panel = page.locator('#attribute-panel');
    await expect(page.locator('.hl[data-label="CasualtyCount"]').filter({ hasText: 'خمسة' })).toHaveText('خمسة جنود أمريكيين');
    await expect(panel.getByRole('group', { name: 'Read from the text' })).toHaveText(/value 5 · qualifier exact/);
    await shootWhole(page, panel, 'casualty-proposal');
    await page.keyboard.press('Enter');
    await expect(panel.locator('#attr-value')).toHaveValue('5');

    // Attributes, a reference, a relation and a note.
    await panel.locator('#attr-outcome').selectOption('injured');
    await panel.locator('#attr-affected_party').selectOption({ label: 'Actor: \u2068القوات الأمريكية\u2069 \u2066(39–55)\u2069' });
    const addRelation = panel.getByRole('group', { name: 'Add relation' });
    await addRelation.getByLabel('Relation').selectOption('located_at');
    await addRelation.getByLabel('Target span').selectOption({ label: 'Place: \u2068سوريا\u2069 \u2066(107–112)\u2069' });
    await addRelation.getByRole('button', { name: 'Add' }).click();
    await panel.getByLabel('Note').fill('الرقم من بيان البيت الأبيض');
    await panel.getByLabel('Note').blur();
    await waitSaved(page);
    await expect(panel.locator('[data-relation-id]')).toContainText('located_at → \u2068سوريا\u2069 \u2066(107–112)\u2069');
    await shootWhole(page, panel, 'attributes-relations');

    // Search the document, annotate every occurrence from the preview.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+f');
    await page.keyboard.type('دير الزور');
    const search = page.getByRole('region', { name: 'Search' });
    await expect(search.getByRole('status')).toHaveText('5 hits');
    await search.getByRole('combobox').selectOption('Place');
    await search.getByRole('button', { name: 'Annotate all occurrences…' }).click();
    const annotateAll = page.getByRole('dialog', { name: /Annotate all occurrences/ });
    await expect(annotateAll.locator('.preview li mark')).toHaveText(Array(5).fill('دير الزور'));
    await shoot(page, 'annotate-all');
    await annotateAll.getByRole('button', { name: 'Annotate 5' }).click();
    await expect(annotations(page).filter({ hasText: /^Placeدير الزور\d/ })).toHaveCount(5);

    // The same search across the corpus: a hit list over both documents.
    await search.getByLabel('Whole corpus').check();
    await expect(search.getByRole('status')).toHaveText('7 hits');
    await expect(search.locator('.hit .doc-id')).toContainText([SEED_000, SEED_004]);
    await shoot(search, 'search-corpus');
    await search.getByLabel('This document').check();
    await page.locator('#search-input').press('Escape');

    await page.getByLabel('Status').selectOption('done');
    await waitSaved(page);
    await expect(page.locator(`[data-document-id="${SEED_000}"] .doc-status`)).toHaveText('done · 14 spans');

    // In the other article, what was labelled here comes back as suggestions.
    await page.getByRole('button', { name: new RegExp(SEED_004) }).click();
    await expect(page.locator('.ghost').first()).toBeVisible();
    await page.keyboard.press(']');
    await expect(page.locator('.ghost-current')).toHaveText('سوريا');
    await page.keyboard.press('y');
    await expect(annotations(page).locator('.entry-text')).toHaveText(['سوريا']);
    // After Y (or N) the next suggestion is the current one.
    await expect(page.locator('.ghost-current')).toHaveText('القوات الأمريكية');
    await waitSaved(page);
    await shoot(page, 'suggestions');

    // The mirrored Arabic interface; a label key typed on an Arabic keyboard (٣).
    await page.getByRole('button', { name: 'العربية' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.getByRole('button', { name: new RegExp(SEED_000) }).click();
    await expect(annotations(page)).toHaveCount(14);
    await scrollArticleTop(page);
    await expect(page.locator(`[data-document-id="${SEED_000}"] .doc-status`)).toHaveText('منجز · 14 مقاطع');
    await shoot(page, 'annotate-ar');
    await dragSelect(page, 'عدة قتلى وجرحى');
    expect(await page.evaluate(() => window.getSelection()?.toString())).toBe('عدة قتلى وجرحى');
    await shoot(page.locator('.workspace'), 'select-label-ar');
    // Playwright's keyboard has no Arabic layout: send the key event an Arabic-Indic ٣ makes
    // (no physical digit code, so only the Arabic digit itself can name the label).
    await page.evaluate(() => (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key: '٣', code: '', bubbles: true, cancelable: true })));
    await expect(page.locator('.hl[data-label="CasualtyCount"]').filter({ hasText: 'عدة قتلى' })).toHaveText('عدة قتلى وجرحى');
    await expect(panel.getByRole('group', { name: 'مقروء من النص' })).toContainText('qualifier vague');
    await shootWhole(page, panel, 'casualty-proposal-ar');
    await waitSaved(page);

    // The other panels and dialogs of this chapter, in Arabic.
    await annotations(page).filter({ hasText: 'خمسة جنود أمريكيين' }).click();
    await expect(panel.locator('[data-relation-id]')).toContainText('located_at → \u2068سوريا\u2069');
    await shootWhole(page, panel, 'attributes-relations-ar');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+f');
    await page.keyboard.type('القوات الأمريكية');
    const searchAr = page.getByRole('region', { name: 'بحث' });
    await expect(searchAr.getByRole('status')).toHaveText('2 نتيجة');
    await searchAr.getByRole('combobox').selectOption('Actor');
    await searchAr.getByRole('button', { name: 'تعليم كل المواضع…' }).click();
    const annotateAllAr = page.getByRole('dialog', { name: /تعليم كل المواضع/ });
    await expect(annotateAllAr.locator('.preview li')).toHaveText([/موسوم Actor أصلًا/, /القوات الأمريكية/]);
    await expect(annotateAllAr.getByRole('button', { name: 'تعليم 1' })).toBeVisible();
    await shoot(page, 'annotate-all-ar');
    await annotateAllAr.getByRole('button', { name: 'إلغاء' }).click();
    await searchAr.getByLabel('المدوّنة كلها').check();
    await expect(searchAr.getByRole('status')).toHaveText('6 نتيجة');
    await shoot(searchAr, 'search-corpus-ar');
    await searchAr.getByLabel('هذه الوثيقة').check();
    await page.locator('#search-input').press('Escape');
    await page.getByRole('button', { name: new RegExp(SEED_004) }).click();
    await expect(page.locator('.ghost').first()).toBeVisible();
    await page.locator('.article').focus();
    await page.keyboard.press(']');
    await expect(page.locator('.ghost-current')).toHaveText('القوات الأمريكية');
    await expect(page.getByRole('region', { name: 'اقتراحات' })).toContainText('القوات الأمريكية');
    await shoot(page, 'suggestions-ar');

    const layer = await readLayerFile(app.corpus, 'layla', SEED_000);
    expect(layer.header.status).toBe('done');
    expect(layer.spans.find((s) => s.text === 'خمسة جنود أمريكيين')).toMatchObject({ label: 'CasualtyCount', attributes: { value: 5, qualifier: 'exact', outcome: 'injured' } });
    expect(layer.relations).toHaveLength(1);
  } finally {
    await app.stop();
  }
});

/** A brat `.ann` line for the `occurrence`-th `needle` of `text`: code point offsets, a fragment per line. */
function textBound(text: string, id: string, label: string, needle: string, occurrence = 0): string {
  let at = -1;
  for (let k = 0; k <= occurrence; k++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`not in the seed: ${needle}`);
  const start = Array.from(text.slice(0, at)).length;
  const fragments: string[] = [];
  let offset = start;
  for (const line of needle.split('\n')) {
    const length = Array.from(line).length;
    fragments.push(`${offset} ${offset + length}`);
    offset += length + 1;
  }
  return `${id}\t${label} ${fragments.join(';')}\t${needle.replace(/\n/g, ' ')}`;
}

type Ann = readonly [label: string, needle: string, attributes?: Readonly<Record<string, string>>, occurrence?: number];

function annFile(text: string, spans: readonly Ann[]): string {
  const lines: string[] = [];
  let a = 0;
  spans.forEach(([label, needle, attributes, occurrence], i) => {
    lines.push(textBound(text, `T${i + 1}`, label, needle, occurrence));
    for (const [name, value] of Object.entries(attributes ?? {})) lines.push(`A${++a}\t${name} T${i + 1} ${value}`);
  });
  return `${lines.join('\n')}\n`;
}

/** Two annotators' layers of both seeds, as brat files from elsewhere: agreements, partial matches, a label and an attribute difference, spans only one has. */
const LAYERS: Readonly<Record<string, Readonly<Record<string, readonly Ann[]>>>> = {
  ali: {
    [SEED_000]: [
      ['Actor', 'القوات الأمريكية'],
      ['Actor', 'مليشيات موالية لإيران'],
      ['Place', 'دير الزور'],
      ['Place', 'سوريا'],
      ['CasualtyCount', 'عدة إصابات', { outcome: 'injured', qualifier: 'vague' }],
      ['Actor', 'المرصد السوري لحقوق الإنسان'],
      ['Place', 'حقل العمر النفطي'],
      ['CasualtyCount', 'خمسة جنود أمريكيين', { outcome: 'injured', value: '5', qualifier: 'exact' }],
      ['Actor', 'واشنطن'],
    ],
    [SEED_004]: [
      ['Actor', 'القوات الأمريكية'],
      ['Place', 'دير الزور'],
      ['Actor', 'المرصد السوري لحقوق الإنسان'],
      ['Place', 'حقل العمر النفطي'],
      ['CasualtyCount', 'أربعة أعضاء', { outcome: 'killed', value: '4', qualifier: 'exact' }],
      ['Actor', 'الحكومة العراقية'],
    ],
  },
  sara: {
    [SEED_000]: [
      ['Actor', 'القوات الأمريكية'],
      ['Actor', 'ومليشيات موالية لإيران'],
      ['Place', 'محافظة\nدير الزور'],
      ['Actor', 'سوريا'],
      ['CasualtyCount', 'عدة إصابات', { outcome: 'killed_or_injured', qualifier: 'vague' }],
      ['Actor', 'المرصد السوري لحقوق الإنسان'],
      ['Place', 'حقل العمر النفطي'],
      ['Place', 'ريف دير الزور الشرقي'],
      ['CasualtyCount', 'خمسة جنود أمريكيين', { outcome: 'injured', value: '5', qualifier: 'exact' }],
    ],
    [SEED_004]: [
      ['Actor', 'القوات الأمريكية'],
      ['Place', 'دير الزور'],
      ['Actor', 'المرصد السوري لحقوق الإنسان'],
      ['Place', 'حقل العمر النفطي'],
      ['CasualtyCount', 'أربعة أعضاء من فصيل كتائب سيد الشهداء', { outcome: 'killed', value: '4', qualifier: 'exact' }],
      ['Place', 'العراق'],
    ],
  },
};

/** Imports the seeds with ali's and sara's layers into WORK/conflict-news with the CLI; ali is done with both, sara with one. */
async function teamCorpus(): Promise<string> {
  const corpus = path.join(WORK, 'conflict-news');
  for (const [annotator, documents] of Object.entries(LAYERS)) {
    const input = path.join(WORK, 'incoming', annotator);
    await mkdir(input, { recursive: true });
    for (const [id, spans] of Object.entries(documents)) {
      const text = await readFile(path.join('seeds', `${id}.txt`), 'utf8');
      await copyFile(path.join('seeds', `${id}.txt`), path.join(input, `${id}.txt`));
      await writeFile(path.join(input, `${id}.ann`), annFile(text, spans));
    }
    execFileSync(process.execPath, ['bin/hashiya.js', 'import', '--corpus', corpus, '--annotator', annotator, input]);
  }
  for (const [annotator, id] of [['ali', SEED_000], ['ali', SEED_004], ['sara', SEED_000]] as const) {
    const file = path.join(corpus, 'layers', annotator, `${id}.jsonl`);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"status":"in_progress"', '"status":"done"'));
  }
  return corpus;
}

test('curators and leads: review merged and side by side, agreement, feedback, gold export, schema, progress', async ({ page }) => {
  await rm(WORK, { recursive: true, force: true });
  const corpus = await teamCorpus();
  const app = await serve({ annotator: 'curator', corpus });
  try {
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    await page.getByRole('button', { name: new RegExp(SEED_000) }).click();
    const status = page.locator('.open-items');
    await expect(status).toHaveText('13 open · 0 decided · 13 items');
    await expect(page.locator('.review-article .cmp-agree')).toHaveText(['القوات الأمريكية', 'المرصد السوري لحقوق الإنسان', 'حقل العمر النفطي', 'خمسة جنود أمريكيين']);

    // The quorum (2 of 2) takes what both agree on; the first open item is the next disagreement.
    await page.getByRole('button', { name: 'Accept what the quorum agrees on' }).click();
    await expect(status).toHaveText('9 open · 4 decided · 13 items');
    const item = page.getByRole('complementary', { name: 'Current item' });
    for (let i = 0; i < 9 && !(await item.locator('h3').innerText()).includes('عدة إصابات'); i++) await page.keyboard.press(']');
    await expect(item.locator('h3')).toContainText('عدة إصابات');
    await expect(item).toContainText('Attributes differ: outcome');
    await expect(page.locator('.review-article .cmp-current')).toHaveText('عدة إصابات');
    await scrollArticleTop(page);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await shoot(page, 'review-merged');
    await page.getByRole('button', { name: 'العربية' }).click();
    await expect(page.getByRole('complementary', { name: 'العنصر الحالي' })).toContainText('خصائص مختلفة: outcome');
    await expect(status).toHaveText('9 مفتوح · 4 محسوم · 13 عنصر');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await shoot(page, 'review-merged-ar');
    await page.getByRole('button', { name: 'English' }).click();

    // Decide every open item with one key each: 1 takes ali's version, R rejects, A accepts.
    await page.keyboard.press('1');
    for (let i = 0; i < 12 && !(await status.innerText()).startsWith('0 open'); i++) {
      const heading = await item.locator('h3').innerText();
      const reject = /محافظة|ومليشيات/.test(heading) || (heading.includes('Actor') && heading.includes('سوريا'));
      const before = await status.innerText();
      await page.keyboard.press(reject ? 'r' : 'a');
      await expect(status).not.toHaveText(before);
    }
    await expect(status).toHaveText('0 open · 13 decided · 13 items');
    await page.getByLabel('Side by side').check();
    await expect(page.locator('.side-column')).toHaveCount(2);
    await expect(page.locator('.side-column h3')).toHaveText(['ali', 'sara']);
    await shoot(page, 'review-side-by-side');
    await page.getByLabel('Side by side').uncheck();

    // Agreement over the corpus: tables, charts, the disagreement table as CSV.
    await page.getByRole('button', { name: 'Agreement', exact: true }).click();
    await page.getByRole('button', { name: 'Compute agreement' }).click();
    await expect(page.getByRole('table', { name: 'Pairs (first = reference)' }).locator('tbody tr')).toHaveCount(1);
    await expect(page.getByRole('table', { name: 'Per document' }).locator('tbody tr')).toHaveCount(2);
    await shoot(page, 'agreement');
    const charts = page.locator('.charts');
    await expect(charts.getByRole('img', { name: 'Label confusion (tokens)' })).toBeVisible();
    await shoot(charts, 'agreement-charts');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const csv = await readFile(await (await download).path(), 'utf8');
    expect(csv).toContain('ali');
    expect(csv).toContain('سوريا');

    // Feedback: sara sees where the gold differs from her layer.
    await page.getByRole('button', { name: /Annotator: curator/ }).click();
    await page.getByLabel('Annotator name').fill('sara');
    await page.getByRole('button', { name: 'Start annotating' }).click();
    await page.getByRole('button', { name: 'Feedback', exact: true }).click();
    await page.getByRole('button', { name: new RegExp(SEED_000) }).click();
    const feedback = page.getByRole('complementary', { name: 'Where the gold differs from your layer' });
    await expect(feedback.locator('.fb-row-label')).toContainText('سوريا»: Actor → Place');
    await expect(feedback.locator('.fb-row-missing')).toContainText('واشنطن');
    await shoot(page, 'feedback');

    // The gold as one zip bundle with its datasheet.
    await page.getByRole('button', { name: 'Export…' }).click();
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await exportDialog.getByLabel('Layer').selectOption('gold');
    await exportDialog.getByLabel('conll').check();
    await exportDialog.getByLabel('One .zip bundle with a datasheet').check();
    const zip = path.join(WORK, 'conflict-news-gold.zip');
    await exportDialog.getByLabel('Write to (absolute path)').fill(zip);
    await exportDialog.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(exportDialog.getByRole('status')).toContainText(`files written to ${zip}`);
    await shoot(exportDialog, 'export-dialog');
    const entries = unzipSync(new Uint8Array(await readFile(zip)));
    expect(strFromU8(entries['DATASHEET.md'] ?? new Uint8Array())).toContain(SEED_000);
    expect(Object.keys(entries)).toContain('schema.json');
    await exportDialog.getByRole('button', { name: 'Close' }).click();

    // The lead's dialogs: the schema and every annotator's progress.
    await page.getByRole('button', { name: 'Schema…' }).click();
    const schema = page.getByRole('dialog', { name: 'Schema' });
    await expect(schema.locator('.schema-label legend')).toHaveText(['Actor', 'Place', 'CasualtyCount', 'Claim']);
    await shoot(schema, 'schema-editor');
    await expect(schema.getByLabel('located_at From labels (comma-separated)')).toHaveValue('CasualtyCount, Claim, Actor');
    await schema.evaluate((e) => e.scrollTo(0, e.scrollHeight));
    await shoot(schema, 'schema-editor-relations');
    await schema.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Progress…' }).click();
    const progress = page.getByRole('dialog', { name: 'Corpus progress' });
    await expect(progress.locator('tfoot td')).toHaveText(['2 / 2', '1 / 2']);
    await shoot(progress, 'progress');
  } finally {
    await app.stop();
    await rm(WORK, { recursive: true, force: true });
  }
});

test('project leads and teams: assign documents, my queue, sync with a team repository', async ({ page }) => {
  // Fixed paths: the team repository's path shows in the Sync dialog.
  const remote = path.join(WORK, 'team.git');
  const lead = path.join(WORK, 'layla', 'conflict-news');
  const colleague = path.join(WORK, 'sara', 'conflict-news');
  const hashiya = (...args: string[]) => execFileSync(process.execPath, ['bin/hashiya.js', ...args], { encoding: 'utf8' });
  await rm(WORK, { recursive: true, force: true });
  await mkdir(path.dirname(lead), { recursive: true });
  hashiya('import', '--corpus', lead, 'seeds');
  execFileSync('git', ['init', '--bare', '-q', '-b', 'main', remote]);
  const app = await serve({ annotator: 'layla', corpus: lead });
  try {
    await page.goto(app.url);
    await expect(page.getByRole('button', { name: /Annotator: layla/ })).toBeVisible();

    // The lead links the new corpus to the team repository (an empty bare one) and syncs once.
    const sync = page.getByRole('dialog', { name: 'Sync with the team' });
    const syncStatus = sync.getByRole('status');
    const report = sync.getByRole('region', { name: 'What the sync did' });
    /** Sync now, and wait until the dialog has shown the report and read the status again. */
    const syncNow = async () => {
      await sync.getByRole('button', { name: 'Sync now' }).click();
      await expect(sync).toHaveAttribute('aria-busy', 'false');
      await expect(sync.getByRole('button', { name: 'Sync now' })).toBeEnabled();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    };
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await expect(syncStatus).toHaveText(/^This corpus is not linked to a team repository yet\./);
    await sync.getByLabel('Team repository:').fill(remote);
    await sync.getByRole('button', { name: 'Link' }).click();
    await expect(syncStatus).toHaveText(`Linked to ${remote} · 0 to send · 0 to receive · 7 changed files`);
    await syncNow();
    await expect(report.locator('p')).toHaveText([`Synced with ${remote}. Sent 1 commit.`, 'Your changes were committed: Hashiya: start corpus conflict-news']);
    await sync.getByRole('button', { name: 'Close' }).click();

    // The lead adds سارة, one annotator per document, Assign evenly, Save.
    await page.getByRole('button', { name: 'Assign', exact: true }).click();
    const assign = page.getByRole('dialog', { name: 'Assign documents' });
    await assign.getByLabel('Annotator:').fill('سارة');
    await assign.getByRole('button', { name: 'Add', exact: true }).click();
    await assign.getByLabel('annotators per document:').fill('1');
    await assign.getByRole('button', { name: 'Assign evenly' }).click();
    await assign.getByRole('button', { name: 'Save assignments' }).click();
    await expect(assign.getByRole('status')).toHaveText('Saved');
    await expect(assign.locator('thead th')).toHaveText(['Document', 'layla', 'سارة']);
    await expect(assign.locator('fieldset label')).toHaveText(['layla (1)', 'سارة (1)', 'annotators per document:']);
    await expect(assign.getByLabel('annotators per document:')).toHaveValue('1');
    await expect(assign.getByRole('checkbox', { name: `${SEED_000} · layla` })).toBeChecked();
    await expect(assign.getByRole('checkbox', { name: `${SEED_000} · سارة` })).not.toBeChecked();
    await expect(assign.getByRole('checkbox', { name: `${SEED_004} · layla` })).not.toBeChecked();
    await expect(assign.getByRole('checkbox', { name: `${SEED_004} · سارة` })).toBeChecked();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await shoot(assign, 'assignments');
    expect(JSON.parse(await readFile(path.join(lead, 'assignments.json'), 'utf8'))).toMatchObject({ documents: { [SEED_000]: ['layla'], [SEED_004]: ['سارة'] } });
    await assign.getByRole('button', { name: 'Close' }).click();

    // layla ticks My queue: her one document; she labels an actor and a place in it.
    const list = page.getByRole('navigation', { name: 'Documents' });
    await expect(list.locator('[data-document-id]')).toHaveCount(2);
    await list.getByLabel('My queue').check();
    await expect(list.locator('[data-document-id]')).toHaveCount(1);
    await expect(list.locator('[data-document-id]')).toHaveAttribute('data-document-id', SEED_000);
    await list.locator(`[data-document-id="${SEED_000}"]`).click();
    await dragSelect(page, 'القوات الأمريكية');
    await page.keyboard.press('1');
    await dragSelect(page, 'محافظة\nدير الزور');
    await page.keyboard.press('2');
    await waitSaved(page);
    await page.keyboard.press('Escape');
    await expect(list.locator('.queue-toggle')).toHaveText('My queue 1');
    await expect(list.locator(`[data-document-id="${SEED_000}"] .doc-status`)).toHaveText('in progress · 2 spans');
    await scrollArticleTop(page);
    await shoot(page, 'my-queue');

    // Sync now: the assignments and layla's layer go to the team, in a commit that names them.
    // The time of the last sync changes on every run: it is left out of the pictures.
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    const hide: Hidden = { mask: [sync.locator('.sync-last')], maskColor: await sync.evaluate((e) => getComputedStyle(e).backgroundColor) };
    await expect(sync.locator('.sync-last')).toHaveText(/^ · last sync \S/);
    await syncNow();
    await expect(syncStatus).toContainText(`Linked to ${remote} · 0 to send · 0 to receive · 0 changed files · last sync `);
    await expect(report.locator('p')).toHaveText([`Synced with ${remote}. Sent 1 commit.`, `Your changes were committed: layla: the assignments; layer of 1 document (${SEED_000})`]);
    await expect(report.locator('li')).toHaveCount(0);
    await shoot(sync, 'sync-dialog', hide);
    await sync.getByRole('button', { name: 'Close' }).click();
    const sent = execFileSync('git', ['--git-dir', remote, 'log', '--format=%s', 'main'], { encoding: 'utf8' });
    expect(sent.trim().split('\n')).toEqual([`layla: the assignments; layer of 1 document (${SEED_000})`, 'Hashiya: start corpus conflict-news']);

    // سارة joins: her own clone by `hashiya sync`, her layer of the other article from a brat
    // file by `hashiya import`, and `hashiya sync` again sends it.
    expect(hashiya('sync', '--corpus', colleague, '--annotator', 'سارة', '--remote', remote)).toContain(`cloned 2 documents from ${remote} into ${colleague}`);
    const input = path.join(WORK, 'incoming', 'sara');
    await mkdir(input, { recursive: true });
    await copyFile(path.join('seeds', `${SEED_004}.txt`), path.join(input, `${SEED_004}.txt`));
    await writeFile(path.join(input, `${SEED_004}.ann`), annFile(await readFile(path.join('seeds', `${SEED_004}.txt`), 'utf8'), LAYERS.sara?.[SEED_004] ?? []));
    expect(hashiya('import', '--corpus', colleague, '--annotator', 'سارة', input)).toContain("6 spans from");
    expect(hashiya('sync', '--corpus', colleague, '--annotator', 'سارة')).toContain(`committed: سارة: layer of 1 document (${SEED_004}) (1 file)`);

    // layla syncs again: the report lists what came in, سارة's layer.
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await syncNow();
    await expect(syncStatus).toContainText(`Linked to ${remote} · 0 to send · 0 to receive · 0 changed files · last sync `);
    await expect(report.locator('p')).toHaveText([`Synced with ${remote}. Received سارة's layer of 1 document (${SEED_004}).`]);
    await expect(report.locator('li')).toHaveText([`Layer of سارة · ${SEED_004}`]);
    await shoot(sync, 'sync-incoming', hide);
    expect((await readLayerFile(lead, 'سارة', SEED_004)).spans).toHaveLength(6);
  } finally {
    await app.stop();
    await rm(WORK, { recursive: true, force: true });
  }
});
