/**
 * Module facts by file, computed once per content: the file's bytes are hashed (SHA-1) and the
 * facts looked up under `hash` in a cache keyed by tsrs version and target (Python version and
 * platform decide which branches are pruned). The cache is a plain JSON file in a cache folder;
 * facts are a pure function of (bytes, target), so output is the same with or without it.
 *
 * A file that cannot be read, decoded or parsed gives an error record instead of facts.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PythonSyntaxError } from "../python/errors.js";
import { parseSource } from "../python/parser.js";
import { decodeSource } from "../python/source.js";
import { VERSION } from "../version.js";
import { extractModuleFacts, type ModuleFacts } from "./module-facts.js";
import type { StaticTarget } from "./static-condition.js";

export interface FactsError {
  error: string;
  /** 1-based line of a syntax error, 0 otherwise. */
  line: number;
  kind: "read" | "syntax";
}

export type FactsResult = ModuleFacts | FactsError;

export function isFactsError(r: FactsResult): r is FactsError {
  return "error" in r;
}

/** Bump whenever extraction changes what it records (the cache key includes it). */
const CACHE_FORMAT = 4;

export class FactsStore {
  private readonly memo = new Map<string, FactsResult>();
  private cache: Map<string, ModuleFacts> | null = null;
  private dirty = false;
  private readonly cacheFile: string | null;
  /** Counters for `--perf`-style reporting. */
  readonly stats = { parsed: 0, cached: 0, failed: 0, bytes: 0 };

  constructor(
    private readonly target: StaticTarget,
    cacheDir: string | null,
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

  /** Facts of a Python source file (memoised per path for this run). */
  factsOf(file: string): FactsResult {
    const hit = this.memo.get(file);
    if (hit) return hit;
    let result: FactsResult;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (e) {
      result = { error: (e as Error).message, line: 0, kind: "read" };
      this.stats.failed++;
      this.memo.set(file, result);
      return result;
    }
    const hash = createHash("sha1").update(bytes).digest("hex");
    const cache = this.load();
    const cached = cache.get(hash);
    if (cached) {
      this.stats.cached++;
      this.memo.set(file, cached);
      return cached;
    }
    this.stats.bytes += bytes.length;
    try {
      const source = decodeSource(bytes, file);
      const { module } = parseSource(source, { minor: this.target.minor });
      const facts = extractModuleFacts(module, source, this.target);
      this.stats.parsed++;
      cache.set(hash, facts);
      this.dirty = true;
      result = facts;
    } catch (e) {
      this.stats.failed++;
      if (e instanceof PythonSyntaxError) result = { error: e.message, line: e.line, kind: "syntax" };
      else result = { error: (e as Error).message, line: 0, kind: "syntax" };
    }
    this.memo.set(file, result);
    return result;
  }

  /** Writes the cache back if it changed (atomically: temp file, then rename). Errors are ignored. */
  save(): void {
    if (!this.cacheFile || !this.dirty || !this.cache) return;
    try {
      mkdirSync(join(this.cacheFile, ".."), { recursive: true });
      const obj: Record<string, ModuleFacts> = {};
      for (const [k, v] of this.cache) obj[k] = v;
      const tmp = `${this.cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(obj));
      renameSync(tmp, this.cacheFile);
      this.dirty = false;
    } catch {
      /* a cache is an optimisation only */
    }
  }
}
