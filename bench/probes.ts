/**
 * Code that runs inside the page (passed to `page.evaluate`): waits for a DOM condition and then
 * for the next paint, and records long tasks and frames while the page scrolls. Times are
 * `performance.now()` milliseconds of the page; event times are the events' `timeStamp`, on the
 * same clock.
 *
 * "Painted" is taken as: the condition holds after a DOM mutation, then one animation frame, then
 * one task posted from it (the usual next-paint approximation: the frame's paint happens between
 * the rAF callback and that task). The task is posted with `scheduler.postTask` at 'user-blocking'
 * priority where the page has it (Chromium): an ordinary task (a MessageChannel message) runs after
 * every task queued before it, such as the app's deferred rendering that a key press schedules for
 * after the paint, and would count that work, done after the paint, as time until the paint.
 */
import type { Page } from '@playwright/test';

declare global {
  interface Window {
    __benchEvents?: Record<string, number>;
    __benchLongTasks?: { start: number; duration: number }[];
  }
}

/** Records the `timeStamp` of the next `type` event (capture phase, on the window) under `name`. */
async function recordNextEvent(page: Page, type: string, name: string): Promise<void> {
  await page.evaluate(
    ({ type, name }) => {
      window.__benchEvents ??= {};
      delete window.__benchEvents[name];
      window.addEventListener(type, (e) => ((window.__benchEvents as Record<string, number>)[name] = e.timeStamp), { capture: true, once: true });
    },
    { type, name },
  );
}

async function eventTime(page: Page, name: string): Promise<number> {
  const t = await page.evaluate((name) => window.__benchEvents?.[name], name);
  if (t === undefined) throw new Error(`no ${name} event was seen`);
  return t;
}

/** Conditions the page can wait for (serialisable descriptions, checked in the page). */
export type PaintCondition =
  | { readonly kind: 'spanCount'; readonly root: string; readonly atLeast: number }
  | { readonly kind: 'newSpan'; readonly root: string }
  | { readonly kind: 'spanGone'; readonly root: string; readonly id: string }
  | { readonly kind: 'spanPresent'; readonly root: string; readonly id: string }
  | { readonly kind: 'selector'; readonly selector: string };

/**
 * Starts watching for `condition` in the page; the returned promise resolves with the page time
 * of the paint after it first holds (rejects after `timeoutMs`). Call it *before* the action.
 */
export async function armPaint(page: Page, condition: PaintCondition, timeoutMs = 15_000): Promise<() => Promise<number>> {
  const handle = await page.evaluateHandle(
    ({ condition, timeoutMs }) => {
      const ids = (root: Element | null): Set<string> => {
        const set = new Set<string>();
        root?.querySelectorAll('[data-span-id]').forEach((e) => set.add(e.getAttribute('data-span-id') ?? ''));
        return set;
      };
      const before = condition.kind === 'newSpan' ? ids(document.querySelector(condition.root)) : null;
      let added = false;
      const holds = (): boolean => {
        switch (condition.kind) {
          case 'spanCount': {
            const root = document.querySelector(condition.root);
            if (!root || root.querySelectorAll('[data-span-id]').length < condition.atLeast) return false;
            return ids(root).size >= condition.atLeast;
          }
          case 'newSpan':
            return added;
          case 'spanGone':
            return !document.querySelector(`${condition.root} [data-span-id="${CSS.escape(condition.id)}"]`);
          case 'spanPresent':
            return !!document.querySelector(`${condition.root} [data-span-id="${CSS.escape(condition.id)}"]`);
          case 'selector':
            return !!document.querySelector(condition.selector);
        }
      };
      const painted = new Promise<number>((resolve, reject) => {
        const afterPaint = () =>
          requestAnimationFrame(() => {
            const posting = (globalThis as { scheduler?: { postTask?: (task: () => void, options: { priority: string }) => Promise<void> } }).scheduler;
            if (posting?.postTask) {
              void posting.postTask(() => resolve(performance.now()), { priority: 'user-blocking' });
              return;
            }
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(performance.now());
            channel.port2.postMessage(0);
          });
        const observer = new MutationObserver((records) => {
          // A new span shows as an added element (or a changed id) the ids before did not have:
          // read from the records, not by querying thousands of highlights on every change.
          if (condition.kind === 'newSpan') {
            // An attribute record counts only for a highlight's own id (its subtree did not
            // change): looking through the descendants of, say, the article root whose class
            // changed would cost the probe milliseconds inside the measured time.
            const isNew = (e: Element) => e.hasAttribute('data-span-id') && !before?.has(e.getAttribute('data-span-id') ?? '');
            const root = document.querySelector(condition.root);
            for (const r of records) {
              if (added || !root) break;
              // Only the article counts (the annotation list's rows carry span ids too).
              if (!root.contains(r.target)) continue;
              if (r.type === 'attributes') {
                if (r.attributeName === 'data-span-id' && r.target instanceof Element && isNew(r.target)) added = true;
                continue;
              }
              for (const n of r.addedNodes) {
                if (n instanceof Element && (isNew(n) || [...n.querySelectorAll('[data-span-id]')].some(isNew))) added = true;
              }
            }
          }
          if (!holds()) return;
          observer.disconnect();
          clearTimeout(timer);
          afterPaint();
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`timed out waiting for ${JSON.stringify(condition)}`));
        }, timeoutMs);
        observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
      });
      // Wrapped: evaluateHandle would otherwise wait for the promise itself.
      return { painted };
    },
    { condition, timeoutMs },
  );
  return async () => {
    const t = await handle.evaluate((h) => h.painted);
    await handle.dispose();
    return t;
  };
}

