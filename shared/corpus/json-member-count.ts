/**
 * How many object members a JSON text writes, counted on the text: what `JSON.parse` cannot
 * tell, because it keeps only the last of members with the same name. A parsed value with fewer
 * members than its text writes had a name repeated (which the line-numbered parser of
 * `located-json.ts` refuses).
 */

/**
 * The name separators (`:` outside strings) of `text`, which must be valid JSON (as
 * `JSON.parse` accepted it): one per member written, in every object at every depth. Returns
 * `undefined` when a stretch of `text` outside strings is `maxOutside` code units or longer (the
 * caller then does not trust the text to a fast path: the line-numbered parser reads at most 400
 * characters of a number). Linear in the length of `text`.
 */
export function countJsonMembers(text: string, maxOutside = 400): number | undefined {
  let count = 0;
  let inString = false;
  let outside = 0;
  // One pass over the code units (a loop of charCodeAt is several times faster here than
  // hopping between quotes with indexOf).
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next code unit (\" \\ \u…: the rest of \u is plain)
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
      outside = 0;
    } else {
      if (c === 0x3a) count++;
      outside++;
      if (outside >= maxOutside) return undefined;
    }
  }
  return count;
}

/**
 * For each line of `text` (split at `\n`, as `text.split('\n')`), how many `:` it holds anywhere,
 * in strings or not: at least its members ({@link countJsonMembers}), and exactly as many when
 * no string holds a colon (nearly always), which makes it a cheap first test. Hops between
 * colons and line breaks with `indexOf`, which is much faster than looking at every character.
 */
export function colonsPerLine(text: string): number[] {
  const counts: number[] = [];
  let colon = text.indexOf(':');
  let from = 0;
  for (;;) {
    const newline = text.indexOf('\n', from);
    const end = newline === -1 ? text.length : newline;
    let count = 0;
    while (colon !== -1 && colon < end) {
      count++;
      colon = text.indexOf(':', colon + 1);
    }
    counts.push(count);
    if (newline === -1) return counts;
    from = newline + 1;
  }
}
