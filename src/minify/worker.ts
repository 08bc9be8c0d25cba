/** Worker-thread entry of the minifier's batch runs (see batch.ts): tree-scan parses and files to minify. */
import { serveWorker } from "../parallel/worker.js";
import type { BatchData, BatchItem } from "./batch.js";
import { minifyFileTask } from "./task.js";
import { parseFacts, type FactsJob } from "./tree-reads.js";

serveWorker((item: BatchItem | FactsJob, data: unknown) => ("kind" in item && item.kind === "facts" ? parseFacts(item) : minifyFileTask(item as BatchItem, data as BatchData)));
