// @vitest-environment jsdom
// The store's host module reads `window` and `document` when imported, hence jsdom.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { spanOrder, useHashiya, visibleSuggestions, type Article } from '../../renderer/src/store';
import type { Suggestion } from '../../shared/host-contract';
import type { DocumentMeta, Span } from '../../shared/model';
import { CodePointIndex } from '../../shared/text/code-points';

// A path, not a URL: under jsdom, `URL` is jsdom's, which `readFileSync` does not take.
const seed000 = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../seeds/000_7db2a034c338d373.txt'), 'utf8');

/** Code point offsets of the n-th occurrence of `needle` in the seed. */
function find(needle: string, occurrence = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = seed000.indexOf(needle, at + 1);
  if (at < 0) throw new Error(needle);
  const start = Array.from(seed000.slice(0, at)).length;
  return { start, end: start + Array.from(needle).length };
}

function span(id: string, label: string, needle: string, occurrence = 0, attributes: Span['attributes'] = {}): Span {
  return { id, label, ...find(needle, occurrence), text: needle, prefix: '', suffix: '', attributes, note: '' };
}

function suggestion(label: string, needle: string, occurrence = 0): Suggestion {
  return { label, ...find(needle, occurrence), text: needle };
}

const meta: DocumentMeta = {
  id: '000',
  source: '000.txt',
  importedAt: '2025-01-01T00:00:00.000Z',
  sha256: '',
  length: Array.from(seed000).length,
  canonicalisation: { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] },
};

function article(spans: readonly Span[], changes: Partial<Article> = {}): Article {
  const content = { spans: [...spans].sort(spanOrder), relations: [], rejected: [] };
  return {
    id: '000',
    meta,
    text: seed000,
    index: new CodePointIndex(seed000),
    content,
    base: content,
    baseStored: true,
    orphans: new Map(),
    status: 'in_progress',
    revision: 1,
    selectedId: null,
    linkedId: null,
    past: [],
    future: [],
    nextSpan: 100,
    nextRelation: 1,
    save: 'saved',
    saveError: null,
    suggestions: [],
    suggestionCursor: null,
    proposals: new Map(),
    notice: null,
    banner: null,
    ...changes,
  };
}

function current(): Article {
  const a = useHashiya.getState().article;
  if (!a) throw new Error('no article');
  return a;
}

const ids = () => current().content.spans.map((s) => s.id);

// Seed 000: the US forces, Syria, Deir ez-Zor inside "the eastern countryside of Deir ez-Zor".
const forces = span('s1', 'Actor', 'القوات الأمريكية');
const syria = span('s2', 'Place', 'سوريا');
const countryside = span('s3', 'Place', 'ريف دير الزور الشرقي');
const deirInside = span('s4', 'Place', 'دير الزور', 1);

beforeEach(() => {
  // No autosave: the store's save timer would call a host that is not there.
  vi.useFakeTimers();
});
afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
  useHashiya.setState({ article: null });
});

