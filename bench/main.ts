/**
 * `npm run bench`: generates the inputs (deterministic), runs the real app through `hashiya serve`
 * in Chromium and the real CLI, repeats each measurement and prints medians and spread as a table
 * (`--json`: as JSON). Not part of `npm test`; the targets are issue 6's, for this machine.
 *
 * Beside the article's figures it reports the bare stack's (bare-bench.ts), measured the same way.
 *
 *   npm run bench [-- --json] [--repeat N] [--presses N] [--only article|bare|corpus] [--documents N] [--keep]
 */
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocumentMeta, serializeLayer } from '../shared/corpus';
import type { Span } from '../shared/model';
import { benchArticle } from './article-bench';
import { benchBare } from './bare-bench';
import { benchCorpus } from './corpus-bench';
import { generateCorpus } from './generate-corpus';
import { articleSpans, articleText, benchLayer } from './generate-article';
import { cliPath } from './serve';
import { formatTable, summarise, type Measurement } from './stats';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '5' },
    presses: { type: 'string', default: '40' },
    only: { type: 'string' },
    documents: { type: 'string', default: '10000' },
    keep: { type: 'boolean', default: false },
    root: { type: 'string', default: process.cwd() },
  },
});
const root = path.resolve(values.root);
const repeat = Number(values.repeat);
const presses = Number(values.presses);
const documents = Number(values.documents);
const log = (s: string) => process.stderr.write(`${s}\n`);

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

async function seedTexts(): Promise<string[]> {
  const dir = path.join(root, 'seeds');
  const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  return Promise.all(names.map((n) => readFile(path.join(dir, n), 'utf8')));
}

/**
 * A corpus holding one ~100,000-character article, with layers of 5,000 and 20,000 spans, and a
 * short document listed before it (the app opens the first document by itself; the long one is
 * then opened by a click, as a user would).
 */
async function longArticleCorpus(work: string): Promise<{ corpus: string; documentId: string; text: string; spans: ReadonlyMap<string, readonly Span[]> }> {
  const corpus = path.join(work, 'long-article');
  const source = path.join(work, 'long-article-source');
  await mkdir(source, { recursive: true });
  const seeds = await seedTexts();
  await writeFile(path.join(source, 'long-article.txt'), articleText(seeds, 100_000, 6));
  await writeFile(path.join(source, 'a-short.txt'), articleText(seeds, 1_000, 7));
  execFileSync(process.execPath, [cliPath(root), 'import', '--corpus', corpus, path.join(source, 'long-article.txt'), path.join(source, 'a-short.txt')], { stdio: 'ignore' });
  const metaFile = path.join(corpus, 'documents', 'long-article.meta.json');
  const meta = parseDocumentMeta(await readFile(metaFile, 'utf8'), metaFile);
  if (!meta.ok) throw new Error(meta.errors.map((e) => e.message).join('\n'));
  const text = await readFile(path.join(corpus, 'documents', `${meta.value.id}.txt`), 'utf8');
  const spans = new Map<string, readonly Span[]>();
  for (const [annotator, count] of [['bench5k', 5_000], ['bench20k', 20_000]] as const) {
    await mkdir(path.join(corpus, 'layers', annotator), { recursive: true });
    spans.set(annotator, articleSpans(text, count, count));
    const layer = benchLayer(meta.value.id, annotator, meta.value.sha256, spans.get(annotator) ?? []);
    await writeFile(path.join(corpus, 'layers', annotator, `${meta.value.id}.jsonl`), serializeLayer(layer));
  }
  return { corpus, documentId: meta.value.id, text, spans };
}

async function main(): Promise<void> {
  if (!existsSync(cliPath(root)) || !existsSync(path.join(root, 'dist', 'node', 'cli.js'))) throw new Error('build first: npm run build');
  const work = await mkdtemp(path.join(os.tmpdir(), 'hashiya-bench-'));
  const measurements: Measurement[] = [];
  const browser = await chromium.launch(
    existsSync(DEBIAN_CHROMIUM) && !process.env.HASHIYA_PLAYWRIGHT_BROWSER
      ? { executablePath: DEBIAN_CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'] }
      : {},
  );
  const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '?', memoryGiB: Math.round(os.totalmem() / 2 ** 30), chromium: browser.version() };
  log(`hashiya bench: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, Chromium ${machine.chromium}; inputs in ${work}`);
  try {
    if (values.only === undefined || values.only === 'article' || values.only === 'bare') {
      log('generating the 100,000-character article …');
      const article = await longArticleCorpus(work);
      for (const [annotator, spans, openTarget, keyTarget] of [['bench5k', 5_000, 700, 16], ['bench20k', 20_000, 1_200, 33]] as const) {
        log(`article with ${spans.toLocaleString('en')} spans:`);
        if (values.only !== 'bare') {
          const { corpus, documentId } = article;
          measurements.push(...(await benchArticle(browser, { root, corpus, documentId, annotator, spans, openTarget, keyTarget }, repeat, presses, log)));
        }
        const bare = path.join(work, `bare-${annotator}`);
        measurements.push(...(await benchBare(browser, root, bare, article.text, article.spans.get(annotator) ?? [], repeat, presses, log)));
      }
    }
    if (values.only === undefined || values.only === 'corpus') {
      log(`generating a corpus of ${documents.toLocaleString('en')} documents …`);
      const corpus = path.join(work, 'corpus');
      const started = performance.now();
      await generateCorpus(corpus, { documents, charsPerDocument: 2_000, annotators: ['ali', 'sara'], seed: 10 });
      log(`  generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      measurements.push(...(await benchCorpus(browser, { root, corpus, annotators: ['ali', 'sara'], documents }, repeat, log)));
    }
  } finally {
    await browser.close();
    if (!values.keep) await rm(work, { recursive: true, force: true });
  }
  const summaries = measurements.map(summarise);
  if (values.json) process.stdout.write(`${JSON.stringify({ machine, repeat, presses, results: summaries }, null, 2)}\n`);
  else process.stdout.write(`\n${formatTable(summaries)}\n`);
  const missed = summaries.filter((s) => !s.pass);
  if (missed.length > 0) log(`\n${missed.length} figure(s) missed the target: ${missed.map((s) => s.name).join('; ')}`);
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
