/**
 * Harakat that tell a dual ending ين from a sound masculine plural ending ين: the dual is
 * `ـَيْنِ` (fatha before the ي, sukun on it, kasra on the ن: `مدنيَّيْنِ`), the plural `ـِينَ`
 * (kasra before the ي, fatha on the ن: `مدنيِّينَ`). Unvocalised text says neither.
 */

import type { Token } from './tokenise';

const FATHA = '\u064e';
const KASRA = '\u0650';
const SUKUN = '\u0652';

/**
 * `'dual'` or `'plural'` when the harakat of token `t` (whose key ends in ين) decide it, null when
 * they are absent or contradict each other. `codePoints` are the code points of the text.
 */
export function harakatNumber(t: Token, codePoints: readonly string[]): 'dual' | 'plural' | null {
  const o = t.keyOffsets;
  const len = t.key.length;
  if (len < 3) return null;
  const marks = (from: number, to: number): string => codePoints.slice(from + 1, to).join('');
  const before = marks(o[len - 3] as number, o[len - 2] as number);
  const onYa = marks(o[len - 2] as number, o[len - 1] as number);
  const onNun = marks(o[len - 1] as number, t.end);
  const dual = before.includes(FATHA) || onYa.includes(SUKUN) || onNun.includes(KASRA);
  const plural = before.includes(KASRA) || onNun.includes(FATHA);
  if (dual === plural) return null;
  return dual ? 'dual' : 'plural';
}
