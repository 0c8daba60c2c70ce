import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LayerContentValue } from '../../shared/corpus/merge-layers';
import type { Span } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';
import { canonicalise } from '../../shared/text/canonicalise';
import { quoteContext } from '../../shared/text/quote-context';
import { recoverUnsaved, type JournalEntry } from '../../renderer/src/recovery';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const text = canonicalise(readFileSync(path.join(root, 'seeds/004_fee82008326e4aee.txt'), 'utf8')).text;

function span(id: string, label: string, quote: string): Span {
  const start = [...text.slice(0, text.indexOf(quote))].length;
  const q = quoteContext(text, start, start + [...quote].length);
  expect(q.text).toBe(quote);
  return { id, label, start, end: start + [...quote].length, text: q.text, prefix: q.prefix, suffix: q.suffix, attributes: {}, note: '' };
}

const first = text.split('\n')[0] ?? '';
const words = first.split(' ');
const a = span('s1', 'Actor', words[0] ?? '');
const b = span('s2', 'Place', `${words[2]} ${words[3]}`);
const c = span('s3', 'Claim', words[5] ?? '');
const layer = (spans: readonly Span[]): LayerContentValue => ({ spans, relations: [], rejected: [] });
const entry = (over: Partial<JournalEntry>): JournalEntry => ({
  corpus: '/corpora/seeds',
  annotator: 'نور',
  documentId: '004_fee82008326e4aee',
  textSha256: 'f'.repeat(64),
  baseRevision: 3,
  base: layer([a]),
  content: layer([a, b]),
  status: 'in_progress',
  writtenAt: '2026-11-21T10:00:00.000Z',
  ...over,
});

describe('recoverUnsaved', () => {
  it('restores the journaled content as it is when the disk is still at the revision the edits started from', () => {
    const r = recoverUnsaved(entry({}), layer([a]), 3, 'in_progress', 'f'.repeat(64), DEFAULT_SCHEMA);
    expect(r).toEqual({ kind: 'restore', content: layer([a, b]), status: 'in_progress', conflicts: [], merged: false });
    if (r.kind === 'restore') expect(r.content.spans.map((s) => s.text)).toEqual([words[0], `${words[2]} ${words[3]}`]);
  });

  it('finds nothing to do when the save reached the disk but the journal was not cleared', () => {
    expect(recoverUnsaved(entry({}), layer([a, b]), 4, 'in_progress', 'f'.repeat(64), DEFAULT_SCHEMA)).toEqual({ kind: 'nothing' });
  });

  it('merges with a layer saved elsewhere meanwhile, keeping both sides’ spans', () => {
    const theirs = layer([a, { ...c, id: 's2' }]); // another window added its own s2
    const r = recoverUnsaved(entry({}), theirs, 4, 'in_progress', 'f'.repeat(64), DEFAULT_SCHEMA);
    expect(r.kind).toBe('restore');
    if (r.kind !== 'restore') return;
    expect(r.merged).toBe(true);
    // Our s2 is renumbered s3 (the next free id): theirs keeps s2. Text order: word 0, words 2–3, word 5.
    expect(r.content.spans.map((s) => [s.id, s.label, s.text])).toEqual([
      ['s1', 'Actor', '"هجوم'],
      ['s3', 'Place', 'يستهدف الأمريكيين'],
      ['s2', 'Claim', words[5]],
    ]);
  });

  it('gives merged spans in the store’s order: at one place with one label, ids as strings (s10 before s9)', () => {
    // Theirs and ours each add a Place over the same words: the merge keeps both, ids s9 and s10.
    const base = layer([a]);
    const ours = layer([a, { ...b, id: 's10' }]);
    const theirs = layer([a, { ...b, id: 's9' }]);
    const r = recoverUnsaved(entry({ base, content: ours }), theirs, 4, 'in_progress', 'f'.repeat(64), DEFAULT_SCHEMA);
    expect(r.kind).toBe('restore');
    if (r.kind !== 'restore') return;
    expect(r.content.spans.map((s) => [s.id, s.start, s.end, s.label])).toEqual([
      ['s1', a.start, a.end, 'Actor'],
      ['s10', b.start, b.end, 'Place'],
      ['s9', b.start, b.end, 'Place'],
    ]);
  });

  it('refuses to place edits made on another text', () => {
    expect(recoverUnsaved(entry({}), layer([a]), 3, 'in_progress', 'e'.repeat(64), DEFAULT_SCHEMA)).toEqual({ kind: 'text-changed' });
  });
});
