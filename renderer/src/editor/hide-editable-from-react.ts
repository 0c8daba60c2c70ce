/**
 * Keeps React from walking the article's DOM on every commit.
 *
 * Before each commit, React (19) saves the selection of the focused element when that is a text
 * field or a contenteditable (`element.contentEditable === 'true'`); for a contenteditable it
 * walks the element's whole subtree and reads every text node (react-dom,
 * `commitBeforeMutationEffects`). With the article focused that is the whole article — 100,000
 * characters in tens of thousands of nodes — whenever anything in the app re-renders: tens of
 * milliseconds per key press. React uses what it saved only to put the selection back when a
 * commit has moved the focus elsewhere; ProseMirror keeps the article's selection itself.
 */

const native = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'contentEditable');

/**
 * Makes `dom.contentEditable` read `'inherit'` (setting it still works as usual). The
 * `contenteditable` attribute, which is what the browser edits by and what ProseMirror sets, is
 * untouched, and ProseMirror only compares the property of other nodes with `'false'`.
 * Returns a function that undoes it.
 */
export function hideEditableFromReact(dom: HTMLElement): () => void {
  Object.defineProperty(dom, 'contentEditable', {
    configurable: true,
    get: () => 'inherit',
    set: (value: string) => (native?.set ? native.set.call(dom, value) : dom.setAttribute('contenteditable', value)),
  });
  return () => {
    delete (dom as { contentEditable?: string }).contentEditable;
  };
}
