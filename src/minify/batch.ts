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
  /** Size in bytes, when known (big files are handed out first). */
  bytes?: number;
}

export interface BatchData {
  settings: MinifySettings;
  externalNames: string[] | null;
  planOnly: boolean;
  /** Measure the phases of each file (`result.perf`). */
  perf?: boolean;
}

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

/**
 * Below this many bytes a batch runs on the calling thread: starting a worker thread (loading the
 * minifier again) costs more than its larger young generation saves.
 */
const INLINE_BELOW = 512 * 1024;
/**
 * Each further worker thread needs this many bytes of work: every thread compiles the minifier's
 * hot code again (about a second of CPU time), which must pay off.
 */
const BYTES_PER_THREAD = 4_000_000;

/**
 * Young-generation size of a worker thread. The minifier allocates a lot of short-lived data
 * (trees, models, strings): with V8's default young generation much of a file's data is still live
 * at each scavenge and gets copied, which costs a fifth of the run; 192 MB removes most of that.
 * Smaller with many threads, to bound memory.
 */
function youngGenerationMb(threads: number): number {
  return Math.max(48, Math.min(192, Math.floor(1024 / threads)));
}

/**
 * How many worker threads a batch runs on (0: on the calling thread): none below INLINE_BELOW
 * bytes or when sizes are unknown, else one per BYTES_PER_THREAD bytes, at most `jobs`.
 */
export function batchThreads(items: readonly BatchItem[], jobs: number): number {
  if (!existsSync(fileURLToPath(new URL("./worker.js", import.meta.url)))) return 0;
  if (items.some((i) => i.bytes === undefined)) return Math.min(jobs, items.length) - 1;
  const total = items.reduce((n, i) => n + i.bytes!, 0);
  if (total < INLINE_BELOW) return 0;
  return Math.max(1, Math.min(jobs, Math.floor(total / BYTES_PER_THREAD)));
}

export interface BatchCallbacks {
  /** After each finished file (progress). */
  onProgress?: (done: number, total: number) => void;
  /** Each result as soon as it is there (completion order): lets the caller write while others run. */
  onResult?: (index: number, result: MinifyResult) => void;
}

/**
 * Minifies the items; results in input order. Big batches run on worker threads (largest files
 * first, the calling thread only hands out work), small ones on the calling thread.
 */
export function minifyBatch(items: readonly BatchItem[], jobs: number, data: BatchData, callbacks: BatchCallbacks = {}): Promise<MinifyResult[]> {
  const workerUrl = new URL("./worker.js", import.meta.url);
  const inline = (item: BatchItem, d: unknown): MinifyResult => minifyFileTask(item, d as BatchData);
  const { onProgress, onResult } = callbacks;
  // Running from sources (tests), there is no compiled worker: run inline.
  if (!existsSync(fileURLToPath(workerUrl))) jobs = 1;
  if (items.some((i) => i.bytes === undefined)) {
    // Sizes unknown: items in order, the calling thread one of the jobs.
    return runPool(items, jobs, { workerUrl, inline, data, chunk: 4, onProgress, onResult });
  }
  const weights = items.map((i) => i.bytes!);
  const threads = batchThreads(items, jobs);
  return runPool(items, Math.max(1, threads), {
    workerUrl,
    inline,
    data,
    chunk: 64,
    onProgress,
    onResult,
    weights,
    callerWorks: threads === 0,
    workerOptions: { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb(Math.max(1, threads)) } },
  });
}
