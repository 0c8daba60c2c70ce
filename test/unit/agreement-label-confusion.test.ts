import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labelConfusion } from '../../shared/agreement';

const seed = readFileSync(new URL('../../seeds/000_7db2a034c338d373.txt', import.meta.url), 'utf8');
// The first line only: "شهدت الساعات الماضية، قصفا متبادلا بين القوات الأمريكية، ومليشيات موالية لإيران، في محافظة"
const text = seed.slice(0, seed.indexOf('\n'));

describe('labelConfusion', () => {
  it('counts tokens by the reference label (rows) and the other label (columns), O outside spans', () => {
    const ali = [
      { label: 'Actor', start: 39, end: 55 }, // القوات الأمريكية: 2 tokens
      { label: 'Actor', start: 58, end: 79 }, // مليشيات موالية لإيران: the 3 tokens ومليشيات، موالية، لإيران
    ];
    const sara = [
      { label: 'Actor', start: 39, end: 55 },
      { label: 'Place', start: 84, end: 90 }, // محافظة: 1 token
    ];
    const [pair] = labelConfusion([{ id: 'd', text, layers: new Map([['ali', ali], ['sara', sara]]) }], [{ reference: 'ali', other: 'sara' }], ['Actor', 'Place']);
    expect(pair?.labels).toEqual(['Actor', 'Place', 'O']);
    // 16 tokens: 13 words and 3 commas.
    expect(pair?.counts).toEqual([
      [2, 0, 3],
      [0, 0, 0],
      [0, 1, 10],
    ]);
  });

  it('skips documents one of the pair has not annotated, and counts unknown labels as O', () => {
    const layers = new Map([['ali', [{ label: 'Weapon', start: 0, end: 4 }]]]);
    const confusion = labelConfusion([{ id: 'd', text, layers }], [{ reference: 'ali', other: 'sara' }], ['Actor']);
    expect(confusion[0]?.counts).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});