describe('visibleSuggestions', () => {
  const place = suggestion('Place', 'سوريا');
  const actor = suggestion('Actor', 'سوريا');
  const deir = suggestion('Place', 'دير الزور', 1);
  const observatory = suggestion('Actor', 'المرصد السوري');
  const later = suggestion('Place', 'سوريا', 2);

  it('leaves out what is already a span of that label there, and what was rejected', () => {
    const a = article([syria, countryside], {
      suggestions: [place, actor, observatory, deir, later],
      content: { spans: [syria, countryside], relations: [], rejected: [{ label: 'Actor', ...find('المرصد السوري') }] },
    });
    expect(syria).toMatchObject({ start: 107, end: 112 });
    expect(visibleSuggestions(a)).toEqual([actor, deir, later]);
  });

  it('also when the suggestions do not come sorted by start', () => {
    const a = article([syria, deirInside], { suggestions: [later, deir, place, observatory, actor] });
    expect(visibleSuggestions(a)).toEqual([later, observatory, actor]);
  });

  it('gives the same array again while the answer stays the same', () => {
    const a = article([syria], { suggestions: [place, actor, deir] });
    const first = visibleSuggestions(a);
    expect(first).toEqual([actor, deir]);
    expect(visibleSuggestions({ ...a })).toBe(first);
    // Another span, not among the suggestions: new content, same answer, same array.
    const more = { ...a, content: { ...a.content, spans: [forces, syria] } };
    expect(visibleSuggestions(more)).toBe(first);
    const fewer = { ...a, content: { ...a.content, spans: [syria, deirInside] } };
    expect(visibleSuggestions(fewer)).toEqual([actor]);
  });

  it('agrees with checking every suggestion against every span and rejection', () => {
    const words = [...seed000.matchAll(/[\p{L}\p{M}\p{Nd}]+/gu)].slice(0, 40).map((m) => ({ start: m.index, end: m.index + m[0].length }));
    const labels = ['Actor', 'Place'];
    const item = fc.tuple(fc.nat(words.length - 1), fc.nat(1), fc.nat(1)).map(([w, extra, label]) => ({
      label: labels[label] as string,
      start: (words[w] as { start: number }).start,
      end: (words[Math.min(words.length - 1, w + extra)] as { end: number }).end,
    }));
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), fc.array(item, { maxLength: 30 }), fc.array(item, { maxLength: 5 }), (spansIn, suggestionsIn, rejected) => {
        const spans = spansIn.map((s, i) => ({ id: `s${i + 1}`, ...s, text: '', prefix: '', suffix: '', attributes: {}, note: '' })).sort(spanOrder);
        const suggestions = suggestionsIn.map((s) => ({ ...s, text: '' }));
        const same = (a: { label: string; start: number; end: number }, b: { label: string; start: number; end: number }) =>
          a.label === b.label && a.start === b.start && a.end === b.end;
        const expected = suggestions.filter((s) => !spans.some((t) => same(s, t)) && !rejected.some((r) => same(s, r)));
        expect(visibleSuggestions(article([], { suggestions, content: { spans, relations: [], rejected } }))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('adding and deleting spans', () => {
  it('adds a span in order, selects it, and skips one that is already there', () => {
    useHashiya.setState({ article: article([forces, countryside, syria]) });
    const deir = find('دير الزور', 1);
    expect(useHashiya.getState().addSpans([{ label: 'Place', ...deir }])).toEqual(['s100']);
    expect(ids()).toEqual(['s1', 's2', 's3', 's100']);
    expect(current().content.spans[3]).toMatchObject({ id: 's100', label: 'Place', start: 329, end: 338, text: 'دير الزور' });
    expect(current().selectedId).toBe('s100');
    expect(current().past).toHaveLength(1);

    // The same label and offsets again: nothing added, the existing span selected.
    useHashiya.getState().select(null);
    expect(useHashiya.getState().addSpans([{ label: 'Place', ...deir }])).toEqual([]);
    expect(current().selectedId).toBe('s100');
    expect(current().past).toHaveLength(1);
    // Another label on the same words is another span.
    expect(useHashiya.getState().addSpans([{ label: 'Actor', ...deir }])).toEqual(['s101']);
    expect(ids()).toEqual(['s1', 's2', 's3', 's101', 's100']);
  });

  it('adds several at once, once each, returning their ids in the order asked', () => {
    useHashiya.setState({ article: article([countryside]) });
    const added = useHashiya.getState().addSpans([
      { label: 'Place', ...find('سوريا', 2) },
      { label: 'Actor', ...find('القوات الأمريكية') },
      { label: 'Place', ...find('سوريا', 2) },
      { label: 'Place', ...find('سوريا') },
    ]);
    expect(added).toEqual(['s100', 's101', 's102']);
    expect(ids()).toEqual(['s101', 's102', 's3', 's100']);
    expect(current().past).toHaveLength(1);
  });

  it('deletes a span with its relations and the references to it, and undo brings all back', () => {
    const soldiers = span('s5', 'CasualtyCount', 'خمسة جنود أمريكيين', 0, { affected_party: 's1', value: 5 });
    const kirby = span('s6', 'Actor', 'جون كيربي', 0, { canonical_name: 'Kirby' });
    const before = article([forces, syria, soldiers, kirby], { selectedId: 's1' });
    const relations = [
      { id: 'r1', type: 'located_at', from: 's5', to: 's2' },
      { id: 'r2', type: 'related_to', from: 's1', to: 's6' },
    ];
    useHashiya.setState({ article: { ...before, content: { ...before.content, relations } } });
    const untouched = current().content.spans.find((s) => s.id === 's6');
    useHashiya.getState().deleteSpan('s1');
    expect(ids()).toEqual(['s2', 's5', 's6']);
    expect(current().content.spans.find((s) => s.id === 's5')?.attributes).toEqual({ value: 5 });
    // Spans that did not point at it are the same objects.
    expect(current().content.spans.find((s) => s.id === 's6')).toBe(untouched);
    expect(current().content.relations).toEqual([relations[0]]);
    expect(current().selectedId).toBeNull();

    useHashiya.getState().undo();
    expect(ids()).toEqual(['s1', 's2', 's5', 's6']);
    expect(current().content.spans.find((s) => s.id === 's5')?.attributes).toEqual({ affected_party: 's1', value: 5 });
    expect(current().content.relations).toEqual(relations);
    useHashiya.getState().redo();
    expect(ids()).toEqual(['s2', 's5', 's6']);
  });

  it('keeps the spans sorted through any sequence of adds, deletes and undos', () => {
    const words = [...seed000.matchAll(/[\p{L}\p{M}\p{Nd}]+/gu)].slice(0, 50).map((m) => ({ start: m.index, end: m.index + m[0].length }));
    type Step = { kind: 'add'; inputs: { label: string; start: number; end: number }[] } | { kind: 'delete'; at: number } | { kind: 'undo' };
    const range = fc.tuple(fc.nat(words.length - 1), fc.nat(2), fc.constantFrom('Actor', 'Place')).map(([w, extra, label]) => ({
      label,
      start: (words[w] as { start: number }).start,
      end: (words[Math.min(words.length - 1, w + extra)] as { end: number }).end,
    }));
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), inputs: fc.array(range, { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('undo' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        useHashiya.setState({ article: article([forces, countryside, deirInside]) });
        for (const s of steps) {
          const spans = current().content.spans;
          if (s.kind === 'add') {
            const expected = new Set(spans.map((x) => `${x.label}|${x.start}|${x.end}`));
            for (const input of s.inputs) expected.add(`${input.label}|${input.start}|${input.end}`);
            useHashiya.getState().addSpans(s.inputs);
            expect(new Set(current().content.spans.map((x) => `${x.label}|${x.start}|${x.end}`))).toEqual(expected);
          } else if (s.kind === 'delete') {
            if (spans.length > 0) useHashiya.getState().deleteSpan((spans[s.at % spans.length] as Span).id);
          } else useHashiya.getState().undo();
          const now = current().content.spans;
          expect(now).toEqual([...now].sort(spanOrder));
          expect(new Set(now.map((x) => x.id)).size).toBe(now.length);
        }
      }),
      { numRuns: 100 },
    );
  });
});
