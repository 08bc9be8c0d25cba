/**
 * A small worker-thread pool: items are handed out in chunks on demand (so one slow file does not
 * hold up a whole share), results come back in input order. By default the calling thread is one of
 * the `jobs` workers — it takes chunks between message turns — so `--jobs 2` starts one extra
 * thread, not two, and pays one extra module load and JIT warm-up. Output is identical for any
 * `jobs`.
 *
 * Options for heavy batches (the minifier): `weights` hands out the heaviest items first (a big
 * file started last would finish alone), chunks are cut by weight rather than by count, and
 * `callerWorks: false` leaves the work to worker threads, whose heap can be sized for it
 * (`workerOptions.resourceLimits`; the calling thread's heap is fixed when the process starts).
 */
import { Worker, type WorkerOptions } from "node:worker_threads";

export interface PoolTask<I, O> {
  /** URL of the worker module; it must call `serveWorker(handler)` from ./worker.js. */
  workerUrl: URL;
  /** The same handler, run on the calling thread. */
  inline: (item: I, data: unknown) => O;
  /** Data every worker receives once (options). */
  data: unknown;
  /** Items per message (default 16); with `weights`, the most items a message holds. */
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

export async function runPool<I, O>(items: readonly I[], jobs: number, task: PoolTask<I, O>): Promise<O[]> {
  const results = new Array<O>(items.length);
  const total = items.length;
  const chunk = Math.max(1, task.chunk ?? 16);
  const callerWorks = task.callerWorks ?? true;
  // Hand-out order: input order, or heaviest first (ties in input order).
  const order = Array.from({ length: total }, (_, i) => i);
  const weights = task.weights;
  let chunkWeight = Infinity;
  if (weights) {
    order.sort((a, b) => weights[b]! - weights[a]! || a - b);
    // About 8 chunks per thread: big enough to amortise a message, small enough to balance.
    const sum = weights.reduce((n, w) => n + w, 0);
    chunkWeight = sum / (8 * Math.max(1, jobs));
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

  const chunks = weights ? total : Math.ceil(total / chunk);
  const threads = Math.max(0, Math.min(callerWorks ? jobs - 1 : jobs, callerWorks ? chunks - 1 : chunks));
  const workers = Array.from(
    { length: threads },
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(task.workerUrl, { ...task.workerOptions, workerData: task.data });
        let taken: number[] | null = null;
        const feed = (): void => {
          taken = take();
          if (!taken) {
            void worker.terminate().then(() => resolve());
            return;
          }
          worker.postMessage(taken.map((i) => items[i]!));
        };
        worker.on("message", (out: O[]) => {
          const indexes = taken!;
          for (let k = 0; k < out.length; k++) {
            results[indexes[k]!] = out[k]!;
            task.onResult?.(indexes[k]!, out[k]!);
          }
          finished(out.length);
          feed();
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (code !== 0 && taken) reject(new Error(`worker exited with code ${code}`));
        });
        feed();
      }),
  );

  // The calling thread works too (unless told not to, or no thread was started), one chunk per
  // event-loop turn so worker messages keep flowing.
  const own = new Promise<void>((resolve, reject) => {
    if (!callerWorks && threads > 0) return resolve();
    const step = (): void => {
      try {
        const taken = take();
        if (!taken) return resolve();
        for (const i of taken) {
          results[i] = task.inline(items[i]!, task.data);
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

  await Promise.all([own, ...workers]);
  return results;
}
