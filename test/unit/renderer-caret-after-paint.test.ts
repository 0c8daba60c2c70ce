// @vitest-environment jsdom
// jsdom lays nothing out, so what this pins is the order of things: ProseMirror does not put the
// selection back into the page while highlights are redrawn around a caret (in Chromium that is a
// forced layout inside the key press), and the caret comes back where ProseMirror has it after
// the next frame. The key press timings themselves are the benchmark's (`npm run bench`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getSchema } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import { EditorState, TextSelection } from '@tiptap/pm/state';
import { EditorView } from '@tiptap/pm/view';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { articleContent } from '../../renderer/src/editor/article-content';
import { articleHandle } from '../../renderer/src/editor/article-handle';
import { redrawAroundCaret } from '../../renderer/src/editor/caret-after-paint';
import { highlightKey, highlightPlugin, spanDescriptors, type HighlightLayers } from '../../renderer/src/editor/highlights';
import type { Span } from '../../shared/model';
import { EditorPositions } from '../../shared/text/editor-positions';

const seed000 = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../seeds/000_7db2a034c338d373.txt'), 'utf8');
const positions = new EditorPositions(seed000);
const schema = getSchema([Document, Paragraph, Text]);
const labelIndex: ReadonlyMap<string, number> = new Map([['Actor', 0], ['Place', 1], ['CasualtyCount', 2], ['Claim', 3]]);

/** Code points of the first occurrence of `needle` in seed 000. */
function find(needle: string): { start: number; end: number } {
  const at = seed000.indexOf(needle);
  if (at < 0) throw new Error(`not in the seed: ${needle}`);
  const start = [...seed000.slice(0, at)].length;
  return { start, end: start + [...needle].length };
}

function span(id: string, label: string, needle: string): Span {
  const { start, end } = find(needle);
  return { id, label, start, end, text: needle, attributes: {}, note: '' } as Span;
}

function layers(spans: readonly Span[]): HighlightLayers {
  return [[], [], spanDescriptors(positions, spans, labelIndex, null, new Set())];
}

/** Text of the article before the page's caret, in code points (via ProseMirror's mapping). */
function textBeforeCaret(view: EditorView): string {
  const selection = document.getSelection();
  if (!selection?.anchorNode) throw new Error('no caret in the page');
  const cp = positions.fromPos(view.posAtDOM(selection.anchorNode, selection.anchorOffset));
  return [...seed000].slice(0, cp).join('');
}

const afterNextPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

let view: EditorView;
const forces = new Map<string, number>();
const american = span('s1', 'Actor', 'القوات الأمريكية');

beforeEach(() => {
  const host = document.createElement('div');
  document.body.append(host);
  view = new EditorView(host, { state: EditorState.create({ doc: schema.nodeFromJSON(articleContent(positions)), plugins: [highlightPlugin(layers([]))] }) });
  // jsdom focuses only what it knows to be focusable; the browser focuses a contenteditable.
  view.dom.tabIndex = 0;
  view.focus();
  forces.clear();
  for (const name of ['collapse', 'setBaseAndExtent', 'extend', 'addRange'] as const) {
    const original = Selection.prototype[name] as (...args: unknown[]) => unknown;
    vi.spyOn(Selection.prototype, name).mockImplementation(function (this: Selection, ...args: unknown[]) {
      forces.set(name, (forces.get(name) ?? 0) + 1);
      return original.apply(this, args);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  articleHandle.detach(view);
  view.destroy();
  document.body.replaceChildren();
});

/** Puts ProseMirror's selection, and so the page's, at code points [from, to). */
function select(from: number, to = from): void {
  view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, positions.toPos(from), positions.toPos(to))));
  forces.clear();
}

