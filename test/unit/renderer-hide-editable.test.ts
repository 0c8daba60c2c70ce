// @vitest-environment jsdom
// jsdom has no `contentEditable` property of its own; the browser behaviour (the article still
// takes the caret and keyboard selection) is covered by the e2e annotation tests.
import { describe, expect, it } from 'vitest';
import { hideEditableFromReact } from '../../renderer/src/editor/hide-editable-from-react';

describe('hideEditableFromReact', () => {
  it('makes the property read "inherit" while the attribute stays, and undoes it', () => {
    const dom = document.createElement('div');
    dom.setAttribute('contenteditable', 'true');
    const other = document.createElement('div');
    other.setAttribute('contenteditable', 'true');

    const reveal = hideEditableFromReact(dom);
    // What React compares with 'true' before walking the element to save its selection.
    expect(dom.contentEditable).toBe('inherit');
    expect(dom.getAttribute('contenteditable')).toBe('true');
    expect(other.contentEditable).not.toBe('inherit');
    // Setting the property still sets the attribute (ProseMirror sets the attribute itself).
    dom.contentEditable = 'false';
    expect(dom.getAttribute('contenteditable')).toBe('false');
    dom.contentEditable = 'true';

    reveal();
    expect(Object.hasOwn(dom, 'contentEditable')).toBe(false);
    expect(dom.contentEditable).not.toBe('inherit');
  });
});
