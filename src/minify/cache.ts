/**
 * The minifier's result cache: a file whose bytes, path and settings were minified before by this
 * very build of tsrs is answered from disk instead of being minified again (black, ruff and mypy keep
 * such caches too). What a fresh process spends is mostly V8 compiling the minifier; a re-run over
 * an unchanged tree then costs reading, hashing and writing.
 *
 * Key: sha256 over a build fingerprint (version + size and mtime of every compiled module the
 * minifier runs), the settings, the names other files import (rename-globals), the paths the result
 * names, and the input's sha256 (the one the result's plan records). Entry: `<dir>/minify-1/<k[0:2]>/<k>`, a JSON header line then the output
 * bytes; the header holds the output's sha256, checked on every read — a damaged or foreign entry is
 * a miss, never a wrong output. Entries are written atomically (temporary file + rename), so
 * concurrent runs are safe; deleting the folder at any time is safe.
 *
 * Not cached: apply-plan runs (the plan is an input), plan-only runs, and results of internal errors
 * (a bug may be fixed by the next build — which changes the fingerprint anyway).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Codes } from "../diagnostics/codes.js";
import { writeFileAtomicSync } from "../files/atomic.js";
import { buildFingerprint } from "../files/fingerprint.js";
import { settingsKey, type MinifySettings } from "./options.js";
import type { MinifyResult } from "./pipeline.js";

const FORMAT = "minify-1";

/** What a cached result keeps besides the output bytes. */
type Stored = Omit<MinifyResult, "output" | "perf"> & { outputSha256: string };

export interface CacheScope {
  settings: MinifySettings;
  /** Names other files of the tree import (rename-globals), or null. */
  externalNames: readonly string[] | null;
  /** Names whose docstrings files of the tree read (minify-dir), or null. */
  docNames?: readonly string[] | null;
  /** Functions of the tree that read their caller's variables (minify-dir), or null. */
  frameReaders?: readonly string[] | null;
}

export interface CacheStats {
  hits: number;
  misses: number;
  writes: number;
  /** Entries found damaged (or unreadable) and ignored. */
  damaged: number;
}

export class MinifyCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, writes: 0, damaged: 0 };
  private readonly base: string;
  private readonly prefix: Buffer;

  constructor(dir: string, scope: CacheScope) {
    this.base = join(dir, FORMAT);
    const names = scope.externalNames ? [...scope.externalNames].sort().join("\0") : "-";
    const docNames = scope.docNames ? scope.docNames.join("\0") : "-";
    const frameReaders = scope.frameReaders ? scope.frameReaders.join("\0") : "-";
    this.prefix = Buffer.from(`${buildFingerprint()}\0${settingsKey(scope.settings)}\0${names}\0${docNames}\0${frameReaders}\0`);
  }

  /** The key of a file: the sha256 (hex) of its bytes, the paths its result names, what the tree reads of its docstrings. */
  key(inputSha256: string, display: string, planPath: string, keepDocs = ""): string {
    return createHash("sha256").update(this.prefix).update(`${display}\0${planPath}\0${inputSha256}\0${keepDocs}`).digest("hex");
  }

  private file(key: string): string {
    return join(this.base, key.slice(0, 2), key);
  }

  /** The cached result, or null (missing, damaged or unreadable). */
  get(key: string, input: Uint8Array): MinifyResult | null {
    let raw: Buffer;
    try {
      raw = readFileSync(this.file(key));
    } catch {
      this.stats.misses++;
      return null;
    }
    try {
      const nl = raw.indexOf(10);
      if (nl < 0) throw new Error("no header");
      const stored = JSON.parse(raw.subarray(0, nl).toString("utf8")) as Stored;
      const body = raw.subarray(nl + 1);
      // Unchanged, bailout and error results carry the input itself: not stored twice.
      const output = stored.status === "minified" ? new Uint8Array(body) : input;
      if (createHash("sha256").update(output).digest("hex") !== stored.outputSha256) throw new Error("output hash");
      const { outputSha256: _, ...rest } = stored;
      this.stats.hits++;
      return { ...rest, output };
    } catch {
      this.stats.damaged++;
      this.stats.misses++;
      return null;
    }
  }

  /** Stores a result (quietly does nothing when it cannot: a cache is never a reason to fail). */
  put(key: string, result: MinifyResult): void {
    if (!cacheable(result)) return;
    const { output, perf: _, ...rest } = result;
    const stored: Stored = { ...rest, outputSha256: createHash("sha256").update(output).digest("hex") };
    const header = Buffer.from(JSON.stringify(stored) + "\n", "utf8");
    if (writeFileAtomicSync(this.file(key), result.status === "minified" ? Buffer.concat([header, output]) : header)) this.stats.writes++;
  }
}

/** Results worth keeping: deterministic ones (not internal errors, not read errors). */
function cacheable(r: MinifyResult): boolean {
  return !r.diagnostics.some((d) => d.code === Codes.InternalError || d.code === Codes.ReadError);
}
