/**
 * Background work in priority lanes (Node side): a bounded number of jobs run at once, a job
 * asked for twice runs once, and a job asked for again in a more urgent lane moves up. Jobs that
 * finish without waiting for I/O do not hold the event loop: once a slice of time is used up,
 * the next job starts on a later turn of the loop (see time-slices.ts).
 */
import { pauseIfDue, sliceDue } from './time-slices.js';

interface Job {
  readonly key: string;
  readonly task: () => Promise<void>;
  readonly done: Promise<void>;
  readonly finish: () => void;
  /** The most urgent lane the job was asked for in. */
  lane: number;
  started: boolean;
}

/** One lane's jobs in the order asked; `head` is the next to look at (the array is compacted now and then). */
interface Lane {
  jobs: Job[];
  head: number;
}

export class PriorityJobQueue {
  readonly #lanes: Lane[];
  /** Jobs queued or running, by key; a job leaves when it has finished. */
  readonly #jobs = new Map<string, Job>();
  #running = 0;
  /** Set while the next jobs wait for a turn of the event loop. */
  #resuming = false;

  /**
   * @param lanes how many lanes (0 the most urgent).
   * @param limit jobs running at once, at least 1.
   * @param onIdle called each time the last job queued or running has finished.
   */
  constructor(
    lanes: number,
    readonly limit: number,
    private readonly onIdle: () => void = () => {},
  ) {
    if (!Number.isInteger(lanes) || lanes < 1) throw new RangeError(`Lanes ${lanes} is not a positive count`);
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Limit ${limit} is not a positive count`);
    this.#lanes = Array.from({ length: lanes }, () => ({ jobs: [], head: 0 }));
  }

  /**
   * Runs `task` under `key` in `lane`, after every job queued in a more urgent lane and those
   * asked for earlier in the same lane. While a job of the same key is queued or running, that
   * job is joined instead (`task` is not used) and, when it is still queued, moved up to `lane`
   * if that is more urgent. Resolves when the job has finished, whether its task resolved or
   * rejected (a task reports its outcome itself; a rejection is swallowed).
   */
  run(key: string, lane: number, task: () => Promise<void>): Promise<void> {
    const target = this.#lanes[lane];
    if (target === undefined) throw new RangeError(`No lane ${lane}`);
    let job = this.#jobs.get(key);
    if (job === undefined) {
      let finish = (): void => {};
      const done = new Promise<void>((resolve) => (finish = resolve));
      job = { key, task, done, finish, lane, started: false };
      this.#jobs.set(key, job);
      target.jobs.push(job);
    } else if (!job.started && lane < job.lane) {
      job.lane = lane;
      target.jobs.push(job); // its place in the slower lane is skipped when reached
    }
    this.#pump();
    return job.done;
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.#jobs.size;
  }

  #next(): Job | undefined {
    for (const lane of this.#lanes) {
      while (lane.head < lane.jobs.length) {
        const job = lane.jobs[lane.head] as Job;
        lane.head += 1;
        if (lane.head > 1024 && lane.head * 2 > lane.jobs.length) {
          lane.jobs = lane.jobs.slice(lane.head);
          lane.head = 0;
        }
        if (!job.started) return job;
      }
    }
    return undefined;
  }

  #pump(): void {
    if (this.#resuming) return;
    if (sliceDue()) {
      this.#resuming = true;
      void pauseIfDue().then(() => {
        this.#resuming = false;
        this.#pump();
      });
      return;
    }
    while (this.#running < this.limit) {
      const job = this.#next();
      if (job === undefined) return;
      job.started = true;
      this.#running += 1;
      const settle = (): void => {
        this.#running -= 1;
        this.#jobs.delete(job.key);
        job.finish();
        this.#pump();
        if (this.#jobs.size === 0) this.onIdle();
      };
      Promise.resolve()
        .then(job.task)
        .then(settle, settle);
    }
  }
}
