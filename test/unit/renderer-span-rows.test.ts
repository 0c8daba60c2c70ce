import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spanRows, spanRowsByIndex, type RowInput } from '../../renderer/src/editor/span-rows';
import { labelForKey } from '../../renderer/src/label-keys';
import { DEFAULT_SCHEMA } from '../../shared/corpus/manifest';

const seed000 = readFileSync(new URL('../../seeds/000_7db2a034c338d373.txt', import.meta.url), 'utf8');

/** Code point offsets of the n-th occurrence of `needle` in the seed. */
function find(needle: string, occurrence = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = seed000.indexOf(needle, at + 1);
  if (at < 0) throw new Error(needle);
  const start = Array.from(seed000.slice(0, at)).length;
  return { start, end: start + Array.from(needle).length };
}

/** The former quadratic placement, kept as the reference the segment tree must agree with. */
function quadraticRows(spans: readonly RowInput[]): ReadonlyMap<string, number> {
  const order = [...spans].sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start || (a.id < b.id ? -1 : 1));
  const placed: { start: number; end: number; row: number }[] = [];
  const rows = new Map<string, number>();
  for (const span of order) {
    let row = 0;
    for (const other of placed) {
      if (other.start < span.end && span.start < other.end && other.row + 1 > row) row = other.row + 1;
    }
    placed.push({ start: span.start, end: span.end, row });
    rows.set(span.id, row);
  }
  return rows;
}

/** Word ranges of the seed, code points: spans drawn from them nest and overlap like real ones. */
const seedWords = [...seed000.matchAll(/[\p{L}\p{M}\p{Nd}]+/gu)].map((m) => {
  const start = Array.from(seed000.slice(0, m.index)).length;
  return { start, end: start + Array.from(m[0]).length };
});

describe('spanRows', () => {
  it('puts a span below everything it contains, also of the same label', () => {
    const outer = { id: 's1', ...find('ريف دير الزور الشرقي') };
    const inner = { id: 's2', ...find('دير الزور', 1) };
    expect(outer).toEqual({ id: 's1', start: 325, end: 345 });
    expect(inner).toEqual({ id: 's2', start: 329, end: 338 });
    const rows = spanRows([outer, inner]);
    expect(rows.get('s2')).toBe(0);
    expect(rows.get('s1')).toBe(1);
  });

  it('gives overlapping spans different rows and disjoint spans the same row', () => {
    const a = { id: 'a', start: 10, end: 20 };
    const b = { id: 'b', start: 15, end: 25 };
    const c = { id: 'c', start: 30, end: 40 };
    const rows = spanRows([c, b, a]);
    expect(new Set([rows.get('a'), rows.get('b')]).size).toBe(2);
    expect(rows.get('c')).toBe(0);
  });

  it('stacks three levels of nesting and is independent of input order', () => {
    const spans = [
      { id: 'x', start: 0, end: 100 },
      { id: 'y', start: 10, end: 50 },
      { id: 'z', start: 20, end: 30 },
      { id: 'w', start: 60, end: 70 },
    ];
    const forward = spanRows(spans);
    const backward = spanRows([...spans].reverse());
    expect([...forward.entries()].sort()).toEqual([...backward.entries()].sort());
    expect(forward.get('z')).toBe(0);
    expect(forward.get('y')).toBe(1);
    expect(forward.get('x')).toBe(2);
    expect(forward.get('w')).toBe(0);
  });
});

