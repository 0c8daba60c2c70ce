/**
 * Looking a token up in the word lists of `count-lexicon.ts` through its proclitic readings.
 */

import { cliticReadings, type CliticReading } from './clitic-readings';
import { personForm, type PersonForm } from './count-lexicon';
import type { Token } from './tokenise';

/**
 * Which proclitics a lookup may take off: `bare` none; `article` only ال (`عشرات المدنيين`);
 * `clitics` و ف ب ك ل but not ال; `any` all of them.
 */
export type PrefixMode = 'bare' | 'article' | 'clitics' | 'any';

function allowed(r: CliticReading, mode: PrefixMode): boolean {
  switch (mode) {
    case 'bare':
      return r.stripped === 0;
    case 'article':
      return r.prefix === '' || r.prefix === 'ال';
    case 'clitics':
      return !r.definite;
    case 'any':
      return true;
  }
}

/** The first reading of `t` (fewest characters taken off) whose key `set` holds, or undefined. */
export function lookup(
  t: Token | undefined,
  set: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  mode: PrefixMode,
): CliticReading | undefined {
  if (!t) return undefined;
  return cliticReadings(t.key, mode === 'article' || mode === 'any').find((r) => allowed(r, mode) && set.has(r.key));
}

/** A person-noun reading of a token. */
export interface PersonReading {
  readonly form: PersonForm;
  readonly reading: CliticReading;
}

/** The person-noun reading of `t`, or undefined (`والمدنيين` → مدنيين with prefix `وال`). */
export function lookupPerson(t: Token | undefined, mode: PrefixMode): PersonReading | undefined {
  if (!t) return undefined;
  for (const reading of cliticReadings(t.key, mode === 'article' || mode === 'any')) {
    if (!allowed(reading, mode)) continue;
    const form = personForm(reading.key);
    if (form) return { form, reading };
  }
  return undefined;
}

/** True when `t` carries the conjunction و in front (`وجرحى`, `والمدنيين`). */
export function hasConjunction(r: CliticReading): boolean {
  return r.prefix.startsWith('و');
}
