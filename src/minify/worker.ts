/** Worker-thread entry of the minifier's batch runs (see batch.ts). */
import { serveWorker } from "../parallel/worker.js";
import type { BatchData, BatchItem } from "./batch.js";
import { minifyFileTask } from "./task.js";

serveWorker((item: BatchItem, data: unknown) => minifyFileTask(item, data as BatchData));
