/**
 * Rows of coded values mapped to what a counter worked out for each (internal to
 * `shared/agreement/`): the counters of κ and α meet the same few distinct rows over and over
 * (a handful of labels over millions of tokens) and look them up instead of recounting them.
 */
import type { Coded } from './category.js';

/** Rows of values (of any length) → a value each: a trie, one level per position, so a lookup allocates nothing. */
export class RowTrie<T> {
  readonly #root: TrieNode<T> = { next: undefined, value: undefined };

  find(row: readonly Coded[]): T | undefined {
    let node: TrieNode<T> | undefined = this.#root;
    for (const v of row) {
      node = node.next?.get(v);
      if (node === undefined) return undefined;
    }
    return node.value;
  }

  set(row: readonly Coded[], value: T): void {
    let node = this.#root;
    for (const v of row) {
      node.next ??= new Map();
      let next = node.next.get(v);
      if (next === undefined) {
        next = { next: undefined, value: undefined };
        node.next.set(v, next);
      }
      node = next;
    }
    node.value = value;
  }
}

interface TrieNode<T> {
  /** The nodes one position further (made when the first is added: the last position has none). */
  next: Map<Coded, TrieNode<T>> | undefined;
  value: T | undefined;
}
