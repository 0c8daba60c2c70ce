// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getSchema } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import { EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet, EditorView } from '@tiptap/pm/view';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { articleContent } from '../../renderer/src/editor/article-content';
import { diffDecorations, type DecorationDescriptor, type DecorationUpdate } from '../../renderer/src/editor/decoration-diff';
import { ghostDescriptors, highlightKey, highlightLayers, highlightPlugin, searchHitDescriptors, spanDescriptors, type HighlightInput, type HighlightLayers } from '../../renderer/src/editor/highlights';
import type { Suggestion } from '../../shared/host-contract';
import type { Span } from '../../shared/model';
import { EditorPositions } from '../../shared/text/editor-positions';

// A path, not a URL: under jsdom, `URL` is jsdom's, which `readFileSync` does not take.
const seed000 = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../seeds/000_7db2a034c338d373.txt'), 'utf8');
const positions = new EditorPositions(seed000);
const schema = getSchema([Document, Paragraph, Text]);
const doc = schema.nodeFromJSON(articleContent(positions));
const labelIndex: ReadonlyMap<string, number> = new Map([['Actor', 0], ['Place', 1], ['CasualtyCount', 2], ['Claim', 3]]);

/** Code point offsets of the n-th occurrence of `needle` in the seed. */
function find(needle: string, occurrence = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = seed000.indexOf(needle, at + 1);
  if (at < 0) throw new Error(needle);
  const start = Array.from(seed000.slice(0, at)).length;
  return { start, end: start + Array.from(needle).length };
}

function span(id: string, label: string, needle: string, occurrence = 0): Span {
  return { id, label, ...find(needle, occurrence), text: needle, prefix: '', suffix: '', attributes: {}, note: '' };
}

/** The store's order: start, end, label, id. */
function sorted(spans: readonly Span[]): Span[] {
  return [...spans].sort((a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) || (a.id < b.id ? -1 : 1));
}

function input(spans: readonly Span[], changes: Partial<HighlightInput> = {}): HighlightInput {
  return { positions, spans: sorted(spans), labelIndex, selectedId: null, linkedIds: new Set(), suggestions: [], suggestionCursor: null, searchHits: [], ...changes };
}

/** The update to `next`, after `previous` was drawn; a decoration is "made" as its descriptor. */
function update(previous: HighlightInput, next: HighlightInput): DecorationUpdate<DecorationDescriptor> {
  const first = diffDecorations([], highlightLayers(previous), (d) => d);
  return diffDecorations(first.layers, highlightLayers(next), (d) => d);
}

/** All descriptors of the layers, in drawing order. */
function flat(layers: HighlightLayers): readonly DecorationDescriptor[] {
  return layers.flat();
}

function patch(u: DecorationUpdate<DecorationDescriptor>): { remove: string[]; add: { key: string; from: number; to: number; class: string | undefined }[] } {
  if (u.kind !== 'patch') throw new Error(`expected a patch, got ${u.kind}`);
  return {
    remove: u.remove.map((d) => d.key),
    add: u.add.map((d) => ({ key: d.key, from: d.from, to: d.to, class: d.attrs.class })),
  };
}

/** Word ranges of the seed (code points; the seed has no astral characters). */
const seedWords = [...seed000.matchAll(/[\p{L}\p{M}\p{Nd}]+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length }));

// Seed 000: the US forces; Deir ez-Zor twice on its own, once inside "the eastern countryside of Deir ez-Zor".
const forces = span('s1', 'Actor', 'القوات الأمريكية');
const deirFirst = span('s2', 'Place', 'دير الزور');
const countryside = span('s3', 'Place', 'ريف دير الزور الشرقي');
const deirInside = span('s4', 'Place', 'دير الزور', 1);
const base = [forces, deirFirst, countryside, deirInside];