describe('redrawAroundCaret', () => {
  it('redraws the paragraph holding the caret without setting the page selection, and puts the caret back after the paint', async () => {
    // The caret inside القوات الأمريكية, after القوات.
    const caret = american.start + [...'القوات'].length;
    select(caret);
    expect(textBeforeCaret(view).endsWith('القوات')).toBe(true);

    redrawAroundCaret(view, () => view.dispatch(view.state.tr.setMeta(highlightKey, layers([american]))));
    expect(view.dom.querySelector('[data-span-id="s1"]')?.textContent).toBe('القوات الأمريكية');
    expect(forces.size).toBe(0);
    expect(document.getSelection()?.rangeCount).toBe(0);
    expect(Object.hasOwn(view, 'hasFocus')).toBe(false);
    expect(view.hasFocus()).toBe(true);

    await afterNextPaint();
    expect(forces.get('collapse')).toBe(1);
    expect(document.getSelection()?.isCollapsed).toBe(true);
    expect(positions.fromPos(view.state.selection.head)).toBe(caret);
    expect(textBeforeCaret(view).endsWith('القوات')).toBe(true);
  });

  it('leaves a selected range where it is (the user is looking at it)', () => {
    select(american.start, american.end);
    redrawAroundCaret(view, () => view.dispatch(view.state.tr.setMeta(highlightKey, layers([span('s2', 'Place', 'دير الزور')]))));
    const selection = document.getSelection();
    expect(selection?.rangeCount).toBe(1);
    expect(selection?.toString()).toBe('القوات الأمريكية');
  });

  it('leaves the caret alone while a mouse button is down (a selection being dragged)', () => {
    select(american.start);
    window.dispatchEvent(new Event('pointerdown'));
    try {
      redrawAroundCaret(view, () => view.dispatch(view.state.tr.setMeta(highlightKey, layers([american]))));
      expect(document.getSelection()?.rangeCount).toBe(1);
    } finally {
      window.dispatchEvent(new Event('pointerup'));
    }
  });

  it('does not bring the caret back when the focus has left the article meanwhile', async () => {
    select(american.start);
    redrawAroundCaret(view, () => view.dispatch(view.state.tr.setMeta(highlightKey, layers([american]))));
    const field = document.createElement('input');
    document.body.append(field);
    field.focus();
    await afterNextPaint();
    expect(forces.has('collapse')).toBe(false);
  });
});

describe('putting the caret back', () => {
  it('moves a caret put down meanwhile (by the browser, followed by ProseMirror) to where ProseMirror had it after the redraw', async () => {
    select(american.end);
    redrawAroundCaret(view, () => view.dispatch(view.state.tr.setMeta(highlightKey, layers([american]))));
    select(0); // what a caret at the start, taken in by ProseMirror, amounts to
    await afterNextPaint();
    expect(textBeforeCaret(view).endsWith('القوات الأمريكية')).toBe(true);
  });

  it('takes in a caret the browser put down that ProseMirror has not read, before a redraw: it comes back there, not at the older selection', async () => {
    // A click's caret that ProseMirror does not take on the selectionchange sent to it (as after
    // its mouse handling in Chromium): here it never sees the event at all.
    const swallow = (event: Event) => event.stopImmediatePropagation();
    document.addEventListener('selectionchange', swallow, true);
    try {
      const { start } = find('المرصد السوري');
      const { node, offset } = view.domAtPos(positions.toPos(start));
      document.getSelection()?.collapse(node, offset);
      expect(view.state.selection.head).toBe(1); // ProseMirror still has the document's start
      redrawAroundCaret(view, () => view.dispatch(view.state.tr.setMeta(highlightKey, layers([american]))));
      expect(positions.fromPos(view.state.selection.head)).toBe(start);
      await afterNextPaint();
      expect(textBeforeCaret(view).endsWith('وقال ')).toBe(true);
      expect([...textBeforeCaret(view)].length).toBe(start);
    } finally {
      document.removeEventListener('selectionchange', swallow, true);
    }
  });

  it('is cancelled by a mouse press in between (the user put the caret somewhere)', async () => {
    select(american.end);
    redrawAroundCaret(view, () => view.dispatch(view.state.tr.setMeta(highlightKey, layers([american]))));
    window.dispatchEvent(new Event('pointerdown'));
    window.dispatchEvent(new Event('pointerup'));
    await afterNextPaint();
    expect(forces.has('collapse')).toBe(false);
    expect(document.getSelection()?.rangeCount).toBe(0);
  });
});

describe('articleHandle.clearSelection after a label key', () => {
  it('puts the caret back at the end of a range selected backwards, with no redraw in between', async () => {
    articleHandle.attach(view, positions);
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, positions.toPos(american.end), positions.toPos(american.start))));
    articleHandle.clearSelection();
    await afterNextPaint();
    expect(textBeforeCaret(view).endsWith('القوات الأمريكية')).toBe(true);
  });

  it('collapses ProseMirror to the end of the labelled range; the caret comes back there after the paint, and the redraw in between sets no selection', async () => {
    articleHandle.attach(view, positions);
    select(american.start, american.end);
    expect(articleHandle.selection()).toEqual({ start: american.start, end: american.end });

    articleHandle.clearSelection();
    expect(articleHandle.selection()).toBeNull();
    expect(positions.fromPos(view.state.selection.head)).toBe(american.end);
    expect(document.getSelection()?.rangeCount).toBe(0);
    // The highlight the label key adds, drawn a moment later (React's render).
    redrawAroundCaret(view, () => view.dispatch(view.state.tr.setMeta(highlightKey, layers([american]))));
    expect(forces.size).toBe(0);

    await afterNextPaint();
    expect(forces.get('collapse')).toBe(1);
    expect(textBeforeCaret(view).endsWith('القوات الأمريكية')).toBe(true);
  });
});
