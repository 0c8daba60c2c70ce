import { describe, expect, it } from 'vitest';
import { PriorityJobQueue } from '../../electron/priority-job-queue';

// The document list's background reads: urgent lanes first, one run per key, a bounded number
// at once, and "idle" once all are done.

/** A task that records its start and finishes when `release` is called. */
function gate(log: string[], name: string): { task: () => Promise<void>; release: () => void } {
  let release = (): void => {};
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    task: async () => {
      log.push(name);
      await done;
    },
    release,
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('PriorityJobQueue', () => {
  it('runs the most urgent lane first, in the order asked within a lane, at most `limit` at once', async () => {
    const log: string[] = [];
    const queue = new PriorityJobQueue(3, 1);
    const blocker = gate(log, 'blocker');
    const done = [queue.run('blocker', 2, blocker.task)];
    await settle(); // started: the one place is taken
    for (const [key, lane] of [['late-a', 2], ['text-a', 1], ['first-a', 0], ['text-b', 1], ['first-b', 0]] as const) {
      done.push(queue.run(key, lane, async () => void log.push(key)));
    }
    await settle();
    expect(log).toEqual(['blocker']);
    expect(queue.size).toBe(6);
    blocker.release();
    await Promise.all(done);
    expect(log).toEqual(['blocker', 'first-a', 'first-b', 'text-a', 'text-b', 'late-a']);
    expect(queue.size).toBe(0);
  });

  it('runs a key once while it is queued or running, moves it up when asked for in a more urgent lane, and runs it again after', async () => {
    const log: string[] = [];
    const queue = new PriorityJobQueue(2, 1);
    const blocker = gate(log, 'blocker');
    const running = queue.run('blocker', 0, blocker.task);
    await settle();
    const joined = queue.run('blocker', 0, async () => void log.push('never'));
    const slow = queue.run('x', 1, async () => void log.push('x'));
    const other = queue.run('y', 1, async () => void log.push('y'));
    const movedUp = queue.run('y', 0, async () => void log.push('never'));
    blocker.release();
    await Promise.all([running, joined, slow, other, movedUp]);
    expect(log).toEqual(['blocker', 'y', 'x']);
    await queue.run('x', 1, async () => void log.push('x again'));
    expect(log).toEqual(['blocker', 'y', 'x', 'x again']);
  });

  it('lets the event loop turn between slices of jobs that finish without waiting', async () => {
    const queue = new PriorityJobQueue(1, 4);
    let done = 0;
    const busy = async (): Promise<void> => {
      const until = performance.now() + 0.05;
      while (performance.now() < until);
      done += 1;
    };
    const jobs = Array.from({ length: 2000 }, (_, i) => queue.run(`k${i}`, 0, busy));
    // About 100 ms of work in all: a timer set now fires long before the last job has run.
    const doneWhenTimerFired = await new Promise<number>((resolve) => setTimeout(() => resolve(done), 0));
    expect(doneWhenTimerFired).toBeLessThan(2000);
    await Promise.all(jobs);
    expect(done).toBe(2000);
  });

  it('goes on after a task that rejects, and tells when it is idle', async () => {
    const log: string[] = [];
    let idleCalls = 0;
    let idle = (): void => {};
    const queue = new PriorityJobQueue(1, 2, () => {
      idleCalls += 1;
      idle();
    });
    const idled = new Promise<void>((resolve) => (idle = resolve));
    const failing = queue.run('bad', 0, async () => {
      throw new Error('unreadable');
    });
    const fine = queue.run('good', 0, async () => void log.push('good'));
    await expect(failing).resolves.toBeUndefined();
    await fine;
    await idled;
    expect(log).toEqual(['good']);
    expect(idleCalls).toBe(1);
    expect(() => new PriorityJobQueue(0, 1)).toThrow(RangeError);
    expect(() => new PriorityJobQueue(1, 0)).toThrow(RangeError);
    expect(() => queue.run('z', 1, async () => {})).toThrow(RangeError);
  });
});
