/**
 * One file of a batch (batch.ts): read it, minify it, return the result. Runs on a worker thread
 * (worker.ts) or on the calling thread; a bug on one file becomes a TSRS900 error for that file.
 * Kept apart from batch.ts so that a run answered wholly from the cache never loads the minifier.
 */
import { readFileSync } from "node:fs";
import { Codes } from "../diagnostics/codes.js";
import { isStackOverflow, TOO_DEEP_MESSAGE } from "../python/errors.js";
import { describeFsError } from "../files/collect.js";
import type { BatchData, BatchItem } from "./batch.js";
import type { DocKeep } from "./doc-reads.js";
import { emptyPhaseTimes, type PhaseTimes } from "./perf.js";
import { minifySource, type MinifyResult } from "./pipeline.js";

/** A batch's name lists as sets, built once per batch (not once per file). */
const sets = new WeakMap<string[], ReadonlySet<string>>();
function setOf(names: string[]): ReadonlySet<string> {
  let set = sets.get(names);
  if (!set) sets.set(names, (set = new Set(names)));
  return set;
}

/** What the rest of the tree reads of the item's docstrings, or null (single files, no scan). */
function docKeepOf(item: BatchItem, data: BatchData): DocKeep | null {
  return item.keepDocs && data.docNames ? { names: setOf(data.docNames), ...item.keepDocs } : null;
}

/** The reason of a file nested deeper than the thread's stack allows (batch.ts retries it on a large stack). */
export const TOO_DEEP = `${TOO_DEEP_MESSAGE}: left unchanged`;

export function minifyFileTask(item: BatchItem, data: BatchData): MinifyResult {
  const perf: PhaseTimes | null = data.perf ? emptyPhaseTimes() : null;
  const started = perf ? performance.now() : 0;
  let bytes: Uint8Array;
  try {
    bytes = item.input ?? readFileSync(item.path);
  } catch (e) {
    return failed(item, new Uint8Array(0), Codes.ReadError, `cannot read: ${describeFsError(e)}`);
  }
  if (perf) perf.read += performance.now() - started;
  try {
    const result = minifySource(bytes, item.display, data.settings, {
      presetPlan: item.preset ? new Map(item.preset.map((s) => [s.scope, s])) : null,
      externalNames: data.externalNames ? setOf(data.externalNames) : null,
      docKeep: docKeepOf(item, data),
      frameReaders: data.frameReaders ? setOf(data.frameReaders) : null,
      planPath: item.planPath,
      planOnly: data.planOnly,
      perf,
    });
    if (perf) result.perf = perf;
    return result;
  } catch (e) {
    if (isStackOverflow(e)) return failed(item, bytes, Codes.TooDeep, TOO_DEEP);
    const err = e as Error;
    return failed(item, bytes, Codes.InternalError, `internal error (a bug in tsrs; the file is left alone): ${err?.stack ?? String(e)}`);
  }
}

export function failed(item: BatchItem, bytes: Uint8Array, code: (typeof Codes)[keyof typeof Codes], message: string): MinifyResult {
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

