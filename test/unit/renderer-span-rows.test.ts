import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spanRows } from '../../renderer/src/editor/span-rows';
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
