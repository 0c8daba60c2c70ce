import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, SEED_000, serve, test } from './fixtures';

/** Two annotators' brat layers of seed 000: one agreement, a nested/overlap difference, a label difference, one span only ali has. */
const ALI = ['T1\tActor 39 55\tالقوات الأمريكية', 'T2\tPlace 91 100\tدير الزور', 'T3\tPlace 107 112\tسوريا', 'T4\tActor 219 246\tالمرصد السوري لحقوق الإنسان'];
const SARA = ['T1\tActor 39 55\tالقوات الأمريكية', 'T2\tPlace 84 90;91 100\tمحافظة دير الزور', 'T3\tActor 107 112\tسوريا'];

async function layerBytes(corpus: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await readdir(path.join(corpus, 'layers'), { recursive: true })) {
    const file = path.join(corpus, 'layers', String(name));
    if (file.endsWith('.jsonl')) out[String(name)] = await readFile(file, 'utf8');
  }
  return out;
}

test('compare two layers, adjudicate every disagreement with the keyboard, export gold; agreement and feedback', async ({ page }) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hashiya-review-'));
  const corpus = path.join(dir, 'corpus');
  try {
    for (const [name, lines] of [['ali', ALI], ['sara', SARA]] as const) {
      const input = path.join(dir, name);
      await mkdir(input);
      await copyFile(path.join('seeds', `${SEED_000}.txt`), path.join(input, `${SEED_000}.txt`));
      await writeFile(path.join(input, `${SEED_000}.ann`), `${lines.join('\n')}\n`);
      execFileSync(process.execPath, ['bin/hashiya.js', 'import', '--corpus', corpus, '--annotator', name, input]);
    }
    const before = await layerBytes(corpus);
    const app = await serve({ annotator: 'curator', corpus });
    try {
      await page.goto(app.url);
      await page.getByRole('button', { name: 'Review', exact: true }).click();
      await page.getByRole('button', { name: new RegExp(SEED_000) }).click();
      const status = page.locator('.open-items');
      await expect(status).toHaveText('6 open · 0 decided · 6 items');
      await expect(page.locator('.review-article .cmp-agree')).toHaveCount(1);
      await expect(page.locator('.review-article .cmp-only')).not.toHaveCount(0);

      // The quorum (2 of 2) agrees on one span: accepted automatically.
      await page.getByRole('button', { name: 'Accept what the quorum agrees on' }).click();
      await expect(status).toHaveText('5 open · 1 decided · 6 items');
      const panel = page.getByRole('complementary', { name: 'Current item' });
      // Items in text order: 84–100 Place (sara), 91–100 Place (ali), 107–112 Actor (sara), 107–112 Place (ali), 219–246 Actor (ali).
      await expect(panel.locator('h3')).toContainText('محافظة ⏎ دير الزور');
      await page.keyboard.press('r');
      await expect(panel.locator('h3')).toContainText('دير الزور');
      await page.keyboard.press('1');
      await expect(panel.locator('h3')).toContainText('Actor');
      await page.keyboard.press('r');
      await expect(panel.locator('h3')).toContainText('Place');
      await page.keyboard.press('1');
      await expect(panel.locator('h3')).toContainText('المرصد السوري');
      await page.keyboard.press('a');
      await expect(status).toHaveText('0 open · 6 decided · 6 items');

      // Side by side shows each layer on its own.
      await page.getByLabel('Side by side').check();
      await expect(page.locator('.side-column')).toHaveCount(2);

      // Reviewing never changed an annotator's layer; the gold is its own file with provenance.
      await expect.poll(async () => (await readFile(path.join(corpus, 'gold', `${SEED_000}.jsonl`), 'utf8').catch(() => '')).includes('المرصد')).toBe(true);
      expect(await layerBytes(corpus)).toEqual(before);
      const gold = await readFile(path.join(corpus, 'gold', `${SEED_000}.jsonl`), 'utf8');
      expect(gold).toContain('"decidedBy":"curator"');

      const out = path.join(dir, 'gold-export');
      execFileSync(process.execPath, ['bin/hashiya.js', 'export', '--corpus', corpus, '--gold', '--format', 'brat', '--out', out]);
      const ann = await readFile(path.join(out, `${SEED_000}.ann`), 'utf8');
      expect(ann.split('\n').filter((l) => l.startsWith('T')).map((l) => l.split('\t').slice(1).join('\t'))).toEqual([
        'Actor 39 55\tالقوات الأمريكية',
        'Place 91 100\tدير الزور',
        'Place 107 112\tسوريا',
        'Actor 219 246\tالمرصد السوري لحقوق الإنسان',
      ]);

      // Agreement: the figures, named plainly.
      await page.getByRole('button', { name: 'Agreement', exact: true }).click();
      await page.getByRole('button', { name: 'Compute agreement' }).click();
      const pairs = page.getByRole('table', { name: 'Pairs (first = reference)' });
      await expect(pairs).toContainText('cohen_kappa');
      await expect(pairs.locator('tbody tr')).toHaveCount(1);
      await expect(page.getByRole('img', { name: 'Label confusion (tokens)' })).toBeVisible();
      await expect(page.getByRole('table', { name: 'Per document' }).locator('tbody tr')).toHaveCount(1);

      // Feedback: sara sees where the gold differs from her layer.
      await page.getByRole('button', { name: /Annotator: curator/ }).click();
      await page.getByLabel('Annotator name').fill('sara');
      await page.getByRole('button', { name: 'Start annotating' }).click();
      await page.getByRole('button', { name: 'Feedback', exact: true }).click();
      await page.getByRole('button', { name: new RegExp(SEED_000) }).click();
      const feedback = page.getByRole('complementary', { name: 'Where the gold differs from your layer' });
      await expect(feedback.locator('.fb-row-missing')).toContainText('المرصد السوري');
      await expect(feedback.locator('.fb-row-label')).toContainText('Actor → Place');
    } finally {
      await app.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
