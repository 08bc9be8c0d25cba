/** Worker side of ./pool.ts: answers each chunk of items with the handler's results, in order. */
import { parentPort, workerData } from "node:worker_threads";

export function serveWorker<I, O>(handler: (item: I, data: unknown) => O): void {
  if (!parentPort) throw new Error("serveWorker must run in a worker thread");
  const port = parentPort;
  let data: unknown = workerData;
  port.on("message", (message: I[] | { data: unknown }) => {
    // New data for the items that follow (WorkerPool.setData), or a chunk of items.
    if (!Array.isArray(message)) data = message.data;
    else port.postMessage(message.map((item) => handler(item, data)));
  });
}
