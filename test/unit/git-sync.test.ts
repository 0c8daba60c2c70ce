import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli';
import { CorpusStore } from '../../electron/corpus-store';
import { SyncError, cloneCorpus, corpusSyncStatus, linkRemote, syncCorpus, type SyncErrorKind } from '../../electron/git-sync';
import { mergeLayerFile } from '../../electron/git-sync-conflicts';
import { commitMessage } from '../../shared/sync/sync-report';
import { parseGold, serializeGold, type GoldLayer, type GoldSpan } from '../../shared/corpus/gold-file';
import { DEFAULT_SCHEMA } from '../../shared/corpus/manifest';
import type { SpanInput } from '../../shared/corpus/span-input';
import { startGitHttpServer } from '../support/git-http-server';

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url));
const ID_000 = '000_7db2a034c338d373';
const ID_004 = '004_fee82008326e4aee';
const TEXT_000 = readFileSync(path.join(SEEDS, `${ID_000}.txt`), 'utf8');
const TEXT_004 = readFileSync(path.join(SEEDS, `${ID_004}.txt`), 'utf8');

/** A span over the `nth` occurrence of `quote` in `text`, offsets in code points. */
function span(text: string, id: string, label: string, quote: string, extra: Partial<SpanInput> = {}, nth = 0): SpanInput {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`"${quote}" is not in the text`);
  const start = [...text.slice(0, at)].length;
  return { id, label, start, end: start + [...quote].length, text: quote, attributes: {}, note: '', ...extra };
}

const DEIR_EZ_ZOR = span(TEXT_000, 's1', 'Place', 'دير الزور');
const OBSERVATORY = span(TEXT_000, 's2', 'Actor', 'المرصد السوري لحقوق الإنسان');
const EASTERN_COUNTRYSIDE = span(TEXT_000, 's2', 'Place', 'ريف دير الزور الشرقي');
const US_FORCES = span(TEXT_004, 's1', 'Actor', 'القوات الأمريكية');
const ERBIL = span(TEXT_004, 's2', 'Place', 'أربيل');

/** Git run by hand in a test folder (never in the project's own repository). */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@hashiya.invalid', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const savedEnv = { ...process.env };
let home: string;
let dir: string;

beforeAll(async () => {
  // Nothing from this machine's git configuration in, nothing out: no system file, a fresh HOME.
  home = await mkdtemp(path.join(tmpdir(), 'hashiya-git-home-'));
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = home;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  for (const name of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_DIR', 'GIT_WORK_TREE', 'EMAIL']) delete process.env[name];
});
afterAll(async () => {
  process.env = savedEnv;
  await rm(home, { recursive: true, force: true });
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-sync-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir });
  return { code, stdout, stderr };
}

/** A corpus of the two seeds, imported as the CLI imports them. */
async function seedCorpus(root: string): Promise<void> {
  const imported = await cli('import', '--corpus', root, path.join(SEEDS, `${ID_000}.txt`), path.join(SEEDS, `${ID_004}.txt`));
  expect(imported.code).toBe(0);
}

function bareRepository(at: string): string {
  execFileSync('git', ['init', '--quiet', '--bare', at]);
  return at;
}

/** Saves `spans` as `annotator`'s layer of `id` in the corpus at `root`; the file's bytes as written. */
async function save(root: string, id: string, annotator: string, spans: readonly SpanInput[]): Promise<Buffer> {
  const store = await CorpusStore.open(root);
  const { layer } = await store.readLayer(id, annotator);
  await store.saveLayer(id, annotator, { spans, relations: [], rejected: [], status: 'in_progress', expectedRevision: layer.revision });
  return readFile(store.layerPath(id, annotator));
}

async function syncError(promise: Promise<unknown>): Promise<SyncError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SyncError) return error;
    throw error;
  }
  throw new Error('expected a SyncError');
}

async function expectValid(root: string): Promise<void> {
  const problems = await (await CorpusStore.open(root)).validate();
  expect(problems.filter((p) => p.severity !== 'warning')).toEqual([]);
}

