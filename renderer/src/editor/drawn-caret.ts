/**
 * The caret of the article, drawn: the browser draws none in text that is not editable (see
 * caret-keys.ts). It is an element of its own in the article's scroller, never in ProseMirror's
 * DOM, shown where the page's selection is when that selection is collapsed inside the article
 * and the article has the focus. It is placed in the frame after a selection change, so that a
 * key press that clears the selection reads no layout for it.
 */

/** The box of the collapsed selection in `article` (viewport pixels), or null when none is to be drawn. */
function caretBox(article: HTMLElement): DOMRect | null {
  const page = article.ownerDocument;
  if (page.activeElement !== article) return null;
  const selection = page.getSelection();
  if (!selection || selection.rangeCount === 0 || !selection.isCollapsed) return null;
  const node = selection.focusNode;
  if (!node || !article.contains(node)) return null;
  return pointBox(node, selection.focusOffset);
}

/** The box of a caret at DOM point (`node`, `offset`) (viewport pixels, zero wide). */
function pointBox(node: Node, offset: number): DOMRect | null {
  const range = node.ownerDocument?.createRange();
  range?.setStart(node, offset);
  const rect = range?.getClientRects()[0];
  if (rect && rect.height > 0) return rect;
  return edgeBox(node, offset);
}

/**
 * A caret's box where a collapsed range has none (at some line starts, between elements, in an
 * empty paragraph): the start edge of what follows the point (the right edge in right-to-left
 * text), else the end edge of what precedes it, else the start edge of the point's element.
 */
function edgeBox(node: Node, offset: number): DOMRect | null {
  const element = node instanceof Element ? node : node.parentElement;
  if (!element) return null;
  const rtl = getComputedStyle(element).direction === 'rtl';
  const range = element.ownerDocument.createRange();
  let after: boolean | null = null;
  if (node instanceof Text) {
    // The character after the point, else the one before it.
    after = offset < node.length ? true : offset > 0 ? false : null;
    if (after !== null) {
      range.setStart(node, after ? offset : offset - 1);
      range.setEnd(node, after ? offset + 1 : offset);
    }
  } else {
    const next = node.childNodes[offset] ?? node.childNodes[offset - 1];
    if (next) {
      after = next === node.childNodes[offset];
      range.selectNode(next);
    }
  }
  const rects = after === null ? null : range.getClientRects();
  const rect = rects && (after ? rects[0] : rects[rects.length - 1]);
  if (rect) return new DOMRect((after ? rtl : !rtl) ? rect.right : rect.left, rect.top, 0, rect.height);
  const box = element.getBoundingClientRect();
  return new DOMRect(rtl ? box.right : box.left, box.top, 0, box.height);
}

/**
 * Draws the caret of `article` inside `scroller` (its scrolling ancestor, positioned) until the
 * returned function is called. Follows selection changes, focus, and the article's size (its
 * paragraphs are laid out late, see paragraph-reveal.ts, which moves the text).
 */
export function drawCaret(article: HTMLElement, scroller: HTMLElement): () => void {
  const caret = article.ownerDocument.createElement('div');
  caret.className = 'article-caret';
  caret.setAttribute('aria-hidden', 'true');
  caret.hidden = true;
  scroller.appendChild(caret);
  let frame = 0;
  const place = () => {
    frame = 0;
    const rect = caretBox(article);
    if (!rect) {
      caret.hidden = true;
      return;
    }
    const box = scroller.getBoundingClientRect();
    // Scroller content coordinates: the caret scrolls with the text without being moved.
    caret.style.transform = `translate(${rect.left - box.left + scroller.scrollLeft - 1}px, ${rect.top - box.top + scroller.scrollTop}px)`;
    caret.style.height = `${rect.height}px`;
    caret.hidden = false;
  };
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(place);
  };
  const page = article.ownerDocument;
  page.addEventListener('selectionchange', schedule);
  article.addEventListener('focus', schedule);
  article.addEventListener('blur', schedule);
  const resized = new ResizeObserver(schedule);
  resized.observe(article);
  return () => {
    cancelAnimationFrame(frame);
    page.removeEventListener('selectionchange', schedule);
    article.removeEventListener('focus', schedule);
    article.removeEventListener('blur', schedule);
    resized.disconnect();
    caret.remove();
  };
}

/** Scrolls `scroller` the least that brings the focus end of the page's selection into view. */
export function revealSelectionFocus(scroller: HTMLElement): void {
  const selection = scroller.ownerDocument.getSelection();
  const rect = selection?.focusNode ? pointBox(selection.focusNode, selection.focusOffset) : null;
  if (!rect) return;
  const box = scroller.getBoundingClientRect();
  if (rect.top < box.top) scroller.scrollTop -= box.top - rect.top;
  else if (rect.bottom > box.bottom) scroller.scrollTop += rect.bottom - box.bottom;
}
