/**
 * A small worker-thread pool: items are handed out in chunks on demand (so one slow file does not
 * hold up a whole share), results come back in input order. Output is identical for any number of
 * threads.
 *
 * `runPool` is one batch on threads started for it: by default the calling thread is one of the
 * `jobs` workers — it takes chunks between message turns — so `--jobs 2` starts one extra thread,
 * not two, and pays one extra module load and JIT warm-up. `WorkerPool` keeps its threads between
 * batches (a long-lived caller — a build tool, a test harness — pays the load and the warm-up
 * once); it runs one batch at a time.
 *
 * Options for heavy batches (the minifier): `weights` hands out the heaviest items first (a big
 * file started last would finish alone), chunks are cut by weight rather than by count, and
 * `callerWorks: false` leaves the work to worker threads, whose heap can be sized for it
 * (`workerOptions.resourceLimits`; the calling thread's heap is fixed when the process starts).
 */
import { Worker, type WorkerOptions } from "node:worker_threads";

/** Items per message unless a task says otherwise. */
const DEFAULT_CHUNK = 16;
/**
 * Chunks a worker holds at once: it starts the next as soon as it answers one, instead of waiting
 * for the calling thread to read the answer and send more (which may be busy writing results).
 */
const IN_FLIGHT = 2;

export interface PoolTask<I, O> {
  /** URL of the worker module; it must call `serveWorker(handler)` from ./worker.js. */
  workerUrl: URL;
  /** The same handler, run on the calling thread. */
  inline: (item: I, data: unknown) => O;
  /** Data every worker receives once (options). */
  data: unknown;
  /** Items per message (default DEFAULT_CHUNK); with `weights`, the most items a message holds. */
  chunk?: number;
  /** Called after each finished item (progress). */
  onProgress?: (done: number, total: number) => void;
  /** Called with each result as soon as it is there (in completion order, not input order). */
  onResult?: (index: number, result: O) => void;
  /** Cost of each item (e.g. its size in bytes): heaviest first, chunks of similar weight. */
  weights?: readonly number[];
  /** Whether the calling thread works too (default true); false: `jobs` worker threads. */
  callerWorks?: boolean;
  /** Extra options of every worker thread (e.g. `resourceLimits`). */
  workerOptions?: Omit<WorkerOptions, "workerData">;
}

/** What one batch on a {@link WorkerPool} needs (the workers and their data are the pool's). */
export type BatchTask<I, O> = Pick<PoolTask<I, O>, "chunk" | "onProgress" | "onResult" | "weights"> & {
  /** The handler on the calling thread, which then works too; absent: only the pool's threads. */
  inline?: (item: I, data: unknown) => O;
};

/** Per-thread hooks of the batch running now. */
interface Slot {
  onMessage: (out: unknown[]) => void;
  onFailure: (e: Error) => void;
}

export class WorkerPool<I, O> {
  private readonly workers: Worker[] = [];
  private readonly slots: Array<Slot | null> = [];
  private busy = false;
  private closed = false;
  private broken: Error | null = null;

  constructor(
    workerUrl: URL,
    threads: number,
    private data: unknown,
    workerOptions: Omit<WorkerOptions, "workerData"> = {},
  ) {
    for (let t = 0; t < threads; t++) {
      const worker = new Worker(workerUrl, { ...workerOptions, workerData: data });
      const index = t;
      worker.on("message", (out: unknown[]) => this.slots[index]?.onMessage(out));
      worker.on("error", (e) => this.failed(index, e));
      worker.on("exit", (code) => {
        if (!this.closed) this.failed(index, new Error(`worker thread exited with code ${code}`));
      });
      this.workers.push(worker);
      this.slots.push(null);
    }
  }

  /** Number of worker threads. */
  get threads(): number {
    return this.workers.length;
  }

  private failed(index: number, e: Error): void {
    this.broken ??= e;
    this.slots[index]?.onFailure(e);
  }

  /**
   * Replaces the data the threads (and the inline handler) receive with the items of the batches
   * that follow — facts a first batch found (a tree scan) for the work of the next.
   */
  setData(data: unknown): void {
    if (this.busy) throw new Error("the worker pool is running a batch");
    this.data = data;
    for (const worker of this.workers) worker.postMessage({ data });
  }

