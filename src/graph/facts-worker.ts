/** Worker thread of FactsStore's pool: parses files and returns their module facts. */
import { parentPort, workerData } from "node:worker_threads";
import { computeFacts } from "./facts-store.js";
import type { StaticTarget } from "./static-condition.js";

const target = workerData as StaticTarget;
parentPort!.on("message", (msg: { id: number; file: string; bytes: Uint8Array }) => {
  parentPort!.postMessage({ id: msg.id, result: computeFacts(msg.bytes, msg.file, target) });
});
