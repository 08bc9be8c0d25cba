/**
 * Minifying many files: one task per file (task.ts: read, minify, return the result), run on the
 * worker pool (src/parallel/pool.ts) or inline; results come back in input order, so output is
 * identical for any number of jobs. With a result cache (cache.ts), files minified before are
 * answered from it first, and only the others are minified — the output is the same bytes.
 * A tree (`minifyTree`) is scanned first (tree-reads.ts): on the threads that then minify it, when
 * it is big enough for threads.
 */
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { runPool, WorkerPool } from "../parallel/pool.js";
import { Codes } from "../diagnostics/codes.js";
import { MinifyCache, type CacheStats } from "./cache.js";
import { docKeepKey, type DocKeepFlags } from "./doc-reads.js";
import type { MinifySettings } from "./options.js";
import type { MinifyResult } from "./pipeline.js";
import { sha256, type ScopePlan } from "./plan.js";
import { parseFacts, TOO_DEEP, type FactsJob, type FileFacts, type TreeFacts, type TreeScan } from "./tree-reads.js";

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
  /** Docstrings of the file the rest of the tree reads (with `BatchData.docNames`). */
  keepDocs?: DocKeepFlags;
  /** The file's bytes, when the caller has them (standard input): not read from `path`. */
  input?: Uint8Array;
}

export interface BatchData {
  settings: MinifySettings;
  externalNames: string[] | null;
  /** Names whose docstrings files of the tree read (doc-reads.ts), or null when not collected. */
  docNames?: string[] | null;
  /** Functions of the tree that read their caller's variables (tree-reads.ts), or null. */
  frameReaders?: string[] | null;
  planOnly: boolean;
  /** Measure the phases of each file (`result.perf`). */
  perf?: boolean;
  /** Folder of the result cache (cache.ts), or null/absent for none. */
  cacheDir?: string | null;
}

/**
 * Below this many bytes a batch runs on the calling thread. A worker thread has a larger young
 * generation (less time in the garbage collector) but must load and compile the minifier again:
 * measured on python3.11's stdlib, the calling thread is faster on 1.1 MB and even at 3 MB.
 */
const INLINE_BELOW = 3_000_000;
/**
 * Each further worker thread needs this many bytes of work. Every thread compiles the minifier's
 * hot code again — about a second of CPU time, most of it on V8's background compiler threads —
 * so with few cores a second thread starves both of compile time: on 2 cores, two threads lost to
 * one at 8 MB and won by 5–15% at 31 MB (python3.11's whole stdlib). With cores to spare the
 * compiles run beside the work.
 */
const BYTES_PER_THREAD_FEW_CORES = 12_000_000;
const BYTES_PER_THREAD = 4_000_000;

/** The compiled worker-thread entry; absent when running from sources (tests): then no threads. */
const WORKER_URL = new URL("./worker.js", import.meta.url);
const workerBuilt = (): boolean => existsSync(fileURLToPath(WORKER_URL));

/** Items per message when sizes are known (chunks are cut by weight, this is the most a chunk holds). */
const CHUNK = 64;

/**
 * Young-generation size of a worker thread. The minifier allocates a lot of short-lived data
 * (trees, models, strings): with V8's default young generation much of a file's data is still live
 * at each scavenge and gets copied, which costs a fifth of the run; 192 MB removes most of that.
 * Smaller with many threads, to bound memory.
 */
function youngGenerationMb(threads: number): number {
  return Math.max(48, Math.min(192, Math.floor(1024 / threads)));
}

/** Options of each of `threads` worker threads. */
function workerOptions(threads: number): { resourceLimits: { maxYoungGenerationSizeMb: number } } {
  return { resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb(threads) } };
}

/**
 * How many worker threads a batch runs on (0: on the calling thread): none below INLINE_BELOW
 * bytes or when sizes are unknown, else one per BYTES_PER_THREAD bytes (more with fewer than four
 * cores), at most `jobs`.
 */
export function batchThreads(items: readonly BatchItem[], jobs: number, cores = availableParallelism()): number {
  if (!workerBuilt()) return 0;
  if (items.some((i) => i.bytes === undefined)) return Math.min(jobs, items.length) - 1;
  const total = items.reduce((n, i) => n + i.bytes!, 0);
  if (total < INLINE_BELOW) return 0;
  const perThread = cores < 4 ? BYTES_PER_THREAD_FEW_CORES : BYTES_PER_THREAD;
  return Math.max(1, Math.min(jobs, Math.floor(total / perThread)));
}

export interface BatchCallbacks {
  /** After each finished file (progress). */
  onProgress?: (done: number, total: number) => void;
  /** Each result as soon as it is there (completion order): lets the caller write while others run. */
  onResult?: (index: number, result: MinifyResult) => void;
}

export interface BatchRun {
  results: MinifyResult[];
  /** Worker threads used (0: the calling thread did the work). */
  threads: number;
  /** Cache counters, when a cache was used. */
  cache: CacheStats | null;
}

