/**
 * Call-graph facts per file, computed once per content: bytes are hashed (SHA-1) and the facts
 * looked up in a JSON cache keyed by tsrs version, format, target Python and the file's module
 * name (relative imports depend on it). Facts are a pure function of those, so output is the same
 * with or without the cache.
 *
 * A file that cannot be read gives an error; one that does not parse (or that CPython would not
 * compile) gives "unparsed" facts that keep every identifier in it as a use, plus the error.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomicSync } from "../../files/atomic.js";
import { buildFingerprint } from "../../files/fingerprint.js";
import { runPool } from "../../parallel/pool.js";
import { isStackOverflow, PythonSyntaxError, TOO_DEEP_MESSAGE } from "../../python/errors.js";
import { parseSource } from "../../python/parser.js";
import { decodeSource } from "../../python/source.js";
import { buildSemanticModel } from "../../semantic/index.js";
import { VERSION } from "../../version.js";
import { extractFileFacts, unparsedFileFacts, type FileFacts } from "./facts.js";

/** Bump whenever extraction changes what it records. */
const FORMAT = 11;
/** Name prefix of the facts cache folders (and of the one-file caches of earlier versions). */
const PREFIX = "callgraph-facts-";

export interface LoadedFacts {
  facts: FileFacts | null;
  /** Why the file was not (fully) analysed. */
  error: { kind: "read" | "syntax" | "too-deep"; message: string; line: number; col: number } | null;
  bytes: number;
  cached: boolean;
}

export interface FactsInput {
  path: string;
  module: string;
  isPackage: boolean;
}

/** Computes the facts of one file (no cache). */
export function computeFacts(bytes: Uint8Array, input: FactsInput, minor: number): Omit<LoadedFacts, "cached" | "bytes"> {
  let text = "";
  try {
    const source = decodeSource(bytes, input.path);
    text = source.text;
    const { module, comments } = parseSource(source, { minor });
    const model = buildSemanticModel(module, source, { minor });
    return { facts: extractFileFacts(model, source, { module: input.module, isPackage: input.isPackage, comments }), error: null };
  } catch (e) {
    // A file nested deeper than this thread's stack is treated like one that does not parse: every
    // name its text spells counts as used (nothing it may use is reported dead).
    const deep = isStackOverflow(e);
    if (!(e instanceof PythonSyntaxError) && !deep) throw e;
    if (!text) text = Buffer.from(bytes).toString("latin1");
    return {
      facts: unparsedFileFacts(text, { module: input.module, isPackage: input.isPackage }),
      error: deep
        ? { kind: "too-deep", message: TOO_DEEP_MESSAGE, line: 0, col: 0 }
        : { kind: "syntax", message: (e as PythonSyntaxError).message, line: (e as PythonSyntaxError).line, col: (e as PythonSyntaxError).col },
    };
  }
}

/**
 * The facts cache: one small JSON file per entry, `<cacheDir>/callgraph-facts-<version>-<format>-3.<minor>/<h[0:2]>/<h>`
 * (h: the SHA-1 of the build's fingerprint and the key), so a run reads only the entries of its own files — a single file for
 * every entry ever made grew to tens of MB and cost half a second to load for a run on eight files.
 * New entries are written at `save()`; the one-file caches of earlier versions are removed then
 * (also after a run that found everything in the cache).
 */
export class CallgraphFactsCache {
  private readonly dir: string | null;
  private readonly pending = new Map<string, FileFacts>();
  readonly stats = { parsed: 0, cached: 0, failed: 0, bytes: 0 };

  constructor(cacheDir: string | null, minor: number) {
    this.dir = cacheDir ? join(cacheDir, `${PREFIX}${VERSION}-${FORMAT}-3.${minor}`) : null;
  }

  static key(bytes: Uint8Array, input: FactsInput): string {
    return createHash("sha1").update(bytes).digest("hex") + `:${input.module}:${input.isPackage ? 1 : 0}`;
  }

