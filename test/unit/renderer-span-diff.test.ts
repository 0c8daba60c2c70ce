// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkedSpanIds, referenceAttributes } from '../../renderer/src/editor/linked-spans';
import { sortedSpanDiff, spanOrder } from '../../renderer/src/span-diff';
import { visibleSuggestions } from '../../renderer/src/store';
import type { Suggestion } from '../../shared/host-contract';
import type { Relation, Span } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema';

// Spans of seed 000's first words, as the article's store holds them: immutable, sorted by spanOrder.
const seed = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../seeds/000_7db2a034c338d373.txt'), 'utf8');
const codePoints = Array.from(seed);
const words = [...seed.matchAll(/[\p{L}\p{M}\p{Nd}]+/gu)].slice(0, 60).map((m) => {
  const start = Array.from(seed.slice(0, m.index)).length;
  return { start, end: start + Array.from(m[0]).length };
});

function span(id: string, label: string, start: number, end: number, attributes: Span['attributes'] = {}): Span {
  return { id, label, start, end, text: codePoints.slice(start, end).join(''), prefix: '', suffix: '', attributes, note: '' };
}

describe('sortedSpanDiff', () => {
  const [w0, w1, w2, w3] = words as [(typeof words)[0], (typeof words)[0], (typeof words)[0], (typeof words)[0]];
  const a = span('s1', 'Actor', w0.start, w0.end);
  const b = span('s2', 'Place', w1.start, w2.end);
  const c = span('s3', 'Actor', w2.start, w2.end);
  const d = span('s4', 'Place', w3.start, w3.end);

  it('gives the spans added and taken away, matched by identity', () => {
    expect(a.text).toBe('شهدت');
    expect(sortedSpanDiff([a, b, d], [a, b, c, d])).toEqual({ removed: [], added: [c] });
    expect(sortedSpanDiff([a, b, c, d], [a, c, d])).toEqual({ removed: [b], added: [] });
    expect(sortedSpanDiff([a, b, c], [a, b, c])).toEqual({ removed: [], added: [] });
    // A span changed in place (a new object, same id and offsets) is both.
    const b2 = { ...b, attributes: { note: 'x' } };
    expect(sortedSpanDiff([a, b, c], [a, b2, c])).toEqual({ removed: [b], added: [b2] });
    expect(sortedSpanDiff([], [a, d])).toEqual({ removed: [], added: [a, d] });
    expect(sortedSpanDiff([a, d], [])).toEqual({ removed: [a, d], added: [] });
  });

  it('gives up past its limit', () => {
    expect(sortedSpanDiff([a, b], [c, d], 3)).toBeNull();
    expect(sortedSpanDiff([a, b], [c, d], 4)).toEqual({ removed: [a, b], added: [c, d] });
  });

  it('agrees with a comparison by identity on random sorted arrays', () => {
    const pool = words.flatMap((w, i) => [span(`s${i}`, 'Actor', w.start, w.end), span(`p${i}`, 'Place', w.start, w.end)]);
    fc.assert(
      fc.property(fc.subarray(pool), fc.subarray(pool), (x, y) => {
        const before = [...x].sort(spanOrder);
        const after = [...y].sort(spanOrder);
        const diff = sortedSpanDiff(before, after, Infinity);
        expect(diff?.removed).toEqual(before.filter((s) => !after.includes(s)));
        expect(diff?.added).toEqual(after.filter((s) => !before.includes(s)));
      }),
    );
  });

  it('reports at least the change for arrays out of order: a span both hold only ever as removed and added', () => {
    const pool = words.map((w, i) => span(`s${i}`, 'Actor', w.start, w.end));
    fc.assert(
      fc.property(fc.shuffledSubarray(pool), fc.shuffledSubarray(pool), (before, after) => {
        const diff = sortedSpanDiff(before, after, Infinity);
        const removed = new Set(diff?.removed);
        const added = new Set(diff?.added);
        for (const s of before) if (!after.includes(s)) expect(removed.has(s) && !added.has(s)).toBe(true);
        for (const s of after) if (!before.includes(s)) expect(added.has(s) && !removed.has(s)).toBe(true);
        for (const s of removed) if (after.includes(s)) expect(added.has(s)).toBe(true);
        for (const s of added) if (before.includes(s)) expect(removed.has(s)).toBe(true);
      }),
    );
  });
});

