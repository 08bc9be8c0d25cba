/** Worker for `check-syntax --jobs N`: reads and checks one file per item. */
import { checkFile, type CheckFileOptions } from "./check-file.js";
import { serveWorker } from "./worker.js";

serveWorker<string, ReturnType<typeof checkFile>>((path, data) => checkFile(path, data as CheckFileOptions));
