/**
 * A small worker-thread pool: items are handed out in chunks on demand (so one slow file does not
 * hold up a whole share), results come back in input order. With `jobs <= 1` everything runs on the
 * calling thread — output is identical either way.
 */
import { Worker } from "node:worker_threads";

export interface PoolTask<I, O> {
  /** URL of the worker module; it must call `serveWorker(handler)` from ./worker.js. */
  workerUrl: URL;
  /** The same handler, for running inline when jobs <= 1. */
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
  if (jobs <= 1 || items.length < 2) {
    for (let i = 0; i < items.length; i++) {
      results[i] = task.inline(items[i]!, task.data);
      task.onProgress?.(i + 1, total);
    }
    return results;
  }
  const chunk = Math.max(1, task.chunk ?? 16);
  let next = 0;
  let done = 0;
  const workers = Math.min(jobs, Math.ceil(items.length / chunk));
  await Promise.all(
    Array.from({ length: workers }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(task.workerUrl, { workerData: task.data });
        let start = 0;
        const feed = (): void => {
          if (next >= items.length) {
            void worker.terminate().then(() => resolve());
            return;
          }
          start = next;
          next = Math.min(items.length, next + chunk);
          worker.postMessage(items.slice(start, next));
        };
        worker.on("message", (out: O[]) => {
          for (let k = 0; k < out.length; k++) results[start + k] = out[k]!;
          done += out.length;
          task.onProgress?.(done, total);
          feed();
        });
        worker.on("error", reject);
        worker.on("exit", (code) => {
          if (code !== 0 && next < items.length) reject(new Error(`worker exited with code ${code}`));
        });
        feed();
      }),
    ),
  );
  return results;
}