/** Random edits of a sorted span list, as the store makes them: add, delete, change an attribute. */
const edit = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), word: fc.nat(words.length - 1), width: fc.nat(2), label: fc.constantFrom('Actor', 'Place', 'CasualtyCount') }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(1000) }),
  fc.record({ kind: fc.constant('refer' as const), at: fc.nat(1000), to: fc.nat(1000) }),
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

function apply(spans: readonly Span[], e: Edit, next: () => string): Span[] {
  switch (e.kind) {
    case 'add': {
      const from = words[e.word] as (typeof words)[0];
      const to = words[Math.min(words.length - 1, e.word + e.width)] as (typeof words)[0];
      return [...spans, span(next(), e.label, from.start, to.end)].sort(spanOrder);
    }
    case 'delete':
      return spans.length === 0 ? [...spans] : spans.filter((_, i) => i !== e.at % spans.length);
    case 'refer': {
      if (spans.length === 0) return [...spans];
      const i = e.at % spans.length;
      const target = spans[e.to % spans.length] as Span;
      const s = spans[i] as Span;
      // CasualtyCount's affected_party is a reference attribute; Actor's canonical_name is text.
      const replaced = { ...s, attributes: { ...s.attributes, affected_party: target.id, canonical_name: target.id } };
      return spans.map((x, k) => (k === i ? replaced : x));
    }
  }
}

describe('kept up to date from the spans that changed', () => {
  const references = referenceAttributes(DEFAULT_SCHEMA);

  it('linkedSpanIds equals looking through every span, through random edits', () => {
    /** The links found in every span (the definition). */
    const everySpan = (spans: readonly Span[], relations: readonly Relation[], selected: string): string[] => {
      const ids = new Set<string>();
      for (const r of relations) {
        if (r.from === selected) ids.add(r.to);
        if (r.to === selected) ids.add(r.from);
      }
      for (const s of spans) {
        for (const name of references.get(s.label) ?? []) {
          const value = s.attributes[name];
          if (typeof value !== 'string') continue;
          if (s.id === selected) ids.add(value);
          else if (value === selected) ids.add(s.id);
        }
      }
      ids.delete(selected);
      return [...ids].sort();
    };
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 40 }), (edits) => {
        let n = 0;
        let spans: Span[] = [];
        const relations: Relation[] = [];
        for (const e of edits) {
          spans = apply(spans, e, () => `s${++n}`);
          if (spans.length > 1 && e.kind === 'add') relations.push({ id: `r${n}`, type: 'located_at', from: (spans[0] as Span).id, to: (spans.at(-1) as Span).id });
          for (const s of spans) expect([...linkedSpanIds({ spans, relations }, references, s.id, null)].sort()).toEqual(everySpan(spans, relations, s.id));
        }
      }),
      { numRuns: 60 },
    );
  });

  const seedSuggestions: Suggestion[] = words.slice(0, 30).flatMap((w, i) => [
    { label: 'Actor', start: w.start, end: w.end, text: '' },
    ...(i % 3 === 0 ? [{ label: 'Place', start: w.start, end: (words[i + 1] ?? w).end, text: '' }] : []),
  ]);
  // Sorted by start, as the host gives them (looked up by halving), and not (looked up by place).
  it.each([
    ['sorted by start', seedSuggestions],
    ['not sorted', [...seedSuggestions].reverse()],
  ])('visibleSuggestions equals checking every suggestion afresh, through random edits (suggestions %s)', (_, suggestions) => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 40 }), (edits) => {
        let n = 0;
        let spans: Span[] = [];
        const rejected = [{ label: 'Actor', start: (words[4] as (typeof words)[0]).start, end: (words[4] as (typeof words)[0]).end }];
        for (const e of edits) {
          spans = apply(spans, e, () => `s${++n}`);
          const kept = visibleSuggestions({ suggestions, content: { spans, relations: [], rejected } });
          // The definition: every suggestion checked against every span and rejection.
          const same = (a: Omit<Suggestion, 'text'>, b: Omit<Suggestion, 'text'>) => a.label === b.label && a.start === b.start && a.end === b.end;
          expect(kept).toEqual(suggestions.filter((g) => !spans.some((x) => same(x, g)) && !rejected.some((r) => same(r, g))));
          expect(kept.every((g) => suggestions.includes(g))).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});