describe('sync through a bare repository on disk', () => {
  it('two annotators share their layers, byte for byte, with clear commit messages', async () => {
    const bare = bareRepository(path.join(dir, 'shared.git'));
    const a = path.join(dir, 'ali');
    await seedCorpus(a);

    const link = await linkRemote(a, bare);
    expect(link).toEqual({ remote: bare, previous: null, initialized: true });
    const first = await syncCorpus(a, { annotator: 'علي' });
    expect(first.state).toBe('synced');
    expect(first.pushed).toBe(true);
    expect(first.committed?.message).toBe('Hashiya: start corpus ali');
    expect(first.branch).toBe('main');
    expect(await readFile(path.join(a, '.gitignore'), 'utf8')).toContain('.hashiya/\n.hashiya-tmp-*\n');

    // Layla joins with the command line: the bare repository's HEAD names "master", which it does not have.
    const b = path.join(dir, 'layla');
    const joined = await cli('sync', '--corpus', b, '--annotator', 'ليلى', '--remote', bare);
    expect(joined).toEqual({ code: 0, stdout: `cloned 2 documents from ${bare} into layla (branch main)\n`, stderr: '' });
    const quiet = await cli('sync', '--corpus', b, '--annotator', 'ليلى');
    expect(quiet).toEqual({ code: 0, stdout: `Up to date with ${bare}.\n`, stderr: '' });

    // Both annotate without a connection, each their own file.
    const aliBytes = await save(a, ID_000, 'علي', [DEIR_EZ_ZOR, OBSERVATORY]);
    const laylaBytes = await save(b, ID_004, 'ليلى', [US_FORCES, ERBIL]);

    const aliSync = await syncCorpus(a, { annotator: 'علي' });
    expect(aliSync).toMatchObject({ state: 'synced', pushed: true, conflicts: [], committed: { message: `علي: layer of 1 document (${ID_000})`, files: [`layers/علي/${ID_000}.jsonl`] } });

    const laylaSync = await cli('sync', '--corpus', b, '--annotator', 'ليلى');
    expect(laylaSync.code).toBe(0);
    expect(laylaSync.stdout).toBe(
      [
        `committed: ليلى: layer of 1 document (${ID_004}) (1 file)`,
        `received: علي's layer of 1 document (${ID_000})`,
        `sent to ${bare} (branch main)`,
        `Synced with ${bare}. Sent 2 commits. Received علي's layer of 1 document (${ID_000}).`,
        '',
      ].join('\n'),
    );

    const back = await syncCorpus(a, { annotator: 'علي' });
    expect(back.state).toBe('synced');
    expect(back.pushed).toBe(false);
    expect(back.incoming).toEqual({ newDocuments: [], layers: [{ annotator: 'ليلى', documentId: ID_004 }], ownLayers: [], gold: [], schemaChanged: false, assignmentsChanged: false, otherFiles: [] });

    for (const root of [a, b]) {
      expect(await readFile(path.join(root, 'layers', 'علي', `${ID_000}.jsonl`))).toEqual(aliBytes);
      expect(await readFile(path.join(root, 'layers', 'ليلى', `${ID_004}.jsonl`))).toEqual(laylaBytes);
      await expectValid(root);
    }
    expect(git(a, 'log', '--format=%an|%s').trim().split('\n').sort()).toEqual(
      [`ليلى|ليلى: merge the team's work from origin/main`, `ليلى|ليلى: layer of 1 document (${ID_004})`, `علي|علي: layer of 1 document (${ID_000})`, 'علي|Hashiya: start corpus ali'].sort(),
    );
    expect(git(a, 'log', '-1', '--format=%ae', 'HEAD^2')).toMatch(/^annotator-[0-9a-f]{8}@hashiya\.invalid\n$/);
    expect(await corpusSyncStatus(a)).toMatchObject({ linked: true, remote: bare, branch: 'main', ahead: 0, behind: 0, uncommitted: 0, lastSync: expect.stringMatching(/Z$/) });
  });

  it('merges one annotator\'s layer edited on two computers span by span, losing neither side', async () => {
    const bare = bareRepository(path.join(dir, 'shared.git'));
    const one = path.join(dir, 'office');
    await seedCorpus(one);
    await save(one, ID_000, 'Ali', [DEIR_EZ_ZOR]);
    await linkRemote(one, bare);
    await syncCorpus(one, { annotator: 'Ali' });
    const two = path.join(dir, 'laptop');
    await cloneCorpus(bare, two);

    // The same span changed differently, and a new span under the same id, on each computer.
    await save(one, ID_000, 'Ali', [{ ...DEIR_EZ_ZOR, note: 'المدينة' }, OBSERVATORY]);
    await save(two, ID_000, 'Ali', [{ ...DEIR_EZ_ZOR, note: 'المحافظة' }, EASTERN_COUNTRYSIDE]);
    expect((await syncCorpus(one, { annotator: 'Ali' })).state).toBe('synced');
    const when = new Date('2025-03-01T10:15:00.000Z');
    const merged = await syncCorpus(two, { annotator: 'Ali', now: () => when });

    expect(merged.state).toBe('conflicts-resolved');
    expect(merged.pushed).toBe(true);
    expect(merged.conflicts).toEqual([
      {
        file: `layers/Ali/${ID_000}.jsonl`,
        resolution: 'merged',
        theirsCopy: null,
        layerConflicts: [{ kind: 'both-changed', id: 's1', theirsId: 's3' }],
        message: 'both versions merged span by span (4 spans); 1 span changed differently on both sides, both kept (s1 and s3)',
      },
    ]);
    expect(merged.incoming.ownLayers).toEqual([ID_000]);
    const read = await (await CorpusStore.open(two)).readLayer(ID_000, 'Ali');
    // Both sides were at revision 2; an editor holding either is told to reload.
    expect(read.layer.revision).toBe(3);
    expect(read.layer.spans.map((s) => [s.id, s.label, s.text, s.note])).toEqual([
      ['s1', 'Place', 'دير الزور', 'المحافظة'],
      ['s3', 'Place', 'دير الزور', 'المدينة'],
      ['s2', 'Actor', 'المرصد السوري لحقوق الإنسان', ''],
      ['s4', 'Place', 'ريف دير الزور الشرقي', ''],
    ]);
    expect(read.orphans).toEqual([]);
    await expectValid(two);
    expect(git(two, 'log', '-1', '--format=%B')).toContain(`layers/Ali/${ID_000}.jsonl: both versions merged span by span`);

    const back = await syncCorpus(one, { annotator: 'Ali' });
    expect(back.incoming.ownLayers).toEqual([ID_000]);
    expect(await readFile(path.join(one, 'layers', 'Ali', `${ID_000}.jsonl`))).toEqual(await readFile(path.join(two, 'layers', 'Ali', `${ID_000}.jsonl`)));
    await expectValid(one);
  });

  it('keeps this computer\'s version of any other file changed on both sides and saves the other under .hashiya/conflicts', async () => {
    const bare = bareRepository(path.join(dir, 'shared.git'));
    const one = path.join(dir, 'one');
    await seedCorpus(one);
    await linkRemote(one, bare);
    await syncCorpus(one, { annotator: 'Ali' });
    const two = path.join(dir, 'two');
    await cloneCorpus(bare, two);
    await writeFile(path.join(one, 'assignments.json'), '{"Ali":["000"]}\n');
    await syncCorpus(one, { annotator: 'Ali' });
    await writeFile(path.join(two, 'assignments.json'), '{"Layla":["004"]}\n');
    const settled = await syncCorpus(two, { annotator: 'Layla', now: () => new Date('2025-03-01T10:15:00.000Z') });
    const copy = path.join(two, '.hashiya', 'conflicts', '2025-03-01T10-15-00Z', 'assignments.json');
    expect(settled.conflicts).toEqual([
      {
        file: 'assignments.json',
        resolution: 'kept-ours',
        theirsCopy: copy,
        layerConflicts: [],
        message: "changed on both sides: this computer's version is kept, the other one is saved as .hashiya/conflicts/2025-03-01T10-15-00Z/assignments.json",
      },
    ]);
    expect(await readFile(path.join(two, 'assignments.json'), 'utf8')).toBe('{"Layla":["004"]}\n');
    expect(await readFile(copy, 'utf8')).toBe('{"Ali":["000"]}\n');
    expect(git(two, 'status', '--porcelain')).toBe('');
  });
});

