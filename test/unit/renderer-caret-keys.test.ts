import { describe, expect, it } from 'vitest';
import { caretMoveForKey, isSelectAllKey, type CaretKey } from '../../renderer/src/editor/caret-keys';

const key = (k: string, mods: Partial<Omit<CaretKey, 'key'>> = {}): CaretKey => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('caretMoveForKey', () => {
  it('moves by character with an arrow and extends with Shift, left and right as seen (forward in Arabic is left)', () => {
    expect(caretMoveForKey(key('ArrowLeft'))).toEqual({ alter: 'move', direction: 'left', granularity: 'character' });
    expect(caretMoveForKey(key('ArrowRight', { shiftKey: true }))).toEqual({ alter: 'extend', direction: 'right', granularity: 'character' });
  });

  it('goes by word with Ctrl or Alt, and to the line end with Meta', () => {
    expect(caretMoveForKey(key('ArrowLeft', { shiftKey: true, ctrlKey: true }))).toEqual({ alter: 'extend', direction: 'left', granularity: 'word' });
    expect(caretMoveForKey(key('ArrowRight', { altKey: true }))).toEqual({ alter: 'move', direction: 'right', granularity: 'word' });
    expect(caretMoveForKey(key('ArrowLeft', { metaKey: true }))).toEqual({ alter: 'move', direction: 'left', granularity: 'lineboundary' });
  });

  it('goes by line up and down (Ctrl: by paragraph; Meta: to the article ends)', () => {
    expect(caretMoveForKey(key('ArrowUp'))).toEqual({ alter: 'move', direction: 'backward', granularity: 'line' });
    expect(caretMoveForKey(key('ArrowDown', { shiftKey: true, ctrlKey: true }))).toEqual({ alter: 'extend', direction: 'forward', granularity: 'paragraph' });
    expect(caretMoveForKey(key('ArrowDown', { metaKey: true }))).toEqual({ alter: 'move', direction: 'forward', granularity: 'documentboundary' });
  });

  it('takes Home and End to the line ends, with Ctrl to the article ends', () => {
    expect(caretMoveForKey(key('Home'))).toEqual({ alter: 'move', direction: 'backward', granularity: 'lineboundary' });
    expect(caretMoveForKey(key('End', { shiftKey: true }))).toEqual({ alter: 'extend', direction: 'forward', granularity: 'lineboundary' });
    expect(caretMoveForKey(key('End', { ctrlKey: true, shiftKey: true }))).toEqual({ alter: 'extend', direction: 'forward', granularity: 'documentboundary' });
  });

  it('leaves every other key alone: labels, Delete, letters, Page keys, Tab', () => {
    for (const k of ['1', '4', 'Delete', 'Backspace', 'a', 'PageDown', 'PageUp', 'Tab', 'Escape', 'Enter']) expect(caretMoveForKey(key(k)), k).toBeNull();
  });
});

describe('isSelectAllKey', () => {
  it('is Ctrl+A or Cmd+A (either case), not with Shift or Alt and not A alone', () => {
    expect(isSelectAllKey(key('a', { ctrlKey: true }))).toBe(true);
    expect(isSelectAllKey(key('A', { metaKey: true }))).toBe(true);
    expect(isSelectAllKey(key('a'))).toBe(false);
    expect(isSelectAllKey(key('a', { ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(isSelectAllKey(key('a', { ctrlKey: true, altKey: true }))).toBe(false);
  });
});
