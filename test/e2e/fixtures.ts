/**
 * Starts the real `hashiya serve` (the built CLI, as a user runs it) on a fresh data folder for
 * each test, and opens its printed URL. Nothing is mocked: the page talks HTTP to the host, the
 * host writes the corpus on disk, and tests read those files back.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startServe, type ServedProcess, type ServeOptions } from '../support/hashiya-serve';

export type { ServeOptions };

/** A running `hashiya serve` as the tests see it. */
export type ServedApp = Pick<ServedProcess, 'url' | 'home' | 'corpus' | 'output'>;

export function serve(options: ServeOptions = {}): Promise<ServedProcess> {
  return startServe(options);
}

export const test = base.extend<{ app: ServedApp }>({
  // Playwright requires the destructuring pattern even when no fixture is used.
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    const app = await serve({ annotator: 'layla' });
    await use(app);
    await app.stop();
  },
});

export { expect };

/** Reads a layer file as the annotator wrote it: the header, the span, relation and rejected lines. */
export async function readLayerFile(corpus: string, annotator: string, documentId: string) {
  const text = await readFile(path.join(corpus, 'layers', annotator, `${documentId}.jsonl`), 'utf8');
  const [header, ...lines] = text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    header: header ?? {},
    spans: lines.filter((l) => l.type === 'span'),
    relations: lines.filter((l) => l.type === 'relation'),
    rejected: lines.filter((l) => l.type === 'rejected'),
    raw: text,
  };
}

/**
 * Drags the mouse across the `occurrence`-th appearance of `needle` in the article, from its
 * logical first character to its last: in right-to-left text that is from right to left.
 */
export async function dragSelect(page: Page, needle: string, occurrence = 0): Promise<void> {
  // A document just clicked in the list may still be opening: wait until its text is shown.
  // (The text as below: paragraphs joined by \n.)
  await page.waitForFunction((needle) => [...document.querySelectorAll('.article p')].map((p) => p.textContent).join('\n').includes(needle), needle);
  const box = await page.evaluate(
    ({ needle, occurrence }) => {
      const root = document.querySelector('.article');
      if (!root) throw new Error('no article');
      // Map the article's text (paragraphs joined by \n) to DOM text nodes.
      const nodes: { node: Text; start: number }[] = [];
      let text = '';
      root.querySelectorAll('p').forEach((p, i) => {
        if (i > 0) text += '\n';
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push({ node: n as Text, start: text.length });
          text += (n as Text).data;
        }
      });
      let at = -1;
      for (let k = 0; k <= occurrence; k++) at = text.indexOf(needle, at + 1);
      if (at < 0) throw new Error(`not found: ${needle}`);
      const rectOf = (offset: number) => {
        const hit = [...nodes].reverse().find((n) => n.start <= offset && offset < n.start + n.node.data.length);
        if (!hit) throw new Error('offset outside text nodes');
        const range = document.createRange();
        range.setStart(hit.node, offset - hit.start);
        range.setEnd(hit.node, offset - hit.start + 1);
        const r = range.getBoundingClientRect();
        return { left: r.left, right: r.right, y: r.top + r.height / 2 };
      };
      const startNode = [...nodes].reverse().find((n) => n.start <= at);
      startNode?.node.parentElement?.scrollIntoView({ block: 'center' });
      const first = rectOf(at);
      const last = rectOf(at + needle.length - 1);
      return { first, last };
    },
    { needle, occurrence },
  );
  await page.mouse.move(box.first.right - 1, box.first.y);
  await page.mouse.down();
  await page.mouse.move((box.first.right + box.last.left) / 2, (box.first.y + box.last.y) / 2, { steps: 4 });
  await page.mouse.move(box.last.left + 1, box.last.y, { steps: 4 });
  await page.mouse.up();
}

/** Waits until the save indicator says the layer is on disk. */
export async function waitSaved(page: Page): Promise<void> {
  await expect(page.locator('.save')).toHaveAttribute('data-state', 'saved');
}

export const SEED_000 = '000_7db2a034c338d373';
export const SEED_004 = '004_fee82008326e4aee';