describe('sync without a connection, and after an interruption', () => {
  it('commits locally while the remote folder is missing, and sends the commit once it is there', async () => {
    const root = path.join(dir, 'corpus');
    await seedCorpus(root);
    const bare = path.join(dir, 'drive', 'shared.git');
    await linkRemote(root, bare);
    await save(root, ID_004, 'Ali', [US_FORCES]);

    const offline = await syncCorpus(root, { annotator: 'Ali' });
    expect(offline.state).toBe('offline');
    expect(offline.pushed).toBe(false);
    expect(offline.committed?.message).toBe(`Hashiya: start corpus corpus\nAli: layer of 1 document (${ID_004})`);
    expect(offline.message).toBe(
      `Could not reach ${bare} (the folder is not there: is the shared drive connected?). Your changes are committed on this computer; the next sync sends and receives what is waiting.`,
    );
    expect(git(root, 'log', '--format=%s').trim().split('\n')).toEqual([`Ali: layer of 1 document (${ID_004})`, 'Hashiya: start corpus corpus']);
    expect(await corpusSyncStatus(root)).toMatchObject({ linked: true, ahead: 2, behind: 0, lastSync: null });

    await mkdir(path.dirname(bare));
    bareRepository(bare);
    const online = await syncCorpus(root, { annotator: 'Ali' });
    expect(online).toMatchObject({ state: 'synced', pushed: true, committed: null });
    expect(git(bare, 'log', '--format=%s', 'main').trim().split('\n')).toEqual([`Ali: layer of 1 document (${ID_004})`, 'Hashiya: start corpus corpus']);

    // No git program: said so, with what to install.
    const missing = await syncError(syncCorpus(root, { annotator: 'Ali', git: path.join(dir, 'no-git-here') }));
    expect(missing.kind).toBe<SyncErrorKind>('git-missing');
    expect(missing.message).toContain('Install Git');
    expect((await syncError(syncCorpus(path.join(dir, 'drive'), { annotator: 'Ali' }))).kind).toBe<SyncErrorKind>('invalid');

    // A folder that exists but holds no repository is not "offline": it is a wrong address.
    await mkdir(path.join(dir, 'not-a-repo'));
    await linkRemote(root, path.join(dir, 'not-a-repo'));
    const wrong = await syncError(syncCorpus(root, { annotator: 'Ali' }));
    expect(wrong.kind).toBe<SyncErrorKind>('not-a-repository');
    const failed = await cli('sync', '--corpus', root, '--annotator', 'Ali');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('holds no git repository');
  });

  it('recovers from a merge left unfinished and a stale index.lock, keeping a layer saved meanwhile', async () => {
    const bare = bareRepository(path.join(dir, 'shared.git'));
    const one = path.join(dir, 'one');
    await seedCorpus(one);
    await linkRemote(one, bare);
    await syncCorpus(one, { annotator: 'Ali' });
    const two = path.join(dir, 'two');
    await cloneCorpus(bare, two);
    await save(one, ID_000, 'Ali', [DEIR_EZ_ZOR]);
    await syncCorpus(one, { annotator: 'Ali' });

    // Computer two: commit, fetch and merge by hand, then stop in the middle of the conflict.
    await save(two, ID_000, 'Ali', [OBSERVATORY]);
    git(two, 'add', '-A');
    git(two, 'commit', '-q', '-m', 'by hand');
    git(two, 'fetch', '-q', 'origin');
    expect(() => git(two, 'merge', 'origin/main')).toThrow();
    expect(existsSync(path.join(two, '.git', 'MERGE_HEAD'))).toBe(true);
    // The annotator goes on working meanwhile: the conflicted layer and another one are saved.
    await save(two, ID_000, 'Ali', [OBSERVATORY, { ...EASTERN_COUNTRYSIDE, id: 's3' }]);
    const other = await save(two, ID_004, 'Ali', [ERBIL]);
    const lock = path.join(two, '.git', 'index.lock');
    await writeFile(lock, '');

    const busy = await syncError(syncCorpus(two, { annotator: 'Ali' }));
    expect(busy.kind).toBe<SyncErrorKind>('busy');
    expect(busy.message).toContain('.git/index.lock');
    const old = new Date(Date.now() - 5 * 60_000);
    await utimes(lock, old, old);

    const recovered = await syncCorpus(two, { annotator: 'Ali' });
    expect(recovered.state).toBe('conflicts-resolved');
    expect(recovered.committed?.message).toBe(`Ali: layers of 2 documents (${ID_000}, ${ID_004})`);
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(path.join(two, '.git', 'MERGE_HEAD'))).toBe(false);
    expect(git(two, 'status', '--porcelain')).toBe('');
    const merged = await (await CorpusStore.open(two)).readLayer(ID_000, 'Ali');
    expect(merged.layer.spans.map((s) => s.text)).toEqual(['دير الزور', 'المرصد السوري لحقوق الإنسان', 'ريف دير الزور الشرقي']);
    expect(await readFile(path.join(two, 'layers', 'Ali', `${ID_004}.jsonl`))).toEqual(other);
    await expectValid(two);

    await syncCorpus(one, { annotator: 'Ali' });
    expect(await readFile(path.join(one, 'layers', 'Ali', `${ID_004}.jsonl`))).toEqual(other);
  });
});

