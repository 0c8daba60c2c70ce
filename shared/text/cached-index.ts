/** Internal: reuse one {@link CodePointIndex} while the same text is asked about again. */

import { CodePointIndex } from './code-points';

let last: CodePointIndex | undefined;

/** The index of `text`; built once per distinct text, for functions that take a plain string. */
export function cachedIndex(text: string): CodePointIndex {
  if (last?.text !== text) last = new CodePointIndex(text);
  return last;
}
