/**
 * The review slice of the store: comparing the chosen annotators' layers of one document and
 * adjudicating them into the gold layer. Comparison and decisions are the pure functions of
 * shared/review; this slice only holds the state, saves the gold after each decision (the gold
 * file only — reviewing never writes an annotator's layer) and keeps the keyboard cursor.
 */
import type { StoreApi } from 'zustand';
import type { ReviewData } from '../../../shared/host-contract';
import type { Result } from '../../../shared/model';
import {
  applyDecision,
  autoAccept,
  compareLayers,
  disagreements,
  nextOpenItem,
  stepItem,
  type Comparison,
  type Decision,
  type GoldLayer,
  type ReviewLayer,
} from '../../../shared/review';
import { host } from '../host';
import type { HashiyaState } from '../store';
import { errorMessage } from '../error-message';

export type Mode = 'annotate' | 'review' | 'agreement' | 'feedback';

export interface ReviewState {
  readonly documentId: string;
  readonly data: ReviewData;
  readonly comparison: Result<Comparison>;
  readonly gold: GoldLayer;
  readonly quorum: number;
  /** The item the keys act on. */
  readonly cursor: string | null;
  readonly sideBySide: boolean;
  /** The last refusal or save problem, shown until the next action. */
  readonly message: string | null;
  readonly saving: boolean;
}

export interface ReviewSlice {
  mode: Mode;
  setMode(mode: Mode): void;
  /** Annotators whose layers review compares, in review order. */
  reviewAnnotators: readonly string[];
  setReviewAnnotators(annotators: readonly string[]): void;
  review: ReviewState | null;
  reviewError: string | null;
  /** Loads a document for review among `annotators` (default: the chosen ones). */
  openReview(documentId: string, annotators?: readonly string[]): Promise<void>;
  setQuorum(quorum: number): void;
  toggleSideBySide(): void;
  /** Accepts every item the quorum agrees on. */
  runAutoAccept(): void;
  /** Applies a decision to the cursor's item (or `itemId`) and moves to the next open item. */
  decide(decision: Decision, itemId?: string): void;
  /** Moves the cursor to the next/previous disagreement (or any item with `all`). */
  moveReviewCursor(direction: 1 | -1): void;
  setReviewCursor(itemId: string | null): void;
}

type Set = StoreApi<HashiyaState>['setState'];
type Get = StoreApi<HashiyaState>['getState'];

export function createReviewSlice(set: Set, get: Get): ReviewSlice {
  let saving: Promise<void> = Promise.resolve();
  const schema = () => get().session?.corpus?.schema;
  const curator = () => get().session?.annotator ?? 'curator';

  function update(changes: Partial<ReviewState>): void {
    const review = get().review;
    if (review) set({ review: { ...review, ...changes } });
  }

  /** Saves `gold` after any save in flight; the saved revision comes back into the state. */
  function saveGold(gold: GoldLayer): void {
    const review = get().review;
    if (!review) return;
    const id = review.documentId;
    update({ gold, saving: true });
    saving = saving.then(async () => {
      const now = get().review;
      if (!now || now.documentId !== id) return;
      try {
        // The contract checks the gold's outline; the store checks its provenance in depth.
        const saved = await host.saveGold(id, now.gold as unknown as Parameters<typeof host.saveGold>[1], now.gold.revision);
        const after = get().review;
        if (after && after.documentId === id) update({ gold: { ...after.gold, revision: saved.revision }, saving: false });
      } catch (error) {
        update({ saving: false, message: `Gold not saved: ${errorMessage(error)}` });
      }
    });
  }

  return {
    mode: 'annotate',
    reviewAnnotators: [],
    review: null,
    reviewError: null,

    setMode(mode) {
      void get().flushSave();
      set({ mode });
    },

    setReviewAnnotators(annotators) {
      set({ reviewAnnotators: annotators });
      const review = get().review;
      if (review) void get().openReview(review.documentId);
    },

    async openReview(documentId, only) {
      const annotators = only ?? get().reviewAnnotators;
      if (annotators.length === 0) {
        set({ review: null, reviewError: 'Choose the annotators whose layers to compare.' });
        return;
      }
      try {
        const data = await host.loadReview(documentId, annotators);
        const layers: ReviewLayer[] = data.layers.map((l) => ({ annotator: l.annotator, layer: l.layer ?? undefined, file: l.file }));
        const comparison = compareLayers(data.text, layers, { schema: schema() });
        const quorum = data.gold.quorum ?? annotators.length;
        const first = comparison.ok ? (nextOpenItem(comparison.value, data.gold, undefined)?.id ?? null) : null;
        set({
          reviewError: null,
          review: { documentId, data, comparison, gold: data.gold, quorum, cursor: first, sideBySide: get().review?.sideBySide ?? false, message: null, saving: false },
        });
      } catch (error) {
        set({ review: null, reviewError: errorMessage(error) });
      }
    },

    setQuorum(quorum) {
      update({ quorum });
    },

    toggleSideBySide() {
      const review = get().review;
      if (review) update({ sideBySide: !review.sideBySide });
    },

    runAutoAccept() {
      const review = get().review;
      if (!review || !review.comparison.ok) return;
      const outcome = autoAccept(review.comparison.value, review.quorum, review.gold, { schema: schema() });
      if (!outcome.ok) {
        update({ message: outcome.message });
        return;
      }
      const next = nextOpenItem(review.comparison.value, outcome.value, undefined)?.id ?? null;
      update({ message: null, cursor: next });
      saveGold(outcome.value);
    },

    decide(decision, itemId) {
      const review = get().review;
      const id = itemId ?? review?.cursor;
      if (!review || !review.comparison.ok || !id) return;
      const outcome = applyDecision(review.gold, review.comparison.value, id, decision, curator(), { schema: schema() });
      if (!outcome.ok) {
        update({ message: outcome.message });
        return;
      }
      const next = nextOpenItem(review.comparison.value, outcome.value, id)?.id ?? nextOpenItem(review.comparison.value, outcome.value, undefined)?.id ?? null;
      update({ message: null, cursor: next });
      saveGold(outcome.value);
    },

    moveReviewCursor(direction) {
      const review = get().review;
      if (!review || !review.comparison.ok) return;
      const items = disagreements(review.comparison.value);
      const next = stepItem(items.length > 0 ? items : review.comparison.value.items, review.cursor ?? undefined, direction);
      if (next) update({ cursor: next.id, message: null });
    },

    setReviewCursor(itemId) {
      update({ cursor: itemId, message: null });
    },
  };
}
