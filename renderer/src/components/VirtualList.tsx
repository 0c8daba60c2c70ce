import { useCallback, useImperativeHandle, useLayoutEffect, useRef, useState, type FocusEvent, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { renderedRows, rowForKey, scrollTopForRow } from './virtual-window';

/**
 * A list that mounts only the rows in view, plus `overscan` rows above and below, inside its own
 * scroll container; the scrollbar still measures the whole list, because the `<ul>` is given the
 * full height and each `<li>` is placed at `index × rowHeight`. Every row has the same height
 * (`rowHeight`, CSS pixels); the CSS of a row must fit in it (overflow is cut, not measured).
 *
 * Hand-written rather than @tanstack/react-virtual (which would work with React 19): with one
 * fixed row height the window is two divisions (`virtual-window.ts`, unit-tested), and what a
 * library leaves to the caller anyway — keeping the focused row mounted while it is scrolled away,
 * moving focus with ArrowUp/ArrowDown/PageUp/PageDown/Home/End, list semantics with
 * `aria-setsize`/`aria-posinset` — is most of this file. Positions go through React's `style`
 * prop, i.e. the CSSOM, which the CSP (`style-src 'self'`) allows; nothing injects a `<style>`.
 * Nothing here is horizontal, so the mirrored (RTL) layout needs nothing of its own.
 *
 * Rows stay reachable by Tab (each is whatever focusable element `renderRow` returns); the
 * arrow keys move focus to the next row's first focusable element, scrolling it into view.
 */
export interface VirtualListProps<T> {
  readonly items: readonly T[];
  /** A stable, unique key of an item (React's `key` of its row). */
  readonly itemKey: (item: T) => string;
  /** The row's content, placed inside its `<li>`. Memoise it: it is called on every scroll. */
  readonly renderRow: (item: T, index: number) => ReactNode;
  /** The height of every row in CSS pixels, gaps included. */
  readonly rowHeight: number;
  /** Rows rendered beyond each edge of the view; 6 unless given. */
  readonly overscan?: number;
  /** Class of the `<ul>`. */
  readonly className?: string;
  /** Class of the scroll container around it (besides `virtual-scroller`). */
  readonly scrollerClassName?: string;
  readonly 'aria-label'?: string;
  readonly ref?: Ref<VirtualListHandle>;
  /** Called on every scroll event of the list's scroll container. */
  readonly onScroll?: () => void;
}

export interface VirtualListHandle {
  /** Scrolls the least that brings row `index` wholly into view; nothing when it is, or when there is no such row. */
  scrollToIndex(index: number): void;
}

interface Metrics {
  readonly scrollTop: number;
  readonly viewportHeight: number;
}

const FOCUSABLE = 'button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

export function VirtualList<T>({ items, itemKey, renderRow, rowHeight, overscan = 6, className, scrollerClassName, 'aria-label': label, ref, onScroll: scrolled }: VirtualListProps<T>) {
  const scrollerRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  // Until the scroller is measured (before the first paint, by the ResizeObserver), assume the
  // window's height: a few rows too many for one frame, never a blank list.
  const [metrics, setMetrics] = useState<Metrics>(() => ({ scrollTop: 0, viewportHeight: window.innerHeight }));
  // The window last measured, for deciding without reading the layout whether a row is in view.
  const measured = useRef<Metrics | null>(null);
  // The focused row's key: that row stays mounted when scrolled away, so focus is not lost.
  const [focusedKey, setFocusedKey] = useState<string | null>(null);
  const pendingFocus = useRef<number | null>(null);
  const count = items.length;

  const measure = useCallback(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const next = { scrollTop: scroller.scrollTop, viewportHeight: scroller.clientHeight };
    measured.current = next;
    setMetrics((m) => (m.scrollTop === next.scrollTop && m.viewportHeight === next.viewportHeight ? m : next));
  }, []);

  // The row last revealed, and the scrollTop that showed it: kept in view while the scroller is
  // resized (a panel above it growing a moment after a selection), until the user scrolls.
  const pinned = useRef<{ readonly index: number; readonly top: number } | null>(null);

  const reveal = useCallback(
    (index: number) => {
      const scroller = scrollerRef.current;
      if (!scroller || index < 0 || index >= count) return;
      // From the window last measured (kept current by every scroll and resize): a row in view
      // needs nothing, and the page is not laid out here, in the middle of whatever just
      // changed it (a document opened, its article mounted a moment ago, reveals its row).
      const known = measured.current ?? { scrollTop: scroller.scrollTop, viewportHeight: scroller.clientHeight };
      const top = scrollTopForRow({ count, rowHeight, ...known }, index);
      if (top === null) {
        pinned.current = { index, top: known.scrollTop };
        return;
      }
      scroller.scrollTop = top;
      pinned.current = { index, top: scroller.scrollTop };
      // Render the new window now rather than on the scroll event a frame later.
      measure();
    },
    [count, rowHeight, measure],
  );
  const revealRef = useRef(reveal);
  useLayoutEffect(() => {
    revealRef.current = reveal;
  });
  // Other items: the pinned index may be another row now.
  useLayoutEffect(() => {
    pinned.current = null;
  }, [items]);

  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    // (After layout: measuring here costs nothing.)
    const observer = new ResizeObserver(() => {
      measure();
      if (pinned.current) revealRef.current(pinned.current.index);
    });
    observer.observe(scroller);
    return () => observer.disconnect();
  }, [measure]);

  const onScroll = () => {
    scrolled?.();
    if (pinned.current && scrollerRef.current?.scrollTop !== pinned.current.top) pinned.current = null;
    measure();
  };

  useImperativeHandle(ref, () => ({ scrollToIndex: reveal }), [reveal]);

  // A row asked for by the keyboard that was not mounted yet: focus it once it is.
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const row = listRef.current?.querySelector<HTMLElement>(`[data-row-index="${index}"]`);
    if (!row) return;
    pendingFocus.current = null;
    row.querySelector<HTMLElement>(FOCUSABLE)?.focus({ preventScroll: true });
  });

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-row-index]');
    if (!row || !listRef.current?.contains(row)) return;
    const pageRows = Math.floor((scrollerRef.current?.clientHeight ?? 0) / rowHeight);
    const target = rowForKey(event.key, Number(row.dataset.rowIndex), count, pageRows);
    if (target === null) return;
    event.preventDefault();
    reveal(target);
    const element = listRef.current.querySelector<HTMLElement>(`[data-row-index="${target}"]`);
    if (element) element.querySelector<HTMLElement>(FOCUSABLE)?.focus({ preventScroll: true });
    else pendingFocus.current = target;
  };

  const onFocus = (event: FocusEvent<HTMLUListElement>) => {
    const row = (event.target as HTMLElement).closest<HTMLElement>('[data-row-key]');
    setFocusedKey(row?.dataset.rowKey ?? null);
  };
  const onBlur = (event: FocusEvent<HTMLUListElement>) => {
    // The window losing focus blurs the row too; it keeps focus when the window comes back.
    if (event.relatedTarget === null && !document.hasFocus()) return;
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocusedKey(null);
  };

  const { start, end } = renderedRows({ count, rowHeight, ...metrics }, overscan);
  const indices: number[] = [];
  for (let i = start; i < end; i++) indices.push(i);
  if (focusedKey !== null && !indices.some((i) => itemKey(items[i] as T) === focusedKey)) {
    const focused = items.findIndex((item) => itemKey(item) === focusedKey);
    if (focused >= 0) {
      if (focused < start) indices.unshift(focused);
      else indices.push(focused);
    }
  }

  return (
    <div ref={scrollerRef} className={scrollerClassName ? `virtual-scroller ${scrollerClassName}` : 'virtual-scroller'} onScroll={onScroll}>
      <ul ref={listRef} className={className} aria-label={label} style={{ height: count * rowHeight }} onKeyDown={onKeyDown} onFocus={onFocus} onBlur={onBlur}>
        {indices.map((i) => {
          const item = items[i] as T;
          const key = itemKey(item);
          return (
            <li key={key} className="virtual-row" data-row-index={i} data-row-key={key} aria-setsize={count} aria-posinset={i + 1} style={{ top: i * rowHeight, height: rowHeight }}>
              {renderRow(item, i)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
