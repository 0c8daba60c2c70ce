/**
 * The long-article measurements, in Chromium against `hashiya serve`: opening the document until
 * every highlight is painted, labelling / deleting / undoing until painted, scrolling, the JS heap,
 * and the longest main-thread task while typing and saving.
 */
import type { Browser, Page } from '@playwright/test';
import { scrollThrough, startLongTasks, takeLongTasks, timeUntilPainted, type PaintCondition } from './probes';
import { serve } from './serve';
import type { Measurement } from './stats';

export interface ArticleCase {
  readonly root: string;
  readonly corpus: string;
  readonly documentId: string;
  readonly annotator: string;
  readonly spans: number;
  /** Targets in milliseconds for this size. */
  readonly openTarget: number;
  readonly keyTarget: number;
}

export const ARTICLE = '.article';
/** How long after a scroll the next selection starts (see its use). */
const SETTLE_AFTER_SCROLL_MS = 500;

async function openDocument(page: Page, url: string, c: ArticleCase): Promise<number> {
  await page.goto(url);
  const button = page.locator(`[data-document-id="${c.documentId}"]`);
  await button.waitFor();
  return timeUntilPainted(page, 'click', () => button.click(), { kind: 'spanCount', root: ARTICLE, atLeast: c.spans }, 60_000);
}

/**
 * Selects, as a mouse would, from inside one visible text node of the article to inside one a few
 * nodes further on (so the new span is rarely the same as one already there); varies with `k`.
 */
async function selectVisibleWords(page: Page, k: number): Promise<boolean> {
  return page.evaluate((k) => {
    const root = document.querySelector('.article');
    if (!root) return false;
    const view = root.closest('.article-scroll')?.getBoundingClientRect() ?? new DOMRect(0, 0, innerWidth, innerHeight);
    // Only the paragraphs in view are looked into: measuring a node inside a paragraph the
    // browser skips (content-visibility) lays that paragraph out, and a walk of the whole article
    // laid out all of it, a task of 1-2 s that the bench then counted as the app's (traced).
    // A paragraph's own box is known without laying out its content.
    const paragraphs = [...root.children].filter((p) => {
      const box = p.getBoundingClientRect();
      return box.bottom > view.top && box.top < view.bottom;
    });
    const candidates: Text[] = [];
    for (const paragraph of paragraphs) {
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n as Text;
        if (text.data.trim().length < 2) continue;
        const rect = text.parentElement?.getBoundingClientRect();
        if (rect && rect.top > view.top + 20 && rect.bottom < view.bottom - 20) candidates.push(text);
      }
    }
    if (candidates.length < 2) return false;
    const at = (k * 7919) % (candidates.length - 1);
    const from = candidates[at] as Text;
    const to = candidates[Math.min(candidates.length - 1, at + 1 + (k % 3))] as Text;
    (root as HTMLElement).focus({ preventScroll: true });
    window.getSelection()?.setBaseAndExtent(from, Math.floor(from.data.length / 2), to, Math.ceil(to.data.length / 2));
    return true;
  }, k);
}

/** Scrolls the article so that a fresh stretch of text is in view for press `k` of `n`. */
async function scrollArticleTo(page: Page, k: number, n: number): Promise<void> {
  await page.evaluate(
    ({ k, n }) => {
      const scroller = document.querySelector('.article-scroll');
      if (scroller) scroller.scrollTop = ((k + 0.5) / n) * (scroller.scrollHeight - scroller.clientHeight);
    },
    { k, n },
  );
}

async function pressAndPaint(page: Page, key: string, condition: PaintCondition, timeoutMs = 30_000): Promise<number> {
  return timeUntilPainted(page, 'keydown', () => page.keyboard.press(key), condition, timeoutMs);
}

/** How long a label key may take to paint a new span before the press counts as having made none. */
const LABEL_TIMEOUT_MS = 5_000;

/**
 * Presses `presses` label keys (1–4 in turn) in the open article, each on a selection of visible
 * words in a fresh stretch of the text, and gives each key's time until the new highlight is
 * painted (ms). The bare-stack reference (bare-bench.ts) is measured by this same sequence.
 */
export async function pressLabelKeys(page: Page, presses: number): Promise<number[]> {
  const times: number[] = [];
  for (let k = 0; k < presses; k += 1) {
    await scrollArticleTo(page, k, presses);
    // A person selects after the scrolling stopped, and a mouse selection takes longer than the
    // app's settling of the ghosts near the new view (GHOST_SETTLE_MS, then one chunk a frame);
    // that work is measured by the long tasks, not counted in the key press.
    await page.waitForTimeout(SETTLE_AFTER_SCROLL_MS);
    // The words selected may already be a span of the key's label (the generated spans are
    // dense): the app then selects that span and makes none, and the press measures nothing. Such
    // a press is not counted; other words of the same stretch are selected and the key pressed
    // again (at most twice more). A press that neither made a span nor selected one is an error.
    for (let attempt = 0; ; attempt += 1) {
      if (!(await selectVisibleWords(page, k + 1_000 * attempt))) throw new Error('found no text to select');
      await page.waitForTimeout(40); // the selectionchange reaches ProseMirror
      const made = await pressAndPaint(page, String((k % 4) + 1), { kind: 'newSpan', root: ARTICLE }, LABEL_TIMEOUT_MS).catch(async (error: unknown) => {
        if (attempt >= 2 || (await page.locator(`${ARTICLE} .hl-selected`).count()) === 0) throw error;
        return null;
      });
      await page.waitForTimeout(60);
      if (made !== null) {
        times.push(made);
        break;
      }
    }
  }
  return times;
}