  private pathOf(key: string): string {
    // The build's fingerprint too: facts of an older analyser are never served.
    const h = createHash("sha1").update(buildFingerprint()).update("\0").update(key).digest("hex");
    return join(this.dir!, h.slice(0, 2), h);
  }

  get(key: string): FileFacts | undefined {
    if (!this.dir) return undefined;
    const pending = this.pending.get(key);
    if (pending) return pending;
    try {
      return JSON.parse(readFileSync(this.pathOf(key), "utf8")) as FileFacts;
    } catch {
      return undefined; // no entry yet, or a damaged one: computed again
    }
  }

  set(key: string, facts: FileFacts): void {
    if (this.dir) this.pending.set(key, facts);
  }

  /** Writes the new entries (each temp file + rename); errors are ignored. */
  save(): void {
    if (!this.dir) return;
    for (const [key, facts] of this.pending) writeFileAtomicSync(this.pathOf(key), JSON.stringify(facts));
    this.pending.clear();
    this.removeStale();
  }

  /** Removes the one-file caches of earlier versions (other versions' folders stay: they may be in use). */
  private removeStale(): void {
    const root = dirname(this.dir!);
    let names: string[];
    try {
      names = readdirSync(root);
    } catch {
      return;
    }
    for (const n of names) if (n.startsWith(PREFIX) && n.endsWith(".json")) rmSync(join(root, n), { force: true });
  }
}

/** Reads and analyses one file, through the cache when given. */
export function loadFacts(input: FactsInput, minor: number, cache: CallgraphFactsCache | null): LoadedFacts {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(input.path);
  } catch (e) {
    return { facts: null, error: { kind: "read", message: (e as Error).message, line: 0, col: 0 }, bytes: 0, cached: false };
  }
  const key = cache ? CallgraphFactsCache.key(bytes, input) : "";
  const hit = cache?.get(key);
  if (hit) {
    cache!.stats.cached++;
    return { facts: hit, error: null, bytes: bytes.length, cached: true };
  }
  const r = computeFacts(bytes, input, minor);
  if (cache) {
    if (r.error) cache.stats.failed++;
    else {
      cache.stats.parsed++;
      cache.stats.bytes += bytes.length;
      if (r.facts) cache.set(key, r.facts);
    }
  }
  return { ...r, bytes: bytes.length, cached: false };
}

/**
 * Facts for many files: cached ones from the cache, the others computed — on `jobs` worker
 * threads when there are enough of them (results in input order, identical with any `jobs`).
 */
export async function loadAllFacts(inputs: readonly FactsInput[], minor: number, cache: CallgraphFactsCache | null, jobs: number): Promise<LoadedFacts[]> {
  const out: (LoadedFacts | undefined)[] = new Array(inputs.length);
  const todo: number[] = [];
  const keys: string[] = new Array(inputs.length).fill("");
  inputs.forEach((input, i) => {
    if (!cache) {
      todo.push(i);
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(input.path);
    } catch {
      todo.push(i);
      return;
    }
    keys[i] = CallgraphFactsCache.key(bytes, input);
    const hit = cache.get(keys[i]!);
    if (hit) {
      cache.stats.cached++;
      out[i] = { facts: hit, error: null, bytes: bytes.length, cached: true };
    } else todo.push(i);
  });
  const workerUrl = new URL("./facts-worker.js", import.meta.url);
  const parallel = jobs > 1 && todo.length >= 64 && existsSync(fileURLToPath(workerUrl));
  const computed = parallel
    ? await runPool(todo.map((i) => inputs[i]!), jobs, { workerUrl, inline: (item, data) => loadFacts(item as FactsInput, (data as { minor: number }).minor, null), data: { minor }, chunk: 8 })
    : todo.map((i) => loadFacts(inputs[i]!, minor, null));
  todo.forEach((i, k) => {
    const r = computed[k]!;
    out[i] = r;
    if (cache) {
      if (r.error) cache.stats.failed++;
      else if (r.facts) {
        cache.stats.parsed++;
        cache.stats.bytes += r.bytes;
        if (keys[i]) cache.set(keys[i]!, r.facts);
      }
    }
  });
  return out as LoadedFacts[];
}