describe('sync through an HTTP git server', () => {
  it('two annotators sync through git http-backend; a wrong address, a refused sign-in and a stopped server are told apart', async () => {
    const served = path.join(dir, 'served');
    await mkdir(served);
    const bare = bareRepository(path.join(served, 'corpus.git'));
    git(bare, 'config', 'http.receivepack', 'true');
    const server = await startGitHttpServer(served);
    const locked = await startGitHttpServer(served, { auth: { user: 'team', password: 'secret' } });
    try {
      const url = `${server.url}/corpus.git`;
      const a = path.join(dir, 'ali');
      await seedCorpus(a);
      await linkRemote(a, url);
      expect((await syncCorpus(a, { annotator: 'علي' })).pushed).toBe(true);
      const b = path.join(dir, 'layla');
      expect(await cloneCorpus(url, b)).toEqual({ root: b, remote: url, branch: 'main', documents: 2 });

      const laylaBytes = await save(b, ID_004, 'ليلى', [US_FORCES]);
      const aliBytes = await save(a, ID_000, 'علي', [OBSERVATORY]);
      expect((await syncCorpus(b, { annotator: 'ليلى' })).pushed).toBe(true);
      const aliSync = await syncCorpus(a, { annotator: 'علي' });
      expect(aliSync.incoming.layers).toEqual([{ annotator: 'ليلى', documentId: ID_004 }]);
      expect(aliSync.pushed).toBe(true);
      const laylaSync = await syncCorpus(b, { annotator: 'ليلى' });
      expect(laylaSync.incoming.layers).toEqual([{ annotator: 'علي', documentId: ID_000 }]);
      for (const root of [a, b]) {
        expect(await readFile(path.join(root, 'layers', 'ليلى', `${ID_004}.jsonl`))).toEqual(laylaBytes);
        expect(await readFile(path.join(root, 'layers', 'علي', `${ID_000}.jsonl`))).toEqual(aliBytes);
      }
      expect(server.requests()).toBeGreaterThan(10);

      await linkRemote(a, `${server.url}/missing.git`);
      expect((await syncError(syncCorpus(a, { annotator: 'علي' }))).kind).toBe<SyncErrorKind>('not-a-repository');
      await linkRemote(a, `${locked.url}/corpus.git`);
      const refused = await syncError(syncCorpus(a, { annotator: 'علي' }));
      expect(refused.kind).toBe<SyncErrorKind>('auth-failed');
      expect((await syncError(cloneCorpus(`${locked.url}/corpus.git`, path.join(dir, 'nobody')))).kind).toBe<SyncErrorKind>('auth-failed');
      expect(existsSync(path.join(dir, 'nobody'))).toBe(false);

      await linkRemote(a, url);
      await server.close();
      await save(a, ID_004, 'علي', [ERBIL]);
      const offline = await syncCorpus(a, { annotator: 'علي' });
      expect(offline.state).toBe('offline');
      expect(offline.message).toContain('Could not reach');
    } finally {
      await server.close().catch(() => {});
      await locked.close();
    }
  });
});

