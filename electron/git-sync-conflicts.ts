/**
 * Settling the files a sync's merge left in conflict, so that nothing of either side is lost:
 *
 * - a layer (`layers/<annotator>/<id>.jsonl`) or gold file (`gold/<id>.jsonl`) changed on both
 *   sides is merged span by span with {@link mergeLayers} from its three versions (the common
 *   base, ours, theirs; no base when both sides made it). The merged file gets revision
 *   max(ours, theirs) + 1, so an editor that loaded either version is told to reload before it
 *   saves; its status is that of the side with the higher revision (ours on a tie). A layer that
 *   cannot be merged (a side does not parse, the two were made on different texts, the merged
 *   gold would decide an item twice) is settled as any other file;
 * - any other file changed on both sides keeps our version in place; theirs is written to
 *   `.hashiya/conflicts/<time>/<path>` (machine-local, never committed, never validated);
 * - a file deleted on one side and changed on the other is kept, changed.
 *
 * Every settled file is staged; the caller commits the merge.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Layer, Schema } from '../shared/model.js';
import { mergeLayers, type LayerContentValue, type MergeConflict } from '../shared/corpus/merge-layers.js';
import { parseLayer, serializeLayer } from '../shared/corpus/layer-file.js';
import { parseGold, serializeGold, type GoldDecision, type GoldLayer, type GoldRelation, type GoldSpan } from '../shared/corpus/gold-file.js';
import { MANIFEST_FILE, parseManifest } from '../shared/corpus/manifest.js';
import { writeFileAtomic } from './atomic-write.js';
import type { Git } from './git-run.js';
import { classifyCorpusPath, type SyncConflict } from '../shared/sync/sync-report.js';
import { decodeUtf8Strict } from './node-text.js';
import { STATE_DIR } from './layer-history.js';

/** Under `.hashiya/`: the other side's version of each file a sync kept ours of. */
export const CONFLICTS_DIR = 'conflicts';

/** The index entries of one unmerged path: the blob of each stage present (1 base, 2 ours, 3 theirs). */
export interface UnmergedPath {
  readonly file: string;
  readonly base?: string;
  readonly ours?: string;
  readonly theirs?: string;
}

