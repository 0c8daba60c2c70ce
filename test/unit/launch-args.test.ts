import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusFromArgs } from '../../electron/launch-args';

const corpora = new Set([path.resolve('/home/نور/مدونة')]);
const isCorpus = (p: string) => corpora.has(p);

describe('corpusFromArgs', () => {
  it('takes --corpus=DIR first', () => {
    expect(corpusFromArgs(['/opt/Hashiya/hashiya', '--corpus=/data/c', '/home/نور/مدونة/hashiya.json'], isCorpus)).toBe(path.resolve('/data/c'));
  });
  it('opens the folder of a manifest the system passed (file association, Open with)', () => {
    expect(corpusFromArgs(['/opt/Hashiya/hashiya', '--no-sandbox', '/home/نور/مدونة/hashiya.json'], isCorpus)).toBe(path.resolve('/home/نور/مدونة'));
  });
  it('opens a corpus folder dropped on the app, ignores switches, the app path and other files', () => {
    expect(corpusFromArgs(['/opt/Hashiya/hashiya', '/home/نور/مدونة'], isCorpus)).toBe(path.resolve('/home/نور/مدونة'));
    expect(corpusFromArgs(['/home/نور/مدونة', '--inspect', '/tmp/notes.json'], isCorpus)).toBeUndefined();
  });
});