describe('settling a gold file changed on two computers', () => {
  const sha = 'a'.repeat(64);
  const goldSpan = (s: SpanInput, decidedBy: string): GoldSpan => ({
    ...s,
    prefix: '',
    suffix: '',
    provenance: { item: `${s.start}-${s.end}:${s.label}`, annotators: ['Ali', 'ليلى'], decidedBy, decision: 'accepted', pending: {} },
  });
  const gold = (revision: number, spans: readonly GoldSpan[], decisions: GoldLayer['decisions'] = []): Uint8Array =>
    new TextEncoder().encode(serializeGold({ document: ID_000, annotator: 'gold', textSha256: sha, revision, status: 'in_progress', quorum: null, spans, relations: [], rejected: [], decisions }));
  const base = gold(1, [goldSpan(DEIR_EZ_ZOR, 'نور')]);

  it('merges spans with their provenance, and both sides\' decisions', () => {
    const ours = gold(2, [goldSpan(DEIR_EZ_ZOR, 'نور'), goldSpan(OBSERVATORY, 'نور')]);
    const theirs = gold(3, [goldSpan(DEIR_EZ_ZOR, 'نور')], [{ item: `${EASTERN_COUNTRYSIDE.start}-${EASTERN_COUNTRYSIDE.end}:Place`, decision: 'rejected', decidedBy: 'سارة' }]);
    const merged = mergeLayerFile(`gold/${ID_000}.jsonl`, base, ours, theirs, DEFAULT_SCHEMA);
    if (!merged.ok) throw new Error(merged.reason);
    const read = parseGold(merged.text, 'gold');
    if (!read.ok) throw new Error('the merged gold does not parse');
    expect(read.value.revision).toBe(4);
    expect(read.value.spans.map((s) => [s.text, s.provenance?.decidedBy])).toEqual([
      ['دير الزور', 'نور'],
      ['المرصد السوري لحقوق الإنسان', 'نور'],
    ]);
    expect(read.value.decisions.map((d) => d.decidedBy)).toEqual(['سارة']);
  });

  it('keeps ours (and saves theirs) when the merged gold would decide one item twice, or a side does not parse', () => {
    const ours = gold(2, [goldSpan(DEIR_EZ_ZOR, 'نور'), goldSpan(OBSERVATORY, 'نور')]);
    const theirs = gold(2, [goldSpan(DEIR_EZ_ZOR, 'نور')], [{ item: `${OBSERVATORY.start}-${OBSERVATORY.end}:Actor`, decision: 'rejected', decidedBy: 'سارة' }]);
    const merged = mergeLayerFile(`gold/${ID_000}.jsonl`, base, ours, theirs, DEFAULT_SCHEMA);
    expect(merged).toEqual({ ok: false, reason: expect.stringContaining('the merged gold would not be valid') });
    const broken = mergeLayerFile(`layers/Ali/${ID_000}.jsonl`, null, new TextEncoder().encode('{"format":"hashiya-layer"\n'), theirs, DEFAULT_SCHEMA);
    expect(broken).toEqual({ ok: false, reason: expect.stringContaining("this computer's version does not parse: line 1") });
  });
});

describe('sync reports', () => {
  it('names what changed in the commit message, each annotator\'s layers apart from the gold', () => {
    const message = commitMessage(
      [
        { status: 'A', file: 'documents/d1.meta.json' },
        { status: 'A', file: 'documents/d1.txt' },
        { status: 'M', file: 'layers/Ali/a.jsonl' },
        { status: 'M', file: 'layers/Ali/b.jsonl' },
        { status: 'A', file: 'layers/Ali/c.jsonl' },
        { status: 'M', file: 'layers/ليلى/a.jsonl' },
        { status: 'M', file: 'gold/a.jsonl' },
        { status: 'M', file: 'hashiya.json' },
        { status: 'A', file: '.gitignore' },
      ],
      'Ali',
    );
    expect(message.subject).toBe(
      "Ali: imported 1 document (d1); the schema (hashiya.json); layers of 3 documents (a, b, c); ليلى's layer of 1 document (a); gold of 1 document (a); 1 other file (.gitignore)",
    );
    expect(message.body.split('\n')[0]).toBe('added:   documents/d1.meta.json');
  });
});