/** The unmerged paths of the index (`git ls-files -u -z`), sorted. */
export async function unmergedPaths(git: Git): Promise<readonly UnmergedPath[]> {
  const byFile = new Map<string, { base?: string; ours?: string; theirs?: string }>();
  for (const entry of await git.fields(['ls-files', '-u', '-z'])) {
    const tab = entry.indexOf('\t');
    const [, sha, stage] = entry.slice(0, tab).split(' ');
    const file = entry.slice(tab + 1);
    const stages = byFile.get(file) ?? {};
    if (stage === '1') stages.base = sha;
    else if (stage === '2') stages.ours = sha;
    else if (stage === '3') stages.theirs = sha;
    byFile.set(file, stages);
  }
  return [...byFile].map(([file, stages]) => ({ file, ...stages })).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * Settles every unmerged path (see the module comment) and stages it. `stamp` names the folder
 * under `.hashiya/conflicts/` that receives the other side's versions (made only when needed).
 * Returns one entry per settled file, in path order.
 */
export async function resolveConflicts(git: Git, stamp: string): Promise<readonly SyncConflict[]> {
  const root = git.dir;
  const paths = await unmergedPaths(git);
  const conflicts: SyncConflict[] = [];
  const blob = async (sha: string): Promise<Buffer> => git.ok(['cat-file', 'blob', sha]);
  const saveTheirs = async (file: string, bytes: Buffer): Promise<string> => {
    const copy = path.join(root, STATE_DIR, CONFLICTS_DIR, stamp, ...file.split('/'));
    await mkdir(path.dirname(copy), { recursive: true });
    await writeFile(copy, bytes);
    return copy;
  };
  const place = async (file: string, bytes: Buffer | string): Promise<void> => {
    const target = path.join(root, ...file.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, bytes);
  };

  // Files other than layers first: the schema the layers are merged with may be one of them.
  const isLayer = (file: string) => ['layer', 'gold'].includes(classifyCorpusPath(file).kind);
  const ordered = [...paths.filter((p) => !isLayer(p.file)), ...paths.filter((p) => isLayer(p.file))];
  let schema: Schema | undefined;
  for (const entry of ordered) {
    const { file } = entry;
    if (entry.ours === undefined || entry.theirs === undefined) {
      const kept = entry.ours ?? entry.theirs;
      if (kept === undefined) {
        await git.ok(['add', '-A', '--', file]);
        continue;
      }
      await place(file, await blob(kept));
      await git.ok(['add', '--', file]);
      const message =
        entry.ours === undefined
          ? 'deleted on this computer and changed on another: the changed version is kept'
          : 'changed on this computer and deleted on another: the changed version is kept';
      conflicts.push({ file, resolution: 'kept-changed', theirsCopy: null, layerConflicts: [], message });
      continue;
    }
    const ours = await blob(entry.ours);
    const theirs = await blob(entry.theirs);
    let notMerged = '';
    if (isLayer(file)) {
      schema ??= await currentSchema(root);
      const base = entry.base === undefined ? null : await blob(entry.base);
      const merged = mergeLayerFile(file, base, ours, theirs, schema);
      if (merged.ok) {
        await place(file, merged.text);
        await git.ok(['add', '--', file]);
        conflicts.push({ file, resolution: 'merged', theirsCopy: null, layerConflicts: merged.conflicts, message: merged.message });
        continue;
      }
      notMerged = `could not be merged span by span (${merged.reason}); `;
    }
    await place(file, ours);
    const copy = await saveTheirs(file, theirs);
    await git.ok(['add', '--', file]);
    const shown = path.relative(root, copy).split(path.sep).join('/');
    conflicts.push({
      file,
      resolution: 'kept-ours',
      theirsCopy: copy,
      layerConflicts: [],
      message: `${notMerged}changed on both sides: this computer's version is kept, the other one is saved as ${shown}`,
    });
  }
  return conflicts;
}

/** The schema in the working tree's manifest; an empty one when it does not parse (references then are not renamed). */
async function currentSchema(root: string): Promise<Schema> {
  try {
    const parsed = parseManifest(await readFile(path.join(root, MANIFEST_FILE), 'utf8'), MANIFEST_FILE);
    if (parsed.ok) return parsed.value.schema;
  } catch {
    // Missing: fall through.
  }
  return { labels: [], relations: [] };
}

export type LayerFileMerge =
  | { readonly ok: true; readonly text: string; readonly conflicts: readonly MergeConflict[]; readonly message: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Merges three versions of the layer or gold file `file` (corpus-relative; `base` null when both
 * sides created it). Pure. The result is serialised as the store writes it and parses again; a
 * failure says why in words.
 */
export function mergeLayerFile(file: string, base: Uint8Array | null, ours: Uint8Array, theirs: Uint8Array, schema: Schema): LayerFileMerge {
  const gold = classifyCorpusPath(file).kind === 'gold';
  const read = (bytes: Uint8Array, side: string): GoldLayer | Layer | string => {
    const text = decodeUtf8Strict(bytes);
    if (text === undefined) return `${side} is not valid UTF-8`;
    const parsed = gold ? parseGold(text, file) : parseLayer(text, file);
    if (!parsed.ok) return `${side} does not parse: line ${parsed.errors[0]?.line ?? '?'}: ${parsed.errors[0]?.message ?? ''}`;
    return parsed.value;
  };
  const o = read(ours, "this computer's version");
  const t = read(theirs, 'the other version');
  const b = base === null ? null : read(base, 'the common version');
  if (typeof o === 'string') return { ok: false, reason: o };
  if (typeof t === 'string') return { ok: false, reason: t };
  if (typeof b === 'string') return { ok: false, reason: b };
  if (o.textSha256 !== t.textSha256) return { ok: false, reason: 'the two versions were made on different texts' };
  const empty: LayerContentValue = { spans: [], relations: [], rejected: [] };
  const merged = mergeLayers(b ?? empty, o, t, schema);
  const newer = t.revision > o.revision ? t : o;
  const header = { document: o.document, annotator: o.annotator, textSha256: o.textSha256, revision: Math.max(o.revision, t.revision) + 1, status: newer.status };
  let text: string;
  if (gold) {
    const og = o as GoldLayer;
    const tg = t as GoldLayer;
    const decisions = new Map<string, GoldDecision>();
    for (const d of [...tg.decisions, ...og.decisions]) decisions.set(d.item, d);
    // mergeLayers returns the very span and relation objects it was given (or copies with a new
    // id), so the gold's provenance travels with them.
    const value: GoldLayer = {
      ...header,
      quorum: (newer as GoldLayer).quorum,
      spans: merged.content.spans as readonly GoldSpan[],
      relations: merged.content.relations as readonly GoldRelation[],
      rejected: merged.content.rejected,
      decisions: [...decisions.values()],
    };
    text = serializeGold(value);
    const again = parseGold(text, file);
    if (!again.ok) return { ok: false, reason: `the merged gold would not be valid: ${again.errors[0]?.message ?? ''}` };
  } else {
    text = serializeLayer({ ...header, ...merged.content });
    const again = parseLayer(text, file);
    if (!again.ok) return { ok: false, reason: `the merged layer would not be valid: ${again.errors[0]?.message ?? ''}` };
  }
  return { ok: true, text, conflicts: merged.conflicts, message: mergeMessage(merged.content.spans.length, merged.conflicts) };
}

function mergeMessage(spans: number, conflicts: readonly MergeConflict[]): string {
  const both = conflicts.filter((c) => c.kind === 'both-changed');
  const deleted = conflicts.filter((c) => c.kind === 'deleted-and-changed');
  const dropped = conflicts.filter((c) => c.kind === 'relation-dropped');
  const parts = [`both versions merged span by span (${spans} span${spans === 1 ? '' : 's'})`];
  if (both.length > 0) parts.push(`${both.length} span${both.length === 1 ? '' : 's'} changed differently on both sides, both kept (${both.map((c) => `${c.id} and ${c.theirsId}`).join(', ')})`);
  if (deleted.length > 0) parts.push(`${deleted.length} span${deleted.length === 1 ? '' : 's'} deleted on one side and changed on the other, kept (${deleted.map((c) => c.id).join(', ')})`);
  if (dropped.length > 0) parts.push(`${dropped.length} relation${dropped.length === 1 ? '' : 's'} left out: a span at an end was deleted`);
  return parts.join('; ');
}