describe('highlightLayers', () => {
  it('describes spans with label, row, selection and link classes at their editor positions', () => {
    expect(deirFirst).toMatchObject({ start: 91, end: 100 });
    const list = flat(highlightLayers(input(base, { selectedId: 's3', linkedIds: new Set(['s1']) })));
    expect(list.map((d) => [d.key, d.from, d.to, d.attrs.class])).toEqual([
      ['span:s1', 40, 56, 'hl hl-l0 row-0 hl-linked'],
      // Offset 91 is on the second line: one more position for the paragraph boundary.
      ['span:s2', 93, 102, 'hl hl-l1 row-0'],
      ['span:s3', 329, 349, 'hl hl-l1 row-1 hl-selected'],
      ['span:s4', 333, 342, 'hl hl-l1 row-0'],
    ]);
    expect(list[2]).toEqual({
      key: 'span:s3',
      from: 329,
      to: 349,
      attrs: { nodeName: 'span', class: 'hl hl-l1 row-1 hl-selected', 'data-span-id': 's3', 'data-label': 'Place' },
      spec: { id: 's3' },
    });
  });

  it('draws search hits (once per range) before ghosts before spans, and marks the current ghost', () => {
    const syria: Suggestion = { label: 'Place', start: 107, end: 112, text: 'سوريا' };
    const unknown: Suggestion = { label: 'Weapon', start: 219, end: 232, text: 'المرصد السوري' };
    const layers = highlightLayers(
      input([forces], { suggestions: [syria, unknown], suggestionCursor: 1, searchHits: [{ start: 91, end: 100 }, { start: 91, end: 100 }] }),
    );
    expect(layers.map((layer) => layer.map((d) => [d.key, d.attrs]))).toEqual([
      [['hit:91:100', { class: 'search-hit' }]],
      [
        ['sug:107:112:Place', { nodeName: 'span', class: 'ghost hl-l1', 'data-suggestion': '107:112', 'data-label': 'Place', title: 'Place' }],
        ['sug:219:232:Weapon', { nodeName: 'span', class: 'ghost hl-unknown ghost-current', 'data-suggestion': '219:232', 'data-label': 'Weapon', title: 'Weapon' }],
      ],
      [['span:s1', { nodeName: 'span', class: 'hl hl-l0 row-0', 'data-span-id': 's1', 'data-label': 'Actor' }]],
    ]);
    expect(layers[1]?.[0]?.spec).toEqual({ suggestion: '107:112' });
  });
});

describe('ghostDescriptors near a stretch of the text', () => {
  const ghosts: Suggestion[] = [
    { label: 'Place', ...find('سوريا'), text: 'سوريا' },
    { label: 'Actor', ...find('المرصد السوري'), text: 'المرصد السوري' },
    { label: 'Place', ...find('سوريا', 1), text: 'سوريا' },
    { label: 'Place', ...find('سوريا', 3), text: 'سوريا' },
  ];

  it('draws the ghosts `near` takes by their start, and the current one wherever it is', () => {
    const keys = (cursor: number | null, from: number, to: number) =>
      ghostDescriptors(positions, ghosts, cursor, labelIndex, (start) => start >= from && start < to).map((d) => [d.key, d.attrs.class]);
    expect(keys(null, 100, 900)).toEqual([
      ['sug:107:112:Place', 'ghost hl-l1'],
      ['sug:219:232:Actor', 'ghost hl-l0'],
      ['sug:824:829:Place', 'ghost hl-l1'],
    ]);
    expect(keys(null, 108, 824)).toEqual([['sug:219:232:Actor', 'ghost hl-l0']]);
    expect(keys(3, 108, 824)).toEqual([
      ['sug:219:232:Actor', 'ghost hl-l0'],
      ['sug:1029:1034:Place', 'ghost hl-l1 ghost-current'],
    ]);
    expect(ghostDescriptors(positions, ghosts, null, labelIndex)).toHaveLength(4);
  });
});

