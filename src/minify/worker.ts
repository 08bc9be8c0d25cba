/** Worker-thread entry of the minifier's batch runs (see batch.ts). */
import { serveWorker } from "../parallel/worker.js";
import { minifyFileTask, type BatchData, type BatchItem } from "./batch.js";

serveWorker((item: BatchItem, data: unknown) => minifyFileTask(item, data as BatchData));
