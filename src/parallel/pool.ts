/**
 * A small worker-thread pool: items are handed out in chunks on demand (so one slow file does not
 * hold up a whole share), results come back in input order. The calling thread is one of the `jobs`
 * workers — it takes chunks between message turns — so `--jobs 2` starts one extra thread, not two,
 * and pays one extra module load and JIT warm-up. Output is identical for any `jobs`.
 */
import { Worker } from "node:worker_threads";

export interface PoolTask<I, O> {
  /** URL of the worker module; it must call `serveWorker(handler)` from ./worker.js. */
  workerUrl: URL;
  /** The same handler, run on the calling thread. */
  inline: (item: I, data: unknown) => O;
  /** Data every worker receives once (options). */
  data: unknown;
  /** Items per message (default 16). */
  chunk?: number;
  /** Called after each finished item (progress). */
  onProgress?: (done: number, total: number) => void;
}

export async function runPool<I, O>(items: readonly I[], jobs: number, task: PoolTask<I, O>): Promise<O[]> {
  const results = new Array<O>(items.length);
  const total = items.length;
  const chunk = Math.max(1, task.chunk ?? 16);
  let next = 0;
  let done = 0;
  const take = (): [number, number] | null => {
    if (next >= items.length) return null;
    const start = next;
    next = Math.min(items.length, next + chunk);
    return [start, next];
  };
  const finished = (count: number): void => {
    done += count;
    task.onProgress?.(done, total);
  };

  const threads = Math.max(0, Math.min(jobs - 1, Math.ceil(items.length / chunk) - 1));
  const workers = Array.from(
    { length: threads },
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(task.workerUrl, { workerData: task.data });
        let range: [number, number] | null = null;
        const feed = (): void => {
          range = take();
          if (!range) {
            void worker.terminate().then(() => resolve());
            return;
          }
          worker.postMessage(items.slice(range[0], range[1]));
        };
        worker.on("message", (out: O[]) => {
          const [start] = range!;
          for (let k = 0; k < out.length; k++) results[start + k] = out[k]!;
          finished(out.length);
          feed();
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (code !== 0 && range) reject(new Error(`worker exited with code ${code}`));
        });
        feed();
      }),
  );

  // The calling thread works too, one chunk per event-loop turn so worker messages keep flowing.
  const own = new Promise<void>((resolve, reject) => {
    const step = (): void => {
      try {
        const range = take();
        if (!range) return resolve();
        for (let i = range[0]; i < range[1]; i++) results[i] = task.inline(items[i]!, task.data);
        finished(range[1] - range[0]);
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