describe('diffDecorations on the article highlights', () => {
  it('draws everything from scratch the first time', () => {
    const u = diffDecorations([], highlightLayers(input(base)), (d) => d.key);
    expect(u.kind).toBe('replace');
    expect(u.kind === 'replace' && u.all).toEqual(['span:s1', 'span:s2', 'span:s3', 'span:s4']);
    expect(u.layers.map((layer) => layer.made)).toEqual([[], [], ['span:s1', 'span:s2', 'span:s3', 'span:s4']]);
  });

  it('adds exactly one decoration for a new span that overlaps nothing', () => {
    const syria = span('s5', 'Place', 'سوريا');
    expect(patch(update(input(base), input([...base, syria])))).toEqual({
      remove: [],
      add: [{ key: 'span:s5', from: 109, to: 114, class: 'hl hl-l1 row-0' }],
    });
  });

  it('also redraws the span a new one pushes a row down', () => {
    const deirEast = span('s5', 'Claim', 'دير الزور الشرقي');
    expect(deirEast).toMatchObject({ start: 329, end: 345 });
    expect(patch(update(input(base), input([...base, deirEast])))).toEqual({
      remove: ['span:s3'],
      add: [
        { key: 'span:s3', from: 329, to: 349, class: 'hl hl-l1 row-2' },
        { key: 'span:s5', from: 333, to: 349, class: 'hl hl-l3 row-1' },
      ],
    });
  });

  it('removes exactly one decoration for a deleted span', () => {
    expect(patch(update(input(base), input([forces, countryside, deirInside])))).toEqual({ remove: ['span:s2'], add: [] });
  });

  it('redraws just the old and the new selected span when the selection moves', () => {
    expect(patch(update(input(base, { selectedId: 's1' }), input(base, { selectedId: 's4' })))).toEqual({
      remove: ['span:s1', 'span:s4'],
      add: [
        { key: 'span:s1', from: 40, to: 56, class: 'hl hl-l0 row-0' },
        { key: 'span:s4', from: 333, to: 342, class: 'hl hl-l1 row-0 hl-selected' },
      ],
    });
  });

  it('changes nothing when nothing changed, and skips a layer passed as the same array', () => {
    const layers = highlightLayers(input(base));
    const first = diffDecorations([], layers, (d) => d);
    const same = diffDecorations(first.layers, layers, () => {
      throw new Error('made nothing');
    });
    expect(same).toEqual({ kind: 'patch', remove: [], add: [], layers: first.layers });
    expect(same.layers).toBe(first.layers);
    // Equal lists in new arrays: nothing to draw, and the new arrays are remembered.
    const again = diffDecorations(first.layers, highlightLayers(input(base)), (d) => d);
    expect(again.kind === 'patch' && [again.remove, again.add]).toEqual([[], []]);
    expect(again.layers.map((layer) => layer.made)).toEqual(first.layers.map((layer) => layer.made));
  });

  it('takes away just the ghost of a suggestion that is no longer shown, whatever its index', () => {
    const ghosts: Suggestion[] = [
      { label: 'Place', ...find('سوريا'), text: 'سوريا' },
      { label: 'Actor', ...find('المرصد السوري'), text: 'المرصد السوري' },
      { label: 'Place', ...find('سوريا', 1), text: 'سوريا' },
      { label: 'Place', ...find('سوريا', 2), text: 'سوريا' },
    ];
    const before = ghostDescriptors(positions, ghosts, null, labelIndex);
    const after = ghostDescriptors(positions, ghosts.slice(1), null, labelIndex);
    const first = diffDecorations([], [before], (d) => d);
    expect(patch(diffDecorations(first.layers, [after], (d) => d))).toEqual({ remove: ['sug:107:112:Place'], add: [] });
    // Moving the cursor redraws the two ghosts it leaves and reaches.
    const atOne = diffDecorations([], [ghostDescriptors(positions, ghosts, 1, labelIndex)], (d) => d);
    expect(patch(diffDecorations(atOne.layers, [ghostDescriptors(positions, ghosts, 2, labelIndex)], (d) => d))).toEqual({
      remove: ['sug:219:232:Actor', 'sug:824:829:Place'],
      add: [
        { key: 'sug:219:232:Actor', from: 223, to: 236, class: 'ghost hl-l0' },
        { key: 'sug:824:829:Place', from: 832, to: 837, class: 'ghost hl-l1 ghost-current' },
      ],
    });
  });

  it('adds a kept decoration again after a new one over the same range, in list order', () => {
    // An Actor over the inner Deir ez-Zor: the list has it before the Place there (label order).
    const deirActor = span('s6', 'Actor', 'دير الزور', 1);
    expect(patch(update(input(base), input([...base, deirActor])))).toEqual({
      remove: ['span:s3', 'span:s4'],
      add: [
        { key: 'span:s3', from: 329, to: 349, class: 'hl hl-l1 row-2' },
        { key: 'span:s6', from: 333, to: 342, class: 'hl hl-l0 row-1' },
        { key: 'span:s4', from: 333, to: 342, class: 'hl hl-l1 row-0' },
      ],
    });
  });

  it('does not redraw a kept decoration drawn before the new one over the same range', () => {
    // A ghost (drawn before every span) proposes Syria as a Place; an Actor span is made there.
    const syria = find('سوريا');
    const ghost: Suggestion = { label: 'Place', ...syria, text: 'سوريا' };
    const syriaActor = span('s6', 'Actor', 'سوريا');
    const made = patch(update(input(base, { suggestions: [ghost] }), input([...base, syriaActor], { suggestions: [ghost] })));
    expect(made).toEqual({ remove: [], add: [{ key: 'span:s6', from: positions.toPos(syria.start), to: positions.toPos(syria.end), class: 'hl hl-l0 row-0' }] });
  });

  it('also in a layer not sorted by position: a kept decoration after a new one over its range is drawn again', () => {
    const d = (key: string, from: number, to: number): DecorationDescriptor => ({ key, from, to, attrs: { class: key }, spec: {} });
    const a = d('a', 10, 20);
    const b = d('b', 5, 8);
    const first = diffDecorations([], [[a, b]], (x) => x);
    const made = patch(diffDecorations(first.layers, [[d('n', 5, 8), a, b]], (x) => x));
    expect(made.remove).toEqual(['b']);
    expect(made.add.map((x) => x.key)).toEqual(['n', 'b']);
  });

  it('draws from scratch when it would change more decorations than are drawn', () => {
    const hits = [...seed000.matchAll(/ال/g)].map((m) => ({ start: m.index, end: m.index + 2 }));
    const longer = hits.map((h) => ({ start: h.start, end: h.end + 1 }));
    expect(hits.length).toBeGreaterThan(64);
    // 97 hits taken away and 97 others added, with 101 drawn: from scratch.
    expect(update(input(base, { searchHits: hits }), input(base, { searchHits: longer })).kind).toBe('replace');
    // All of them added to the four spans: still a patch (ProseMirror's add is no dearer than a rebuild).
    expect(update(input(base), input(base, { searchHits: hits })).kind).toBe('patch');
    expect(update(input(base, { searchHits: hits }), input(base, { searchHits: hits.slice(1) })).kind).toBe('patch');
  });

  it('matches by key when a list was reordered beyond the lookahead, and refuses a repeated key', () => {
    const many = seedWords.slice(0, 30).map((w, i) => ({ key: `w:${i}`, from: positions.toPos(w.start), to: positions.toPos(w.end), attrs: { class: 'x' }, spec: {} }));
    const first = diffDecorations([], [many], (d) => d);
    const reversed = [...many].reverse();
    expect(diffDecorations(first.layers, [reversed], (d) => d)).toMatchObject({ kind: 'patch', remove: [], add: [] });
    const changed = reversed.map((d) => (d.key === 'w:3' ? { ...d, attrs: { class: 'y' } } : d));
    expect(patch(diffDecorations(first.layers, [changed], (d) => d))).toEqual({
      remove: ['w:3'],
      add: [{ key: 'w:3', from: many[3]?.from, to: many[3]?.to, class: 'y' }],
    });
    expect(() => diffDecorations(first.layers, [[...reversed, many[0] as DecorationDescriptor]], (d) => d)).toThrow(/w:0/);
    const twice = diffDecorations([], [[...many, many[5] as DecorationDescriptor]], (d) => d);
    expect(() => diffDecorations(twice.layers, [reversed], (d) => d)).toThrow(/w:5/);
  });
});

