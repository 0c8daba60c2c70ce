/**
 * The lexicon of suggest.ts kept up to date as its labelled strings come and go (a corpus's layer
 * files saved, added, removed), instead of built again from every string of the corpus on every
 * change: a corpus of 10,000 documents holds about a million labelled strings, and building its
 * lexicon took over two seconds of one thread, after every save.
 *
 * The counts of each key's labels are kept; a change adds and takes away the strings of what
 * changed, and {@link LexiconCounts.lexicon} makes a new immutable {@link Lexicon} from the last
 * one by redoing only the keys (and first tokens) whose counts changed.
 */
import { OTHER, LETTER, splitsPair, tokenClassAt } from './char-classes';
import { matchingKey } from './matching-key';
import type { Lexicon, LexiconEntry } from './suggest';

/** A labelled string as the lexicon counts it: its key (see `Lexicon.entries`) and its label. */
export interface KeyedString {
  readonly key: string;
  readonly label: string;
}

/** `[start, end)` (key units) of each token (run of letters, marks, digits) of `key`. */
export function tokensOf(key: string): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  let inToken = false;
  for (let i = 0; i < key.length; i++) {
    if (splitsPair(key, i)) continue; // the second half of a surrogate pair: classed with the first
    const token = tokenClassAt(key, i) !== OTHER;
    if (token && !inToken) starts.push(i);
    if (!token && inToken) ends.push(i);
    inToken = token;
  }
  if (inToken) ends.push(key.length);
  return { starts, ends };
}

function letterCount(key: string): number {
  let letters = 0;
  for (let i = 0; i < key.length; i++) if (tokenClassAt(key, i) === LETTER) letters++;
  return letters;
}

/**
 * The version of {@link lexiconKey}: bump it whenever it gives another key for any text (a change
 * to `matchingKey`, which it folds with, included). The lexicon's cache file keeps keys, and reads
 * only a file of this version (electron/lexicon-cache-file.ts).
 */
export const LEXICON_KEY_VERSION = 1;

/**
 * The lexicon's key of a labelled string `text`: its matching key without the non-token
 * characters at its ends; undefined for a string the lexicon leaves out (no token, or fewer than
 * 2 letters).
 */
export function lexiconKey(text: string): string | undefined {
  const folded = matchingKey(text).key;
  const { starts, ends } = tokensOf(folded);
  const first = starts[0];
  const last = ends[ends.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const key = folded.slice(first, last);
  return letterCount(key) < 2 ? undefined : key;
}

/**
 * The strings of `entries` the lexicon counts, keyed ({@link lexiconKey}), in order. `keys`, when
 * given, holds the keys of texts met before and is added to: the same strings recur across a
 * corpus's layers (10,000 documents: a million spans, some tens of thousands of texts).
 */
export function keyedStrings(entries: readonly { readonly label: string; readonly text: string }[], keys?: Map<string, string | undefined>): KeyedString[] {
  const out: KeyedString[] = [];
  for (const { label, text } of entries) {
    let key: string | undefined;
    if (keys === undefined) key = lexiconKey(text);
    else if (keys.has(text)) key = keys.get(text);
    else {
      key = lexiconKey(text);
      keys.set(text, key);
    }
    if (key !== undefined) out.push({ key, label });
  }
  return out;
}

const EMPTY: Lexicon = Object.freeze({ entries: new Map(), tokenCounts: new Map() });

/** The label a key's counts propose: the most frequent, ties broken by label name (code unit order). */
function proposed(perLabel: ReadonlyMap<string, number>): string {
  let label = '';
  let best = 0;
  for (const [name, count] of perLabel) {
    if (count > best || (count === best && name < label)) {
      label = name;
      best = count;
    }
  }
  return label;
}

/** The first token of a key and its number of tokens. */
function shapeOf(key: string): { readonly first: string; readonly tokens: number } {
  const { starts, ends } = tokensOf(key);
  return { first: key.slice(0, ends[0]), tokens: starts.length };
}

/**
 * Counts of labelled strings by key and label, and the lexicon they make. Add strings with
 * {@link add}, take strings added before away with {@link remove}; {@link lexicon} is then the
 * `buildLexicon` of the strings added and not taken away (the same entries, counts and token
 * counts; the order of its maps may differ).
 */
export class LexiconCounts {
  /** Key → label → strings. */
  readonly #counts = new Map<string, Map<string, number>>();
  /** First token of the keys → number of tokens → keys of that shape. */
  readonly #shapes = new Map<string, Map<number, number>>();
  /** Keys whose counts changed since the last {@link lexicon}. */
  readonly #changed = new Set<string>();
  #lexicon: Lexicon = EMPTY;

  add(strings: readonly KeyedString[]): void {
    for (const { key, label } of strings) {
      let perLabel = this.#counts.get(key);
      if (perLabel === undefined) {
        perLabel = new Map();
        this.#counts.set(key, perLabel);
        this.#reshape(key, 1);
      }
      perLabel.set(label, (perLabel.get(label) ?? 0) + 1);
      this.#changed.add(key);
    }
  }

  /** Takes away strings {@link add}ed before (each as many times as it is given); throws a RangeError for one never added. */
  remove(strings: readonly KeyedString[]): void {
    for (const { key, label } of strings) {
      const perLabel = this.#counts.get(key);
      const count = perLabel?.get(label);
      if (perLabel === undefined || count === undefined) throw new RangeError(`no string of key "${key}" with label "${label}" to remove`);
      if (count > 1) perLabel.set(label, count - 1);
      else perLabel.delete(label);
      if (perLabel.size === 0) {
        this.#counts.delete(key);
        this.#reshape(key, -1);
      }
      this.#changed.add(key);
    }
  }

  /** The lexicon of the strings counted (the same object while nothing changed). */
  lexicon(): Lexicon {
    if (this.#changed.size === 0) return this.#lexicon;
    const entries = new Map<string, LexiconEntry>(this.#lexicon.entries);
    const tokenCounts = new Map<string, readonly number[]>(this.#lexicon.tokenCounts);
    const firsts = new Set<string>();
    for (const key of this.#changed) {
      const perLabel = this.#counts.get(key);
      if (perLabel === undefined) entries.delete(key);
      else entries.set(key, Object.freeze({ label: proposed(perLabel), counts: new Map(perLabel) }));
      firsts.add(shapeOf(key).first);
    }
    for (const first of firsts) {
      const lengths = this.#shapes.get(first);
      if (lengths === undefined) tokenCounts.delete(first);
      else tokenCounts.set(first, Object.freeze([...lengths.keys()].sort((a, b) => b - a)));
    }
    this.#changed.clear();
    this.#lexicon = Object.freeze({ entries, tokenCounts });
    return this.#lexicon;
  }

  /** Counts key `key` in (+1) or out (−1) of the keys of its shape. */
  #reshape(key: string, by: 1 | -1): void {
    const { first, tokens } = shapeOf(key);
    let lengths = this.#shapes.get(first);
    if (lengths === undefined) {
      lengths = new Map();
      this.#shapes.set(first, lengths);
    }
    const keys = (lengths.get(tokens) ?? 0) + by;
    if (keys > 0) lengths.set(tokens, keys);
    else {
      lengths.delete(tokens);
      if (lengths.size === 0) this.#shapes.delete(first);
    }
  }
}
