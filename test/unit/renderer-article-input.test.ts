// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { ARTICLE_INPUT_PAUSE_MS, listenForArticleInput } from '../../renderer/src/editor/article-input';
import { EventPause } from '../../renderer/src/event-pause';

describe('listenForArticleInput', () => {
  afterEach(() => {
    document.body.replaceChildren();
  });

  it('notes the page selection changing, keys pressed and the mouse pressed anywhere on the page, until stopped', () => {
    const root = document.createElement('div');
    root.className = 'article';
    root.textContent = 'قال مسؤول في الدفاع المدني إن 12 شخصاً قتلوا';
    const elsewhere = document.createElement('button');
    document.body.append(root, elsewhere);
    let clock = 10_000;
    const pause = new EventPause(ARTICLE_INPUT_PAUSE_MS);
    const stop = listenForArticleInput(root, pause, () => clock);
    expect(pause.wait(clock)).toBe(0);

    document.dispatchEvent(new Event('selectionchange'));
    expect(pause.wait(clock)).toBe(ARTICLE_INPUT_PAUSE_MS);
    clock += 200;
    expect(pause.wait(clock)).toBe(ARTICLE_INPUT_PAUSE_MS - 200);
    root.dispatchEvent(new KeyboardEvent('keydown', { key: '1', bubbles: true }));
    expect(pause.wait(clock)).toBe(ARTICLE_INPUT_PAUSE_MS);
    clock += ARTICLE_INPUT_PAUSE_MS;
    expect(pause.wait(clock)).toBe(0);
    root.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(pause.wait(clock)).toBe(ARTICLE_INPUT_PAUSE_MS);
    // A press elsewhere on the page (a row of the annotation list) is input too.
    clock += ARTICLE_INPUT_PAUSE_MS;
    expect(pause.wait(clock)).toBe(0);
    elsewhere.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(pause.wait(clock)).toBe(ARTICLE_INPUT_PAUSE_MS);
    clock += ARTICLE_INPUT_PAUSE_MS;

    stop();
    document.dispatchEvent(new Event('selectionchange'));
    root.dispatchEvent(new KeyboardEvent('keydown', { key: '2', bubbles: true }));
    root.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(pause.wait(clock)).toBe(0);
  });
});