/** Every decoration of a set, in the set's order, as plain data. */
function drawn(set: DecorationSet): unknown[] {
  return set.find().map((d) => ({ from: d.from, to: d.to, attrs: (d as unknown as { type: { attrs: unknown } }).type.attrs, spec: d.spec as unknown }));
}

function stateOf(state: EditorState): DecorationSet {
  const plugin = highlightKey.getState(state);
  if (!plugin) throw new Error('no highlight state');
  return plugin.set;
}

/** Word ranges of the seed (code points); spans built from them nest, overlap and cross lines. */
const words = seedWords;
const labels = ['Actor', 'Place', 'CasualtyCount', 'Claim', 'Weapon'];

/** Ranges over the first 60 words (four lines): few enough that spans often share a range. */
const range = fc.tuple(fc.nat(59), fc.nat(3)).map(([first, extra]) => ({
  start: (words[first] as { start: number }).start,
  end: (words[Math.min(words.length - 1, first + extra)] as { end: number }).end,
}));

type Edit =
  | { readonly kind: 'add'; readonly range: { start: number; end: number }; readonly label: number }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'relabel'; readonly at: number; readonly label: number }
  | { readonly kind: 'select'; readonly at: number | null }
  | { readonly kind: 'link'; readonly at: number }
  | { readonly kind: 'suggest'; readonly ranges: readonly { start: number; end: number }[]; readonly cursor: number | null }
  | { readonly kind: 'search'; readonly ranges: readonly { start: number; end: number }[] };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), range, label: fc.nat(4) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('relabel' as const), at: fc.nat(), label: fc.nat(4) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('select' as const), at: fc.option(fc.nat()) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('link' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('suggest' as const), ranges: fc.array(range, { maxLength: 4 }), cursor: fc.option(fc.nat(4)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('search' as const), ranges: fc.array(range, { maxLength: 3 }) }) },
);