/**
 * Minifies the items; results in input order. Big batches run on worker threads (largest files
 * first, the calling thread only hands out work), small ones on the calling thread.
 */
export async function minifyBatch(items: readonly BatchItem[], jobs: number, data: BatchData, callbacks: BatchCallbacks = {}): Promise<BatchRun> {
  return cachedFirst(items, data, callbacks, (rest, store, progress) => runRest(rest, jobs, data, store, progress));
}

/**
 * A minifier that keeps `threads` worker threads between batches, for callers that minify again
 * and again (a build tool, a watcher, a benchmark): the threads load the minifier and warm up once.
 * Every batch runs on the threads (however small), heaviest files first; results are the same bytes
 * as {@link minifyBatch}'s. Call `close()` when done (the threads keep the process alive).
 */
export class MinifyPool {
  private readonly pool: WorkerPool<BatchItem, MinifyResult>;

  constructor(
    private readonly data: BatchData,
    threads: number,
  ) {
    if (!workerBuilt()) throw new Error("MinifyPool needs the compiled worker (dist/minify/worker.js)");
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be a positive integer, got ${threads}`);
    this.pool = new WorkerPool(WORKER_URL, threads, data, workerOptions(threads));
  }

  get threads(): number {
    return this.pool.threads;
  }

  /** Minifies the items (one batch at a time); results in input order. */
  minify(items: readonly BatchItem[], callbacks: BatchCallbacks = {}): Promise<BatchRun> {
    return cachedFirst(items, this.data, callbacks, async (rest, store, progress) => {
      await this.pool.run(rest, { chunk: CHUNK, weights: rest.map((i) => i.bytes ?? 0), onResult: store, onProgress: progress });
      return this.pool.threads;
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * Stack of the thread that retries files nested too deeply for the thread that tried them (the
 * main thread's stack is about 1 MB, a worker's 4 MB by default): CPython compiles expressions
 * about 3,000 levels deep, which the minifier's recursive walks follow in a few MB.
 */
const DEEP_STACK_MB = 256;

/** Whether a result is a file the thread's stack was too small for. */
function tooDeep(r: MinifyResult): boolean {
  return r.status === "error" && r.diagnostics.some((d) => d.code === Codes.TooDeep);
}

/**
 * Minifies items on one worker thread with a large stack (files nested too deeply for the thread
 * that tried them); without the compiled worker (running from sources) the results stay errors.
 */
export async function minifyOnLargeStack(items: readonly BatchItem[], data: BatchData): Promise<MinifyResult[] | null> {
  return onLargeStack<BatchItem, MinifyResult>(items, data);
}

/** Items (files to minify or scan jobs) on one worker thread with a large stack; null without the compiled worker. */
async function onLargeStack<I extends BatchItem | FactsJob, O>(items: readonly I[], data: BatchData): Promise<O[] | null> {
  if (!workerBuilt() || items.length === 0) return null;
  const pool = new WorkerPool<I, O>(WORKER_URL, 1, data, { resourceLimits: { stackSizeMb: DEEP_STACK_MB, maxYoungGenerationSizeMb: youngGenerationMb(1) } });
  try {
    return await pool.run(items, { chunk: 1 });
  } finally {
    await pool.close();
  }
}

export interface TreeRun extends BatchRun {
  /** What the scan found (and the minification used). */
  facts: TreeFacts;
  /** Wall time of the scan, ms. */
  scanMs: number;
}

type Job = BatchItem | FactsJob;
type Answer = MinifyResult | FileFacts | typeof TOO_DEEP | null;

/**
 * Scans a tree (`scan`: its files are `items`, in the same order) and minifies its files with what
 * the scan found: the names other modules reach (`externalNames`), the docstrings read
 * (`docNames`, each item's `keepDocs`) and the frame readers. When the batch is big enough for
 * worker threads and some files must be parsed for the scan, the threads are started first and
 * parse them (in parallel, warming up for the minification), then minify on the same threads.
 */
export async function minifyTree(items: readonly BatchItem[], jobs: number, data: BatchData, scan: TreeScan, callbacks: BatchCallbacks = {}): Promise<TreeRun> {
  const started = performance.now();
  const pending = scan.pending();
  const threads = pending.length ? batchThreads(items, jobs) : 0;
  const pool = threads > 0 ? new WorkerPool<Job, Answer>(WORKER_URL, threads, data, workerOptions(threads)) : null;
  try {
    const answers = pool
      ? await pool.run(
          pending.map((p) => p.job),
          { chunk: CHUNK, weights: pending.map((p) => p.bytes) },
        )
      : pending.map((p) => parseFacts(p.job));
    const deep = pending.filter((_, k) => answers[k] === TOO_DEEP);
    const again = deep.length ? await onLargeStack<FactsJob, Answer>(deep.map((p) => p.job), data) : null;
    pending.forEach((p, k) => scan.accept(p.index, answers[k] as FileFacts | typeof TOO_DEEP | null));
    deep.forEach((p, k) => scan.accept(p.index, (again?.[k] ?? null) as FileFacts | typeof TOO_DEEP | null));
    const facts = scan.result();
    const reads = scan.docs ? facts.reads : null;
    const full: BatchData = { ...data, externalNames: facts.externalNames, docNames: reads?.docNames ?? null, frameReaders: facts.reads?.frameReaders ?? null };
    const all = reads ? items.map((item, i) => ({ ...item, keepDocs: reads.keepDocs[i]! })) : items;
    const scanMs = performance.now() - started;
    const run = await cachedFirst(all, full, callbacks, async (rest, store, progress) => {
      if (!pool) return runRest(rest, jobs, full, store, progress);
      pool.setData(full);
      await pool.run(rest, { chunk: CHUNK, weights: rest.map((i) => i.bytes ?? 0), onResult: (k, r) => store(k, r as MinifyResult), onProgress: progress });
      return pool.threads;
    });
    return { ...run, facts, scanMs };
  } finally {
    await pool?.close();
  }
}

/** Answers what it can from the result cache (when the batch has one), then runs the rest. */
async function cachedFirst(
  items: readonly BatchItem[],
  data: BatchData,
  callbacks: BatchCallbacks,
  run: (rest: readonly BatchItem[], store: (k: number, r: MinifyResult) => void, progress: (done: number) => void) => Promise<number>,
): Promise<BatchRun> {
  const { onProgress, onResult } = callbacks;
  const results = new Array<MinifyResult>(items.length);
  const cache =
    data.cacheDir && !data.planOnly ? new MinifyCache(data.cacheDir, { settings: data.settings, externalNames: data.externalNames, docNames: data.docNames ?? null, frameReaders: data.frameReaders ?? null }) : null;
  // Cache lookups on the calling thread; what is left is minified.
  let todo = items.map((_, i) => i);
  let done = 0;
  if (cache) {
    todo = [];
    items.forEach((item, i) => {
      const hit = item.preset ? null : lookup(cache, item);
      if (!hit) return void todo.push(i);
      results[i] = hit;
      onResult?.(i, hit);
      onProgress?.(++done, items.length);
    });
  }
  if (todo.length === 0) return { results, threads: 0, cache: cache?.stats ?? null };
  const rest = todo.map((i) => items[i]!);
  /** Files too deeply nested for the thread that tried them (indexes into `rest`): tried again below. */
  const deep: number[] = [];
  /** Records the result of `rest[k]` (and caches it). */
  const accept = (k: number, r: MinifyResult): void => {
    const i = todo[k]!;
    results[i] = r;
    if (cache && !rest[k]!.preset && r.plan.sha256) cache.put(cache.key(r.plan.sha256, rest[k]!.display, rest[k]!.planPath, docKeepKey(rest[k]!.keepDocs)), r);
    onResult?.(i, r);
  };
  const store = (k: number, r: MinifyResult): void => {
    if (tooDeep(r) && workerBuilt()) deep.push(k);
    else accept(k, r);
  };
  const progress = (d: number): void => onProgress?.(done + d, items.length);
  const threads = await run(rest, store, progress);
  if (deep.length) {
    deep.sort((a, b) => a - b);
    const again = (await minifyOnLargeStack(deep.map((k) => rest[k]!), data))!;
    deep.forEach((k, j) => accept(k, again[j]!));
  }
  return { results, threads, cache: cache?.stats ?? null };
}

function lookup(cache: MinifyCache, item: BatchItem): MinifyResult | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(item.path);
  } catch {
    return null; // the task reports it
  }
  return cache.get(cache.key(sha256(bytes), item.display, item.planPath, docKeepKey(item.keepDocs)), bytes);
}

async function runRest(
  items: readonly BatchItem[],
  jobs: number,
  data: BatchData,
  store: (k: number, r: MinifyResult) => void,
  progress: (done: number) => void,
): Promise<number> {
  // Loaded only now: a run answered from the cache never loads the minifier.
  const { minifyFileTask } = await import("./task.js");
  const inline = (item: BatchItem, d: unknown): MinifyResult => minifyFileTask(item, d as BatchData);
  if (!workerBuilt()) jobs = 1;
  if (items.some((i) => i.bytes === undefined)) {
    // Sizes unknown: items in order, the calling thread one of the jobs.
    await runPool(items, jobs, { workerUrl: WORKER_URL, inline, data, chunk: 4, onProgress: progress, onResult: store });
    return Math.max(0, Math.min(jobs, items.length) - 1);
  }
  const threads = batchThreads(items, jobs);
  await runPool(items, Math.max(1, threads), {
    workerUrl: WORKER_URL,
    inline,
    data,
    chunk: CHUNK,
    onProgress: progress,
    onResult: store,
    weights: items.map((i) => i.bytes!),
    callerWorks: threads === 0,
    workerOptions: workerOptions(Math.max(1, threads)),
  });
  return threads;
}