  /** Runs one batch; results in input order. */
  async run(items: readonly I[], task: BatchTask<I, O> = {}): Promise<O[]> {
    if (this.closed) throw new Error("the worker pool is closed");
    if (this.broken) throw this.broken;
    if (this.busy) throw new Error("the worker pool is running a batch already");
    if (this.workers.length === 0 && !task.inline) throw new Error("a worker pool without threads needs the inline handler");
    this.busy = true;
    try {
      return await this.schedule(items, task);
    } finally {
      this.busy = false;
      this.slots.fill(null);
    }
  }

  private async schedule(items: readonly I[], task: BatchTask<I, O>): Promise<O[]> {
    const results = new Array<O>(items.length);
    const total = items.length;
    const chunk = Math.max(1, task.chunk ?? DEFAULT_CHUNK);
    const sharers = this.workers.length + (task.inline ? 1 : 0);
    // Hand-out order: input order, or heaviest first (ties in input order).
    const order = Array.from({ length: total }, (_, i) => i);
    const weights = task.weights;
    let chunkWeight = Infinity;
    if (weights) {
      order.sort((a, b) => weights[b]! - weights[a]! || a - b);
      // About 8 chunks per thread: big enough to amortise a message, small enough to balance.
      const sum = weights.reduce((n, w) => n + w, 0);
      chunkWeight = sum / (8 * Math.max(1, sharers));
    }
    let next = 0;
    let done = 0;
    const take = (): number[] | null => {
      if (next >= total) return null;
      const out: number[] = [];
      let w = 0;
      while (next < total && out.length < chunk && (out.length === 0 || w + (weights ? weights[order[next]!]! : 0) <= chunkWeight)) {
        const i = order[next++]!;
        out.push(i);
        if (weights) w += weights[i]!;
      }
      return out;
    };
    const finished = (count: number): void => {
      done += count;
      task.onProgress?.(done, total);
    };

    const threads = this.workers.map(
      (worker, index) =>
        new Promise<void>((resolve, reject) => {
          // Chunks sent and not answered yet, oldest first (a worker answers in order).
          const inFlight: number[][] = [];
          const feed = (): void => {
            const taken = take();
            if (taken) {
              inFlight.push(taken);
              worker.postMessage(taken.map((i) => items[i]!));
            } else if (inFlight.length === 0) resolve();
          };
          this.slots[index] = {
            onMessage: (out) => {
              const indexes = inFlight.shift()!;
              for (let k = 0; k < out.length; k++) {
                results[indexes[k]!] = out[k] as O;
                task.onResult?.(indexes[k]!, out[k] as O);
              }
              finished(out.length);
              feed();
            },
            onFailure: reject,
          };
          for (let k = 0; k < IN_FLIGHT; k++) feed();
        }),
    );

    // The calling thread works too when given the handler, one chunk per event-loop turn so
    // worker messages keep flowing.
    const inline = task.inline;
    const own = new Promise<void>((resolve, reject) => {
      if (!inline) return resolve();
      const step = (): void => {
        try {
          const taken = take();
          if (!taken) return resolve();
          for (const i of taken) {
            results[i] = inline(items[i]!, this.data);
            task.onResult?.(i, results[i]!);
          }
          finished(taken.length);
          setImmediate(step);
        } catch (e) {
          reject(e);
        }
      };
      step();
    });

    await Promise.all([own, ...threads]);
    return results;
  }

  /** Stops the threads; the pool cannot run batches any more. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** One batch on threads started for it (see the top of the file). */
export async function runPool<I, O>(items: readonly I[], jobs: number, task: PoolTask<I, O>): Promise<O[]> {
  const callerWorks = task.callerWorks ?? true;
  const chunk = Math.max(1, task.chunk ?? DEFAULT_CHUNK);
  const chunks = task.weights ? items.length : Math.ceil(items.length / chunk);
  const threads = Math.max(0, Math.min(callerWorks ? jobs - 1 : jobs, callerWorks ? chunks - 1 : chunks));
  const pool = new WorkerPool<I, O>(task.workerUrl, threads, task.data, task.workerOptions);
  try {
    const { chunk: c, onProgress, onResult, weights } = task;
    return await pool.run(items, { chunk: c, onProgress, onResult, weights, inline: callerWorks || threads === 0 ? task.inline : undefined });
  } finally {
    await pool.close();
  }
}