/** The highlight input after `e`; spans get fresh ids `s<n>` from `next`. */
function applyEdit(current: HighlightInput, e: Edit, next: () => string): HighlightInput {
  const spans = current.spans;
  const pick = (at: number) => spans[at % spans.length] as Span;
  switch (e.kind) {
    case 'add':
      return { ...current, spans: sorted([...spans, { id: next(), label: labels[e.label] as string, ...e.range, text: '', prefix: '', suffix: '', attributes: {}, note: '' }]) };
    case 'delete':
      return spans.length === 0 ? current : { ...current, spans: spans.filter((s) => s !== pick(e.at)) };
    case 'relabel': {
      if (spans.length === 0) return current;
      const old = pick(e.at);
      return { ...current, spans: sorted(spans.map((s) => (s === old ? { ...s, label: labels[e.label] as string } : s))) };
    }
    case 'select':
      return { ...current, selectedId: e.at === null || spans.length === 0 ? null : pick(e.at).id };
    case 'link': {
      if (spans.length === 0) return current;
      const linked = new Set(current.linkedIds);
      const id = pick(e.at).id;
      if (!linked.delete(id)) linked.add(id);
      return { ...current, linkedIds: linked };
    }
    case 'suggest':
      return {
        ...current,
        suggestions: e.ranges.map((r, i) => ({ label: labels[i % labels.length] as string, ...r, text: '' })),
        suggestionCursor: e.cursor !== null && e.cursor < e.ranges.length ? e.cursor : null,
      };
    case 'search':
      return { ...current, searchHits: e.ranges };
  }
}

/**
 * The layers of `current`, reusing each layer drawn `last` whose inputs are the same objects, as
 * ArticleView's memos do.
 */
function layersFor(current: HighlightInput, last?: { readonly input: HighlightInput; readonly layers: HighlightLayers }): HighlightLayers {
  const p = last?.input;
  return [
    p && current.searchHits === p.searchHits ? (last.layers[0] as readonly DecorationDescriptor[]) : searchHitDescriptors(positions, current.searchHits),
    p && current.suggestions === p.suggestions && current.suggestionCursor === p.suggestionCursor
      ? (last.layers[1] as readonly DecorationDescriptor[])
      : ghostDescriptors(positions, current.suggestions, current.suggestionCursor, labelIndex),
    p && current.spans === p.spans && current.selectedId === p.selectedId && current.linkedIds === p.linkedIds
      ? (last.layers[2] as readonly DecorationDescriptor[])
      : spanDescriptors(positions, current.spans, labelIndex, current.selectedId, current.linkedIds),
  ];
}

function fromScratch(layers: HighlightLayers): DecorationSet {
  return DecorationSet.create(doc, flat(layers).map((d) => Decoration.inline(d.from, d.to, d.attrs, d.spec)));
}

