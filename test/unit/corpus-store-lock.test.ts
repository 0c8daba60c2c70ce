/**
 * Two Hashiya processes on one corpus: the annotator's write lock, held by a real second process
 * (test/fixtures/lock/holder.ts), refuses this one's saves and makes its session read-only; killed
 * with SIGKILL, its stale lock is taken over. Also the host methods of previous versions.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusStore } from '../../electron/corpus-store';
import { createHostService, type HostService } from '../../electron/host-service';
import { HostError } from '../../shared/host-contract';
import type { Canonicalisation } from '../../shared/model';
import { holdLock, killHolder, type Holder } from '../fixtures/lock/holder';
import { ID, TEXT } from '../fixtures/reanchor/load';
import { refusal } from '../support/corpus-refusal';

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url));
const PLAIN: Canonicalisation = { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] };
const DEIR_EZ_ZOR = { id: 's1', label: 'Place', start: 91, end: 100, text: 'دير الزور', attributes: {}, note: '' };
const save = (expectedRevision: number, spans = [DEIR_EZ_ZOR]) => ({ spans, relations: [], rejected: [], status: 'in_progress' as const, expectedRevision });

let dir: string;
let store: CorpusStore;
const holders: Holder[] = [];
const services: HostService[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-store-lock-'));
  store = await CorpusStore.open(path.join(dir, 'corpus'), { create: true });
  await store.addDocument({ id: ID, source: `${ID}.txt`, text: TEXT, canonicalisation: PLAIN });
});
afterEach(async () => {
  for (const h of holders.splice(0)) if (h.child.exitCode === null && h.child.signalCode === null) await killHolder(h);
  for (const s of services.splice(0)) await s.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function otherWindow(annotator: string): Promise<Holder> {
  const h = await holdLock(store.lockPath(annotator));
  if (!h.result.ok) throw new Error('the other window did not get the lock');
  holders.push(h);
  return h;
}

async function service(annotator: string, logged: string[] = []): Promise<HostService> {
  const s = await createHostService({ dataDir: path.join(dir, 'home'), seedsDir: SEEDS, corpus: store.root, annotator, version: 'test', log: (m) => logged.push(m) });
  services.push(s);
  return s;
}

describe('CorpusStore write locks', () => {
  it('refuses saves while another process holds the annotator, and takes the lock over once it is killed', async () => {
    const other = await otherWindow('Ali');
    const lockFile = store.lockPath('Ali');
    expect(path.relative(store.root, lockFile)).toBe(path.join('.hashiya', 'locks', 'Ali.lock'));
    const since = (JSON.parse(await readFile(lockFile, 'utf8')) as { startedAt: string }).startedAt;
    const message = `annotator "Ali" is open in another Hashiya window (pid ${other.pid}, since ${since})`;

    const logged: string[] = [];
    expect(await store.lockAnnotator('Ali', { log: (m) => logged.push(m) })).toEqual({ ok: false, holder: expect.objectContaining({ pid: other.pid }), message });
    expect(store.writeLockProblem('Ali')).toBe(message);
    const refused = await refusal(store.saveLayer(ID, 'Ali', save(0)));
    expect(refused.kind).toBe('locked');
    expect(refused.problems).toEqual([{ file: store.layerPath(ID, 'Ali'), message: `not saved: ${message}` }]);
    expect(existsSync(store.layerPath(ID, 'Ali'))).toBe(false);

    // A store that never asked for the lock (a command-line import) is refused too; other annotators are not.
    const cli = await CorpusStore.open(store.root);
    expect((await refusal(cli.saveLayer(ID, 'Ali', save(0)))).kind).toBe('locked');
    expect((await cli.saveLayer(ID, 'Layla', save(0))).revision).toBe(1);

    await killHolder(other);
    expect((await store.saveLayer(ID, 'Ali', save(0))).revision).toBe(1);
    expect(store.writeLockProblem('Ali')).toBeNull();
    expect(JSON.parse(await readFile(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(logged).toEqual([expect.stringMatching(new RegExp(`^took over the stale lock .*Ali\\.lock of pid ${other.pid}, since .*: process ${other.pid} is gone$`))]);

    await store.close();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('finds out when its lock was taken over, and refuses to save from then on', async () => {
    expect(await store.lockAnnotator('Ali')).toEqual({ ok: true });
    expect((await store.saveLayer(ID, 'Ali', save(0))).revision).toBe(1);
    // Another process decided this one was stale (say, after a long sleep) and took the lock.
    await rm(store.lockPath('Ali'));
    const other = await otherWindow('Ali');
    const refused = await refusal(store.saveLayer(ID, 'Ali', save(1)));
    expect(refused.kind).toBe('locked');
    expect(refused.problems[0]?.message).toMatch(new RegExp(`^not saved: annotator "Ali" is open in another Hashiya window \\(pid ${other.pid}, since `));
    expect(store.writeLockProblem('Ali')).toMatch(/is open in another Hashiya window/);
  });
});

describe('the host session', () => {
  it('is read-only while another window holds the annotator, says so, and recovers when that window is gone', async () => {
    const other = await otherWindow('Ali');
    const logged: string[] = [];
    const host = await service('Ali', logged);
    const session = await host.getSession();
    expect(session.readOnly).toMatch(new RegExp(`^annotator "Ali" is open in another Hashiya window \\(pid ${other.pid}, since `));
    expect(logged).toContain(`read-only: ${session.readOnly}`);
    await expect(host.call('saveLayer', [ID, save(0)])).rejects.toSatisfy((e: unknown) => e instanceof HostError && e.code === 'locked' && e.message.includes('is open in another Hashiya window'));
    expect((await host.loadLayer(ID)).layer.revision).toBe(0); // reading still works

    await killHolder(other);
    expect((await host.getSession()).readOnly).toBeNull();
    expect((await host.saveLayer(ID, save(0))).revision).toBe(1);

    // Switching annotator moves the lock; closing lets it go.
    await host.setAnnotator('Layla');
    expect(existsSync(store.lockPath('Ali'))).toBe(false);
    expect(existsSync(store.lockPath('Layla'))).toBe(true);
    await host.close();
    expect(existsSync(store.lockPath('Layla'))).toBe(false);
  });

  it('offers the previous version of the layer and restores it over the revision loaded', async () => {
    const host = await service('Ali');
    expect(await host.call('previousVersion', [ID])).toBeNull();
    await host.saveLayer(ID, save(0));
    await host.saveLayer(ID, save(1, []));
    const kept = await host.call('previousVersion', [ID]);
    expect(kept).toEqual({ revision: 1, status: 'in_progress', spans: 1, relations: 0, savedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), onOtherText: false });
    await expect(host.call('restorePreviousVersion', [ID, 1])).rejects.toMatchObject({ code: 'conflict' });
    const restored = await host.call('restorePreviousVersion', [ID, 2]);
    expect(restored).toMatchObject({ revision: 3, spans: [expect.objectContaining({ id: 's1', start: 91, end: 100 })] });
    expect(await host.call('previousVersion', [ID, 'gold'])).toBeNull();
    await expect(host.call('restorePreviousVersion', [ID, 0, 'gold'])).rejects.toMatchObject({ code: 'not_found' });
    await expect(host.call('previousVersion', [ID, 'mine'])).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});
