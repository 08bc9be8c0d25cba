/**
 * One file of a batch (batch.ts): read it, minify it, return the result. Runs on a worker thread
 * (worker.ts) or on the calling thread; a bug on one file becomes a TSRS900 error for that file.
 * Kept apart from batch.ts so that a run answered wholly from the cache never loads the minifier.
 */
import { readFileSync } from "node:fs";
import { Codes } from "../diagnostics/codes.js";
import { describeFsError } from "../files/collect.js";
import type { BatchData, BatchItem } from "./batch.js";
import { emptyPhaseTimes, type PhaseTimes } from "./perf.js";
import { minifySource, type MinifyResult } from "./pipeline.js";

/** The batch's external names as a set, built once per batch (not once per file). */
const externalSets = new WeakMap<string[], ReadonlySet<string>>();
function externalNameSet(names: string[] | null): ReadonlySet<string> | null {
  if (!names) return null;
  let set = externalSets.get(names);
  if (!set) externalSets.set(names, (set = new Set(names)));
  return set;
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
      externalNames: externalNameSet(data.externalNames),
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

