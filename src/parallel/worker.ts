/** Worker side of ./pool.ts: answers each chunk of items with the handler's results, in order. */
import { parentPort, workerData } from "node:worker_threads";

export function serveWorker<I, O>(handler: (item: I, data: unknown) => O): void {
  if (!parentPort) throw new Error("serveWorker must run in a worker thread");
  const port = parentPort;
  port.on("message", (items: I[]) => {
    port.postMessage(items.map((item) => handler(item, workerData)));
  });
}