/**
 * Milliseconds from the next `type` event on the page (which `act` causes: a click, a key, an
 * input) until `condition` is painted: what every "… → painted" and "open" figure measures.
 */
export async function timeUntilPainted(page: Page, type: string, act: () => Promise<void>, condition: PaintCondition, timeoutMs?: number): Promise<number> {
  await recordNextEvent(page, type, type);
  const painted = await armPaint(page, condition, timeoutMs);
  await act();
  const t1 = await painted();
  return t1 - (await eventTime(page, type));
}

/** Starts collecting long tasks (> 50 ms) from now on. */
export async function startLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__benchLongTasks?.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask' });
  });
}

/** The long tasks seen since {@link startLongTasks}, and forgets them. */
export async function takeLongTasks(page: Page): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(() => {
    const tasks = window.__benchLongTasks ?? [];
    window.__benchLongTasks = [];
    return tasks;
  });
}

/**
 * Scrolls the nearest scrollable ancestor of `selector` from top to bottom, `step` pixels per
 * animation frame (at most `maxMs`), and reports the frames per second and the longest gap between
 * frames, in milliseconds.
 */
export async function scrollThrough(page: Page, selector: string, step: number, maxMs: number): Promise<{ fps: number; worstFrameMs: number; reachedEnd: boolean }> {
  return page.evaluate(
    ({ selector, step, maxMs }) => {
      let element: HTMLElement | null = document.querySelector(selector);
      while (element && !(element.scrollHeight > element.clientHeight + 1 && /(auto|scroll)/.test(getComputedStyle(element).overflowY))) element = element.parentElement;
      if (!element) throw new Error(`nothing scrolls around ${selector}`);
      const scroller = element;
      scroller.scrollTop = 0;
      return new Promise<{ fps: number; worstFrameMs: number; reachedEnd: boolean }>((resolve) => {
        let frames = 0;
        let worst = 0;
        let first = 0;
        let last = 0;
        const frame = (t: number) => {
          if (first === 0) first = t;
          else worst = Math.max(worst, t - last);
          last = t;
          frames += 1;
          const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
          if (atEnd || t - first > maxMs) {
            resolve({ fps: ((frames - 1) * 1000) / Math.max(1, t - first), worstFrameMs: worst, reachedEnd: atEnd });
            return;
          }
          scroller.scrollTop += step;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    },
    { selector, step, maxMs },
  );
}
