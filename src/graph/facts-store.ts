/**
 * Module facts by file, computed once per content: the file's bytes are hashed (SHA-1) and the
 * facts looked up under `hash` in a cache keyed by tsrs version and target (Python version and
 * platform decide which branches are pruned). The cache is a plain JSON file in a cache folder;
 * facts are a pure function of (bytes, target), so output is the same with or without it.
 *
 * Parsing can run ahead on worker threads: `request(file)` is called when the import graph first
 * meets a module and starts the work; `factsOf(file)` (or `await ready(file)`) collects it. With
 * no workers, everything is computed on the calling thread — same results either way.
 *
 * A file that cannot be read, decoded or parsed gives an error record instead of facts.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { writeFileAtomicSync } from "../files/atomic.js";
import { isStackOverflow, PythonSyntaxError, TOO_DEEP_MESSAGE } from "../python/errors.js";
import { parseSource } from "../python/parser.js";
import { decodeSource } from "../python/source.js";
import { VERSION } from "../version.js";
import { extractModuleFacts, type ModuleFacts } from "./module-facts.js";
import type { StaticTarget } from "./static-condition.js";
import { textualFacts } from "./text-imports.js";

export interface FactsError {
  error: string;
  /** 1-based line of a syntax error, 0 otherwise. */
  line: number;
  kind: "read" | "syntax";
  /** For a file that does not parse: its import lines (text-imports.ts), followed as imports. */
  fallback?: ModuleFacts;
}

export type FactsResult = ModuleFacts | FactsError;

export function isFactsError(r: FactsResult): r is FactsError {
  return "error" in r;
}

/** Bump whenever extraction changes what it records (the cache key includes it). */
const CACHE_FORMAT = 9;

/** Parses and reduces one file's bytes (the pure part, run inline or on a worker). */
export function computeFacts(bytes: Uint8Array, file: string, target: StaticTarget): FactsResult {
  let text: string | null = null;
  try {
    const source = decodeSource(bytes, file);
    text = source.text;
    const { module } = parseSource(source, { minor: target.minor });
    return extractModuleFacts(module, source, target);
  } catch (e) {
    // The decoded text when decoding worked (a latin-1 file's), else the bytes read as UTF-8.
    const fallback = textualFacts(text ?? Buffer.from(bytes).toString("utf8"));
    if (e instanceof PythonSyntaxError) return { error: e.message, line: e.line, kind: "syntax", fallback };
    if (isStackOverflow(e)) return { error: TOO_DEEP_MESSAGE, line: 0, kind: "syntax", fallback };
    return { error: (e as Error).message, line: 0, kind: "syntax", fallback };
  }
}

interface Pending {
  hash: string;
  promise: Promise<FactsResult>;
}

const EXTENDS_PATH_HINT = /extend_path|declare_namespace/;

/** Misses after which worker threads are started (small graphs are not worth their start-up). */
const POOL_AFTER_MISSES = 24;

export class FactsStore {
  private readonly memo = new Map<string, FactsResult>();
  private readonly pending = new Map<string, Pending>();
  private cache: Map<string, ModuleFacts> | null = null;
  private dirty = false;
  private readonly cacheFile: string | null;
  private pool: FactsPool | null = null;
  private misses = 0;
  /** Counters for `--perf`-style reporting. */
  readonly stats = { parsed: 0, cached: 0, failed: 0, bytes: 0 };

  constructor(
    private readonly target: StaticTarget,
    cacheDir: string | null,
    /** Worker threads to parse on (0 or 1: parse on the calling thread). */
    private readonly jobs = 0,
  ) {
    const key = `${VERSION}-${CACHE_FORMAT}-${target.major}.${target.minor}.${target.micro ?? "x"}-${target.sysPlatform}-${target.osName}`;
    this.cacheFile = cacheDir ? join(cacheDir, `module-facts-${key}.json`) : null;
  }

  private load(): Map<string, ModuleFacts> {
    if (this.cache) return this.cache;
    this.cache = new Map();
    if (!this.cacheFile) return this.cache;
    try {
      const data = JSON.parse(readFileSync(this.cacheFile, "utf8")) as Record<string, ModuleFacts>;
      for (const [k, v] of Object.entries(data)) this.cache.set(k, v);
    } catch {
      /* no cache yet, or unreadable: start empty */
    }
    return this.cache;
  }

