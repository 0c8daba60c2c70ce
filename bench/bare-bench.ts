/**
 * The bare-stack reference (see bare-page.ts): the same article, the same spans, the same Chromium
 * and the same probes as the app's measurements, on a page with only TipTap and ProseMirror
 * decorations. Reported beside the app's figures (no target): how close Hashiya stays to the bare
 * stack, and what the probes measure on this machine when there is nothing but the stack.
 */
import type { Browser, Page } from '@playwright/test';
import { build } from 'esbuild';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Span } from '../shared/model';
import { ARTICLE, pressLabelKeys } from './article-bench';
import type { BareData } from './bare-page';
import { BENCH_LABELS } from './generate-article';
import { timeUntilPainted } from './probes';
import type { Measurement } from './stats';

/** Writes the page, its script and its data into `dir`; returns the page's URL. */
async function writeBarePage(root: string, dir: string, text: string, spans: readonly Span[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  await build({ entryPoints: [path.join(root, 'bench', 'bare-page.ts')], outfile: path.join(dir, 'bare.js'), bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning' });
  const font = 'noto-naskh-arabic-arabic-400-normal.woff2';
  await copyFile(path.join(root, 'node_modules', '@fontsource', 'noto-naskh-arabic', 'files', font), path.join(dir, font));
  const data: BareData = {
    text,
    spans: spans.map((s) => ({ id: s.id, start: s.start, end: s.end, label: BENCH_LABELS.indexOf(s.label as (typeof BENCH_LABELS)[number]) })),
  };
  await writeFile(path.join(dir, 'data.js'), `window.__bareData = ${JSON.stringify(data)};\n`);
  // The app's article typography and highlight look, without its layout tricks.
  await writeFile(
    path.join(dir, 'bare.html'),
    `<!doctype html>
<html lang="ar"><head><meta charset="utf-8"><title>bare TipTap</title><style>
@font-face { font-family: 'Noto Naskh Arabic'; src: url(${font}) format('woff2'); }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; }
.article-scroll { flex: 1; overflow: auto; padding: 12px 28px 40px; }
.article { font-family: 'Noto Naskh Arabic', sans-serif; font-size: 1.3rem; line-height: 2.7; max-width: 52rem; margin: 0 auto; outline: none; white-space: pre-wrap; }
.article p { margin: 0 0 0.2em; min-height: 1em; unicode-bidi: plaintext; }
.hl { background: color-mix(in srgb, var(--hl) 60%, transparent); border-bottom: 3px solid color-mix(in srgb, var(--hl) 50%, #000); }
.hl-l0 { --hl: #d95f02; } .hl-l1 { --hl: #1b9e77; } .hl-l2 { --hl: #d7191c; } .hl-l3 { --hl: #7570b3; }
</style></head><body><button id="open">open</button><div class="article-scroll"></div>
<script src="data.js"></script><script src="bare.js"></script></body></html>
`,
  );
  return pathToFileURL(path.join(dir, 'bare.html')).href;
}

async function openBare(page: Page, url: string, spans: number): Promise<number> {
  await page.goto(url);
  return timeUntilPainted(page, 'click', () => page.locator('#open').click(), { kind: 'spanCount', root: ARTICLE, atLeast: spans }, 60_000);
}

/** Opens the bare page `repeat` times, then presses `presses` label keys as the app's bench does. */
export async function benchBare(
  browser: Browser,
  root: string,
  dir: string,
  text: string,
  spans: readonly Span[],
  repeat: number,
  presses: number,
  log: (s: string) => void,
): Promise<Measurement[]> {
  const size = spans.length.toLocaleString('en');
  const url = await writeBarePage(root, dir, text, spans);
  const open: number[] = [];
  let page: Page | null = null;
  for (let r = 0; r < repeat; r += 1) {
    await page?.context().close();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
    open.push(await openBare(page, url, spans.length));
    log(`  bare TipTap, open ${size}: ${open.at(-1)?.toFixed(0)} ms`);
  }
  if (!page) throw new Error('no run');
  const label = await pressLabelKeys(page, presses);
  await page.context().close();
  return [
    { name: `bare TipTap: open 100k / ${size} spans`, unit: 'ms', target: null, statistic: 'median', samples: open },
    { name: `bare TipTap: label key → painted (${size})`, unit: 'ms', target: null, statistic: 'p95', samples: label },
  ];
}
