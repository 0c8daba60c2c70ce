import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { spanChoices } from '../../renderer/src/components/span-choices';
import type { Span } from '../../shared/model';

const text = readFileSync(new URL('../../seeds/000_7db2a034c338d373.txt', import.meta.url), 'utf8');
const points = Array.from(text);

/** A span over the `nth` occurrence of `quote` in seed 000 (code point offsets, found in the text). */
function spanOf(id: string, label: string, quote: string, nth = 0): Span {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`${quote} not in seed 000`);
  const start = Array.from(text.slice(0, at)).length;
  const end = start + Array.from(quote).length;
  expect(points.slice(start, end).join('')).toBe(quote);
  return { id, label, start, end, text: quote, prefix: '', suffix: '', attributes: {}, note: '' };
}

const forces = spanOf('s1', 'Actor', 'القوات الأمريكية');
const militias = spanOf('s2', 'Actor', 'مليشيات موالية لإيران');
const observatory = spanOf('s3', 'Actor', 'المرصد السوري لحقوق الإنسان');
const coalition = spanOf('s4', 'Actor', 'قوات التحالف الدولي');
const candidates = [forces, militias, observatory, coalition];

describe('spanChoices', () => {
  it('offers every candidate, in document order, while they fit the limit', () => {
    expect(forces.start).toBe(39);
    expect(militias.start).toBe(58);
    const choices = spanChoices(candidates, observatory, '', null);
    expect(choices.shown.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4']);
    expect(choices).toMatchObject({ total: 4, matched: 4 });
  });

  it('offers the nearest ones to the anchor beyond the limit, still in document order', () => {
    // Anchor: the observatory (219–246). Distances: coalition and militias are nearer than the US forces.
    const shown = spanChoices([forces, militias, coalition], observatory, '', null, 2).shown;
    expect(shown.map((s) => s.id)).toEqual(['s2', 's4']);
    expect(observatory.start - militias.end).toBeLessThan(observatory.start - forces.end);
  });

  it('keeps the current target even when it is far or does not match the filter', () => {
    const shown = spanChoices([forces, militias, coalition], observatory, '', 's1', 1).shown;
    expect(shown.map((s) => s.id)).toEqual(['s1', 's4']);
    const filtered = spanChoices(candidates, observatory, 'التحالف', 's1');
    expect(filtered.shown.map((s) => s.id)).toEqual(['s1', 's4']);
    expect(filtered.matched).toBe(1);
  });

  it('filters by matching key: hamza, diacritics and tatweel in the filter do not stop a match', () => {
    expect(spanChoices(candidates, forces, 'الامريكية', null).shown.map((s) => s.id)).toEqual(['s1']);
    expect(spanChoices(candidates, forces, 'لإيـــران', null).shown.map((s) => s.id)).toEqual(['s2']);
    expect(spanChoices(candidates, forces, 'المَرصد', null).shown.map((s) => s.id)).toEqual(['s3']);
    expect(spanChoices(candidates, forces, 'بغداد', null)).toMatchObject({ shown: [], matched: 0, total: 4 });
  });

  it('breaks distance ties toward the earlier span and never offers more than the limit', () => {
    const many: Span[] = Array.from({ length: 500 }, (_, i) => ({ ...forces, id: `m${i}`, start: i * 10, end: i * 10 + 5 }));
    // m250 (2500–2505) touches the anchor; m249 (2490–2495) is 5 away, m251 (2510–2515) 10.
    expect(spanChoices(many, { start: 2500, end: 2500 }, '', null, 3).shown.map((s) => s.id)).toEqual(['m249', 'm250', 'm251']);
    // 2497–2498: m249 ends 2 before it, m250 starts 2 after it; one place: the earlier.
    expect(spanChoices(many, { start: 2497, end: 2498 }, '', null, 1).shown.map((s) => s.id)).toEqual(['m249']);
    expect(spanChoices(many, { start: 0, end: 1 }, '', null, 60).shown).toHaveLength(60);
  });
});