describe('spanRows against the quadratic reference', () => {
  it('agrees on spans of one to six words of seed 000, many nested or overlapping', () => {
    const span = fc
      .tuple(fc.nat(seedWords.length - 1), fc.nat(5))
      .map(([first, extra]) => ({ start: seedWords[first]!.start, end: seedWords[Math.min(seedWords.length - 1, first + extra)]!.end }));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 120, size: 'max' }), (ranges) => {
        const spans = ranges.map((r, i) => ({ id: `s${i + 1}`, ...r }));
        const reference = quadraticRows(spans);
        expect(spanRows(spans)).toEqual(reference);
        expect([...spanRowsByIndex(spans)]).toEqual(spans.map((s) => reference.get(s.id)));
      }),
      { numRuns: 300 },
    );
  });

  it('places a cluster again when one of its spans is replaced, though its first span and size are the same', () => {
    // الأمريكية inside "القوات الأمريكية", then widened past it.
    const province = { id: 's1', ...find('القوات الأمريكية') };
    const deir = { id: 's2', start: find('القوات الأمريكية').start + 7, end: find('القوات الأمريكية').end };
    expect([...spanRowsByIndex([province, deir])]).toEqual([1, 0]);
    const wider = { id: 's2', start: deir.start, end: province.end + 12 };
    expect([...spanRowsByIndex([province, wider])]).toEqual([0, 1]);
    expect([...spanRowsByIndex([province, deir])]).toEqual([1, 0]);
  });

  it('agrees through edits of one list whose unchanged spans are the same objects (rows of a cluster seen before are reused)', () => {
    const span = fc
      .tuple(fc.nat(seedWords.length - 1), fc.nat(5))
      .map(([first, extra]) => ({ start: seedWords[first]!.start, end: seedWords[Math.min(seedWords.length - 1, first + extra)]!.end }));
    const step = fc.oneof(fc.record({ add: span }), fc.record({ remove: fc.nat(1000) }), fc.record({ move: fc.nat(1000), to: span }));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 80 }), fc.array(step, { maxLength: 30 }), (ranges, steps) => {
        let n = 0;
        let spans: RowInput[] = ranges.map((r) => ({ id: `s${++n}`, ...r })).sort((a, b) => a.start - b.start);
        const check = () => {
          const reference = quadraticRows(spans);
          expect([...spanRowsByIndex(spans)]).toEqual(spans.map((s) => reference.get(s.id)));
        };
        check();
        for (const s of steps) {
          if ('add' in s) spans = [...spans, { id: `s${++n}`, ...s.add }];
          else if ('remove' in s) spans = spans.filter((_, i) => spans.length === 0 || i !== s.remove % spans.length);
          // A span moved in place: a new object with the same id (the edit trims or widens it).
          else spans = spans.map((x, i) => (i === s.move % spans.length ? { id: x.id, ...s.to } : x));
          spans = [...spans].sort((a, b) => a.start - b.start);
          check();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('agrees on small offsets with ties, touching and empty spans and repeated ids', () => {
    const span = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
      start: fc.nat(12),
      length: fc.nat(6),
    }).map(({ id, start, length }) => ({ id, start, end: start + length }));
    fc.assert(
      // Up to 80 spans over 18 offsets: mostly one cluster, often beyond the size placed pair by
      // pair (33 and more: the segment tree).
      fc.property(fc.array(span, { maxLength: 80, size: 'max' }), (spans) => {
        expect(spanRows(spans)).toEqual(quadraticRows(spans));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives touching spans one row and an empty span a row only under spans strictly around it', () => {
    const rows = spanRows([
      { id: 'left', start: 0, end: 5 },
      { id: 'right', start: 5, end: 9 },
      { id: 'at-edge', start: 5, end: 5 },
      { id: 'inside', start: 7, end: 7 },
    ]);
    expect(Object.fromEntries(rows)).toEqual({ left: 0, right: 1, 'at-edge': 0, inside: 0 });
  });

  it('refuses a span that ends before it starts', () => {
    expect(() => spanRows([{ id: 's1', start: 9, end: 4 }])).toThrow(RangeError);
  });

  it('places 20,000 spans over the words of a long text without quadratic work', () => {
    const words = seedWords.length;
    const spans = Array.from({ length: 20_000 }, (_, i) => {
      const lap = Math.floor(i / words) * (seed000.length + 1);
      const word = seedWords[i % words]!;
      const last = seedWords[Math.min(words - 1, (i % words) + (i % 10 === 0 ? 3 : 0))]!;
      return { id: `s${i + 1}`, start: lap + word.start, end: lap + Math.max(word.end, last.end) };
    });
    const treeStarted = performance.now();
    const rows = spanRows(spans);
    const tree = performance.now() - treeStarted;
    const referenceStarted = performance.now();
    const reference = quadraticRows(spans);
    const quadratic = performance.now() - referenceStarted;
    expect(rows).toEqual(reference);
    expect(new Set(rows.values()).size).toBeGreaterThan(1);
    // About 15 ms against 300 ms on a laptop; a factor 4 leaves room for a busy machine.
    expect(tree).toBeLessThan(quadratic / 4);
  });
});

describe('labelForKey', () => {
  const labels = DEFAULT_SCHEMA.labels;
  it('maps 1–4 to the default labels', () => {
    expect(['1', '2', '3', '4'].map((key) => labelForKey(labels, { key, code: `Digit${key}` })?.name)).toEqual([
      'Actor',
      'Place',
      'CasualtyCount',
      'Claim',
    ]);
  });
  it('understands Arabic-Indic and Persian digits and the physical key', () => {
    expect(labelForKey(labels, { key: '٢', code: 'Digit2' })?.name).toBe('Place');
    expect(labelForKey(labels, { key: '۳', code: '' })?.name).toBe('CasualtyCount');
    expect(labelForKey(labels, { key: '"', code: 'Digit2' })?.name).toBe('Place');
    expect(labelForKey(labels, { key: 'a', code: 'KeyA' })).toBeUndefined();
    expect(labelForKey(labels, { key: '5', code: 'Digit5' })).toBeUndefined();
  });
});
