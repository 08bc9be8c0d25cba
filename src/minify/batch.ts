/**
 * Minifying many files: one task per file (read, minify, return the result), run on the worker
 * pool (src/parallel/pool.ts) or inline; results come back in input order, so output is identical
 * for any number of jobs. A bug on one file becomes a TSRS900 error for that file.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Codes } from "../diagnostics/codes.js";
import { describeFsError } from "../files/collect.js";
import { runPool } from "../parallel/pool.js";
import type { MinifySettings } from "./options.js";
import { emptyPhaseTimes, type PhaseTimes } from "./perf.js";
import { minifySource, type MinifyResult } from "./pipeline.js";
import type { ScopePlan } from "./plan.js";

export interface BatchItem {
  /** Absolute path to read. */
  path: string;
  /** Path shown in messages. */
  display: string;
  /** Path recorded in the plan. */
  planPath: string;
  /** Renames to apply (apply-plan), or null to compute them. */
  preset: ScopePlan[] | null;
}

export interface BatchData {
  settings: MinifySettings;
  externalNames: string[] | null;
  planOnly: boolean;
  /** Measure the phases of each file (`result.perf`). */
  perf?: boolean;
}

export function minifyFileTask(item: BatchItem, data: BatchData): MinifyResult {
  const perf: PhaseTimes | null = data.perf ? emptyPhaseTimes() : null;
  const started = perf ? performance.now() : 0;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(item.path);
  } catch (e) {
    return failed(item, new Uint8Array(0), Codes.ReadError, `cannot read: ${describeFsError(e)}`);
  }
  if (perf) perf.read += performance.now() - started;
  try {
    const result = minifySource(bytes, item.display, data.settings, {
      presetPlan: item.preset ? new Map(item.preset.map((s) => [s.scope, s])) : null,
      externalNames: data.externalNames ? new Set(data.externalNames) : null,
      planPath: item.planPath,
      planOnly: data.planOnly,
      perf,
    });
    if (perf) result.perf = perf;
    return result;
  } catch (e) {
    const err = e as Error;
    return failed(item, bytes, Codes.InternalError, `internal error (a bug in tsrs; the file is left alone): ${err?.stack ?? String(e)}`);
  }
}

function failed(item: BatchItem, bytes: Uint8Array, code: (typeof Codes)[keyof typeof Codes], message: string): MinifyResult {
  return {
    path: item.display,
    status: "error",
    output: bytes,
    inputBytes: bytes.length,
    outputBytes: bytes.length,
    reason: message.split("\n")[0]!,
    diagnostics: [{ code, severity: "error", message, file: item.display, line: 0, col: 0 }],
    plan: { path: item.planPath, sha256: "", scopes: [] },
    removedDocstrings: 0,
    removedPasses: 0,
    renamedNames: 0,
  };
}

export function minifyBatch(
  items: readonly BatchItem[],
  jobs: number,
  data: BatchData,
  onProgress?: (done: number, total: number) => void,
): Promise<MinifyResult[]> {
  const workerUrl = new URL("./worker.js", import.meta.url);
  // Running from sources (tests), there is no compiled worker: run inline.
  if (!existsSync(fileURLToPath(workerUrl))) jobs = 1;
  return runPool(items, jobs, {
    workerUrl,
    inline: (item, d) => minifyFileTask(item, d as BatchData),
    data,
    chunk: 4,
    onProgress,
  });
}