/** Runs the article case; `presses` label, delete and undo key presses each. */
export async function benchArticle(browser: Browser, c: ArticleCase, repeat: number, presses: number, log: (s: string) => void): Promise<Measurement[]> {
  const size = c.spans.toLocaleString('en');
  // A fresh host per run: the host remembers the last open document, which would open by itself.
  let served = await serve(c.root, c.corpus, c.annotator);
  try {
    const open: number[] = [];
    const heap: number[] = [];
    const scrollFps: number[] = [];
    const scrollTasks: number[] = [];
    let page: Page | null = null;
    for (let r = 0; r < repeat; r += 1) {
      if (page) {
        await page.context().close();
        page = null;
        await served.stop();
        served = await serve(c.root, c.corpus, c.annotator);
      }
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
      const next = await context.newPage();
      open.push(await openDocument(next, served.url, c));
      const cdp = await context.newCDPSession(next);
      await cdp.send('HeapProfiler.collectGarbage');
      const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      heap.push(usage.usedSize / 2 ** 20);
      await startLongTasks(next);
      const scrolled = await scrollThrough(next, ARTICLE, 60, 6_000);
      scrollFps.push(scrolled.fps);
      scrollTasks.push(Math.max(0, ...(await takeLongTasks(next)).map((t) => t.duration)));
      log(`  open ${size}: ${open.at(-1)?.toFixed(0)} ms, heap ${heap.at(-1)?.toFixed(1)} MB, scroll ${scrolled.fps.toFixed(1)} fps`);
      page = next;
    }
    if (!page) throw new Error('no run');

    // Typing: label, then delete a span and undo the delete, on stretches spread over the text.
    await startLongTasks(page);
    const label = await pressLabelKeys(page, presses);
    const del: number[] = [];
    const undo: number[] = [];
    for (let k = 0; k < presses; k += 1) {
      await scrollArticleTo(page, presses - 1 - k, presses);
      await page.waitForTimeout(SETTLE_AFTER_SCROLL_MS);
      // Select a span the way a reviewer of the list does: its row in the Annotations list.
      await page.locator('.span-list [data-span-id]').nth(k % 8).click();
      await page.locator(`${ARTICLE} .hl-selected`).first().waitFor({ state: 'attached' });
      // The click scrolls the span into view in the article; the person looks before pressing.
      await page.waitForTimeout(SETTLE_AFTER_SCROLL_MS);
      const selected = await page.locator(`${ARTICLE} .hl-selected`).first().getAttribute('data-span-id');
      if (!selected) throw new Error('clicking a highlight selected nothing');
      del.push(await pressAndPaint(page, 'Delete', { kind: 'spanGone', root: ARTICLE, id: selected }));
      await page.waitForTimeout(60);
      undo.push(await pressAndPaint(page, 'Control+z', { kind: 'spanPresent', root: ARTICLE, id: selected }));
      await page.waitForTimeout(60);
    }
    await page.locator('[data-state="saved"]').waitFor({ timeout: 30_000 });
    const typingTasks = await takeLongTasks(page);
    await page.context().close();
    return [
      { name: `open 100k / ${size} spans`, unit: 'ms', target: c.openTarget, statistic: 'median', samples: open },
      { name: `label key → painted (${size})`, unit: 'ms', target: c.keyTarget, statistic: 'p95', samples: label },
      { name: `delete key → painted (${size})`, unit: 'ms', target: c.keyTarget, statistic: 'p95', samples: del },
      { name: `undo key → painted (${size})`, unit: 'ms', target: c.keyTarget, statistic: 'p95', samples: undo },
      { name: `longest task typing + saving (${size})`, unit: 'ms', target: 50, statistic: 'max', samples: typingTasks.length > 0 ? typingTasks.map((t) => t.duration) : [0] },
      { name: `scroll frame rate (${size})`, unit: 'fps', target: 55, statistic: 'median', samples: scrollFps },
      { name: `longest task scrolling (${size})`, unit: 'ms', target: 50, statistic: 'max', samples: scrollTasks },
      { name: `JS heap after open (${size})`, unit: 'MB', target: c.spans <= 5000 ? 100 : null, statistic: 'median', samples: heap },
    ];
  } finally {
    await served.stop();
  }
}