describe('spanDescriptors reusing the list it made last', () => {
  it('after any sequence of edits describes what a list made afresh describes', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 40 }), (steps) => {
        let ids = 100;
        const next = () => `s${ids++}`;
        // Its own text object, so that no other test's last list is walked.
        const reused = new EditorPositions(seed000);
        let current = input(base);
        spanDescriptors(reused, current.spans, labelIndex, current.selectedId, current.linkedIds);
        for (const e of steps) {
          current = applyEdit(current, e, next);
          const fresh = spanDescriptors(new EditorPositions(seed000), current.spans, labelIndex, current.selectedId, current.linkedIds);
          expect(spanDescriptors(reused, current.spans, labelIndex, current.selectedId, current.linkedIds)).toEqual(fresh);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the very descriptors of spans a label elsewhere does not touch, and redraws the two whose selection moved', () => {
    const text = new EditorPositions(seed000);
    const first = spanDescriptors(text, sorted(base), labelIndex, null, new Set());
    const claim = span('s9', 'Claim', 'وقال', 1);
    const spans = sorted([...base, claim]);
    const second = spanDescriptors(text, spans, labelIndex, 's9', new Set());
    expect(second.map((d) => d.key)).toEqual(spans.map((s) => `span:${s.id}`));
    for (const d of second) {
      if (d.key === 'span:s9') expect(d.attrs.class).toBe('hl hl-l3 row-0 hl-selected');
      else expect(d).toBe(first.find((f) => f.key === d.key));
    }
    const third = spanDescriptors(text, spans, labelIndex, 's1', new Set());
    expect(third.filter((d, i) => d !== second[i]).map((d) => [d.key, d.attrs.class])).toEqual([
      ['span:s1', 'hl hl-l0 row-0 hl-selected'],
      ['span:s9', 'hl hl-l3 row-0'],
    ]);
  });
});

describe('the highlight plugin', () => {
  it('draws its initial layers into the first state', () => {
    const layers = highlightLayers(input(base, { selectedId: 's2' }));
    const state = EditorState.create({ doc, plugins: [highlightPlugin(layers)] });
    expect(drawn(stateOf(state))).toEqual(drawn(fromScratch(layers)));
    expect(stateOf(state).find(undefined, undefined, (spec) => spec.id === 's2').map((d) => [d.from, d.to])).toEqual([[93, 102]]);
    // The same layers again change nothing, not even the state object.
    const again = state.apply(state.tr.setMeta(highlightKey, layers));
    expect(highlightKey.getState(again)).toBe(highlightKey.getState(state));
  });

  it('after any sequence of edits draws what a rebuild from scratch draws, decoration by decoration and in order', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 40 }), (steps) => {
        let ids = 100;
        const next = () => `s${ids++}`;
        let current = input(base);
        let layers = layersFor(current);
        let state = EditorState.create({ doc, plugins: [highlightPlugin(layers)] });
        for (const e of steps) {
          const previous = current;
          current = applyEdit(current, e, next);
          layers = layersFor(current, { input: previous, layers });
          state = state.apply(state.tr.setMeta(highlightKey, layers));
          expect(drawn(stateOf(state))).toEqual(drawn(fromScratch(layers)));
        }
      }),
      { numRuns: 150 },
    );
  });

  /**
   * The DOM as text with each element's attributes, and the tokens of its class, sorted: a view
   * that patches a reused element may put the same classes in another order.
   */
  function canonical(node: Node): string {
    if (!(node instanceof Element)) return node.textContent ?? '';
    const attributes = [...node.attributes]
      .map((a) => `${a.name}="${a.name === 'class' ? a.value.split(/\s+/).filter(Boolean).sort().join(' ') : a.value}"`)
      .sort();
    return `<${node.localName} ${attributes.join(' ')}>${[...node.childNodes].map(canonical).join('')}</${node.localName}>`;
  }

  it('updates a view to the same DOM as a view drawn from scratch (jsdom)', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 15 }), (steps) => {
        let ids = 100;
        const next = () => `s${ids++}`;
        let current = input(base, { selectedId: 's3' });
        let layers = layersFor(current);
        const view = new EditorView(document.createElement('div'), { state: EditorState.create({ doc, plugins: [highlightPlugin(layers)] }) });
        for (const e of steps) {
          const previous = current;
          current = applyEdit(current, e, next);
          layers = layersFor(current, { input: previous, layers });
          view.dispatch(view.state.tr.setMeta(highlightKey, layers));
          const fresh = new EditorView(document.createElement('div'), { state: EditorState.create({ doc, plugins: [highlightPlugin(layers)] }) });
          expect(canonical(view.dom)).toBe(canonical(fresh.dom));
          fresh.destroy();
        }
        expect(view.dom.querySelectorAll('[data-span-id]').length).toBeGreaterThanOrEqual(current.spans.length);
        view.destroy();
      }),
      { numRuns: 40 },
    );
  });
});