  /** Reads and hashes a file; answers from the memo or cache when possible. */
  private lookup(file: string): { result: FactsResult } | { bytes: Buffer; hash: string } {
    const hit = this.memo.get(file);
    if (hit) return { result: hit };
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      const result: FactsError = { error: (e as Error).message, line: 0, kind: "read" };
      this.stats.failed++;
      this.memo.set(file, result);
      return { result };
    }
    const hash = createHash("sha1").update(bytes).digest("hex");
    const cached = this.load().get(hash);
    if (cached) {
      this.stats.cached++;
      this.memo.set(file, cached);
      return { result: cached };
    }
    return { bytes, hash };
  }

  private record(file: string, hash: string, bytes: number, result: FactsResult): FactsResult {
    this.memo.set(file, result);
    this.stats.bytes += bytes;
    if ("error" in result) this.stats.failed++;
    else {
      this.stats.parsed++;
      this.load().set(hash, result);
      this.dirty = true;
    }
    return result;
  }

  /**
   * Starts computing a file's facts if they are not known (on a worker when the pool runs).
   * A package `__init__` that may extend its `__path__` is computed inline: resolution of its
   * sub-modules depends on it.
   */
  request(file: string, packageInit = false): void {
    if (this.memo.has(file) || this.pending.has(file)) return;
    const l = this.lookup(file);
    if ("result" in l) return;
    this.misses++;
    const urgent = packageInit && EXTENDS_PATH_HINT.test(l.bytes.toString("latin1"));
    if (!urgent && this.jobs > 1 && this.misses > POOL_AFTER_MISSES) {
      this.pool ??= new FactsPool(this.jobs, this.target);
      const size = l.bytes.length;
      const promise = this.pool.run(file, l.bytes).then((r) => this.record(file, l.hash, size, r));
      this.pending.set(file, { hash: l.hash, promise });
      return;
    }
    this.record(file, l.hash, l.bytes.length, computeFacts(l.bytes, file, this.target));
  }

  /** Facts already known for a file (without computing anything). */
  peek(file: string): FactsResult | undefined {
    return this.memo.get(file);
  }

  /** Facts of a file, waiting for a worker if one is computing them. */
  async ready(file: string): Promise<FactsResult> {
    const p = this.pending.get(file);
    if (p) {
      const r = await p.promise;
      this.pending.delete(file);
      return r;
    }
    return this.factsOf(file);
  }

  /** Facts of a file, now (computed inline unless already known; a pending one is recomputed). */
  factsOf(file: string): FactsResult {
    const hit = this.memo.get(file);
    if (hit) return hit;
    this.pending.delete(file);
    const l = this.lookup(file);
    if ("result" in l) return l.result;
    return this.record(file, l.hash, l.bytes.length, computeFacts(l.bytes, file, this.target));
  }

  /** Stops the worker threads (if any). */
  async close(): Promise<void> {
    await Promise.all([...this.pending.values()].map((p) => p.promise.catch(() => undefined)));
    this.pending.clear();
    await this.pool?.close();
    this.pool = null;
  }

  /** Writes the cache back if it changed (atomically: temp file, then rename). Errors are ignored. */
  save(): void {
    if (!this.cacheFile || !this.dirty || !this.cache) return;
    const obj: Record<string, ModuleFacts> = {};
    for (const [k, v] of this.cache) obj[k] = v;
    if (writeFileAtomicSync(this.cacheFile, JSON.stringify(obj))) this.dirty = false;
  }
}

interface Job {
  id: number;
  file: string;
  bytes: Uint8Array;
  resolve: (r: FactsResult) => void;
  reject: (e: Error) => void;
}

/** Persistent worker threads computing facts; each takes the next job when it finishes one. */
class FactsPool {
  private readonly workers: { worker: Worker; busy: Job | null }[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;

  constructor(jobs: number, target: StaticTarget) {
    for (let i = 0; i < jobs; i++) {
      const worker = new Worker(new URL("./facts-worker.js", import.meta.url), { workerData: target });
      const slot = { worker, busy: null as Job | null };
      worker.on("message", (msg: { id: number; result: FactsResult }) => {
        const job = slot.busy!;
        slot.busy = null;
        job.resolve(msg.result);
        this.pump();
      });
      worker.on("error", (e) => {
        slot.busy?.reject(e);
        slot.busy = null;
      });
      this.workers.push(slot);
    }
  }

  run(file: string, bytes: Uint8Array): Promise<FactsResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, file, bytes, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.workers) {
      if (slot.busy || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.busy = job;
      slot.worker.postMessage({ id: job.id, file: job.file, bytes: job.bytes });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
