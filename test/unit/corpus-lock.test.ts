import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, inspectLock, LOCK_STALE_MS, type HeldLock, type LockOwner } from '../../electron/corpus-lock';
import { deadPid, holdLock, killHolder, type Holder } from '../fixtures/lock/holder';

let dir: string;
let file: string;
const holders: Holder[] = [];
const locks: HeldLock[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-lock-'));
  file = path.join(dir, '.hashiya', 'locks', 'Ali.lock');
});
afterEach(async () => {
  for (const h of holders.splice(0)) if (h.child.exitCode === null && h.child.signalCode === null) await killHolder(h);
  for (const l of locks.splice(0)) await l.release();
  await rm(dir, { recursive: true, force: true });
});

async function hold(options: Parameters<typeof holdLock>[1] = {}, startAt = 0): Promise<Holder> {
  const h = await holdLock(file, options, startAt);
  holders.push(h);
  return h;
}

async function take(log?: (m: string) => void): Promise<Awaited<ReturnType<typeof acquireLock>>> {
  const result = await acquireLock(file, log ? { log } : {});
  if (result.ok) locks.push(result.lock);
  return result;
}

async function owner(): Promise<LockOwner> {
  return JSON.parse(await readFile(file, 'utf8')) as LockOwner;
}

describe('acquireLock across processes', () => {
  it('refuses a lock another live process holds, naming it, and takes it over once that process is killed', async () => {
    const other = await hold();
    expect(other.result).toEqual({ ok: true });
    expect(await owner()).toMatchObject({ pid: other.pid, hostname: hostname(), token: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect(new Date((await owner()).startedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const refused = await take();
    expect(refused).toEqual({ ok: false, holder: await owner() });
    expect(await inspectLock(file)).toEqual({ kind: 'held', owner: await owner() });

    // SIGKILL: no exit hook runs, the lock file stays behind with a dead pid.
    await killHolder(other);
    expect(existsSync(file)).toBe(true);
    const state = await inspectLock(file);
    expect(state).toMatchObject({ kind: 'stale', owner: { pid: other.pid }, reason: `process ${other.pid} is gone` });

    const logged: string[] = [];
    const taken = await take((m) => logged.push(m));
    expect(taken.ok).toBe(true);
    expect(await owner()).toMatchObject({ pid: process.pid, hostname: hostname() });
    expect(logged).toEqual([`took over the stale lock ${file} of pid ${other.pid}, since ${(state as { owner: LockOwner }).owner.startedAt}: process ${other.pid} is gone`]);
  });

  it('is given up when its process stops normally (SIGTERM → exit): the next opener finds it free', async () => {
    const other = await hold();
    expect(existsSync(file)).toBe(true);
    other.child.kill('SIGTERM');
    await other.exited;
    expect(existsSync(file)).toBe(false);
    expect((await take()).ok).toBe(true);
  });

  it('lets exactly one of several processes recovering the same stale lock at once have it', async () => {
    await mkdir(path.dirname(file), { recursive: true });
    const gone = await deadPid();
    await writeFile(file, JSON.stringify({ pid: gone, hostname: hostname(), startedAt: '2025-03-01T10:15:00.000Z', token: 'a1b2c3' }));
    const startAt = Date.now() + 500; // all ask at the same moment
    const racers = await Promise.all(Array.from({ length: 6 }, () => hold({}, startAt)));
    const winners = racers.filter((r) => r.result.ok);
    expect(winners).toHaveLength(1);
    expect((await owner()).pid).toBe(winners[0]?.pid);
    for (const loser of racers.filter((r) => !r.result.ok)) expect(loser.result.holder?.pid).toBe(winners[0]?.pid);
    expect(racers.map((r) => r.log()).join('')).toContain(`process ${gone} is gone`);
  });

  it('takes over a lock of another host only once its heartbeat has stopped', async () => {
    await mkdir(path.dirname(file), { recursive: true });
    const theirs = { pid: 4242, hostname: 'another-machine.example', startedAt: '2025-03-01T10:15:00.000Z', token: 'feedbeef' };
    await writeFile(file, JSON.stringify(theirs));
    expect(await take()).toEqual({ ok: false, holder: theirs });
    const silentSince = new Date(Date.now() - LOCK_STALE_MS - 5_000);
    await utimes(file, silentSince, silentSince);
    expect(await inspectLock(file)).toMatchObject({ kind: 'stale', reason: expect.stringMatching(/^not refreshed for 5 min \(host another-machine.example cannot be asked\)$/) });
    expect((await take()).ok).toBe(true);
  });

  it('refreshes a held lock (heartbeat), so a live holder is never stale', async () => {
    const other = await hold({ heartbeatMs: 40 });
    const long = new Date(Date.now() - 3_600_000);
    await utimes(file, long, long);
    await new Promise((r) => setTimeout(r, 400));
    expect((await stat(file)).mtimeMs).toBeGreaterThan(Date.now() - 10_000);
    expect(await take()).toEqual({ ok: false, holder: expect.objectContaining({ pid: other.pid }) });
  });

  it('treats a lock file still being written as held, and an old unreadable one as stale', async () => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, '');
    expect(await inspectLock(file)).toEqual({ kind: 'held', owner: null });
    expect(await take()).toEqual({ ok: false, holder: null });
    const old = new Date(Date.now() - 60_000);
    await utimes(file, old, old);
    expect(await inspectLock(file)).toMatchObject({ kind: 'stale', owner: null, reason: 'the lock file cannot be read and is 60 s old' });
    expect((await take()).ok).toBe(true);
  });
});

describe('acquireLock within one process', () => {
  it('is shared: the file goes when the last holder releases it', async () => {
    const first = await take();
    const second = await take();
    if (!first.ok || !second.ok) throw new Error('expected both to hold the lock');
    expect(second.lock.owner).toEqual(first.lock.owner);
    expect(await inspectLock(file)).toEqual({ kind: 'ours', owner: first.lock.owner });
    await first.lock.release();
    await first.lock.release(); // idempotent: counts once
    expect(existsSync(file)).toBe(true);
    await second.lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock naming this pid but a token it does not hold (an earlier process with the same pid)', async () => {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: '2025-03-01T10:15:00.000Z', token: '0123abcd' }));
    expect(await inspectLock(file)).toMatchObject({ kind: 'stale', reason: expect.stringContaining('left by an earlier process with the same pid') });
    expect((await take()).ok).toBe(true);
  });

  it('finds out when the lock was taken over, and tells its listeners once', async () => {
    const taken = await take();
    if (!taken.ok) throw new Error('expected the lock');
    const told: (LockOwner | null)[] = [];
    taken.lock.onLost((holder) => told.push(holder));
    expect(await taken.lock.verify()).toBe(true);
    const usurper = { pid: 4242, hostname: 'another-machine.example', startedAt: '2025-03-01T10:15:00.000Z', token: 'feedbeef' };
    await writeFile(file, JSON.stringify(usurper));
    expect(await taken.lock.verify()).toBe(false);
    expect(await taken.lock.verify()).toBe(false);
    expect(taken.lock.lost).toBe(true);
    expect(told).toEqual([usurper]);
    await taken.lock.release();
    expect(await owner()).toEqual(usurper); // never removes a lock it lost
  });

  it('makes a deleted lock file again when nobody took it meanwhile', async () => {
    const taken = await take();
    if (!taken.ok) throw new Error('expected the lock');
    await rm(file);
    expect(await taken.lock.verify()).toBe(true);
    expect(await owner()).toEqual(taken.lock.owner);
  });
});
