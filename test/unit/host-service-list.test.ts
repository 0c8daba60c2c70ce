import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHostService, type HostService } from '../../electron/host-service';
import type { DocumentSummary } from '../../shared/host-contract';
import { cpSlice, seed000, seed004 } from '../fixtures/text/load';
import { ID_000, ID_004, SEEDS, seedCorpus } from '../support/seed-corpus';

// The document list as the renderer gets it, over the seeds: titles, lengths, the annotator's
// status and span counts, in id order; the same on every call, and fresh after a save.

let dir: string;
let service: HostService;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-list-'));
  const store = await seedCorpus(dir);
  service = await createHostService({ dataDir: path.join(dir, 'home'), seedsDir: SEEDS, corpus: store.root, annotator: 'amal', version: 'test' });
});
afterEach(async () => {
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

const firstLine = (text: string): string => text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
const title = (text: string): string => {
  const chars = [...firstLine(text)];
  return chars.length > 90 ? `${chars.slice(0, 90).join('')}…` : chars.join('');
};

describe('listDocuments', () => {
  it('lists every document with its title and length, and the annotator’s layers, the same on every call', async () => {
    const expected: DocumentSummary[] = [
      { id: ID_000, title: title(seed000), length: [...seed000].length, status: 'not_started', spans: 0, problem: null },
      { id: ID_004, title: title(seed004), length: [...seed004].length, status: 'not_started', spans: 0, problem: null },
    ];
    // The first call may meet the background reads started when the corpus opened.
    const [first, second] = await Promise.all([service.listDocuments(), service.listDocuments()]);
    expect(first).toEqual(expected);
    expect(second).toEqual(expected);

    const span = { id: 's1', label: 'Place', start: 91, end: 100, text: cpSlice(seed000, 91, 100), attributes: {}, note: '' };
    await service.saveLayer(ID_000, { spans: [span], relations: [], rejected: [], status: 'done', expectedRevision: 0 });
    expect(await service.listDocuments()).toEqual([{ ...expected[0], status: 'done', spans: 1 }, expected[1]]);
    expect((await service.corpusProgress()).documents.map((d) => [d.id, d.title, d.layers.amal])).toEqual([
      [ID_000, expected[0]?.title, { status: 'done', spans: 1 }],
      [ID_004, expected[1]?.title, { status: 'not_started', spans: 0 }],
    ]);
  });
});
