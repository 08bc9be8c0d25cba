/**
 * What the files of a tree read of each other, gathered before minify-dir minifies them — facts a
 * file alone cannot show:
 *  - docstrings read by name or used as strings (doc-reads.ts): which ones each file keeps — a
 *    package whose code uses docstrings it cannot name as strings keeps its own, and the files
 *    of other packages that import it keep theirs (plugins whose docstrings a framework reads;
 *    import lines are found in the same read);
 *  - functions that read their caller's variables through its frame (`f_back.f_locals`,
 *    semantic/frame-readers.ts): a call to one of them, in any file, keeps the calling scope's
 *    names;
 *  - for renameGlobals, the names any file may reach other modules' globals by (external-names.ts).
 * One pass reads every file; only files that spell `__doc__` or `f_locals` (or may, in non-ASCII
 * text: NFKC makes other spellings the same identifier) are parsed — every file for external names.
 * The parses are jobs (`FactsJob`) that batch.ts hands to its worker threads when the tree is big,
 * so they run in parallel and warm the threads up for the minification that follows. With a cache
 * folder, what a parsed file reads is kept there (`<dir>/scan-2/<k[0:2]>/<k>`, keyed by the build
 * fingerprint, the Python version, what was asked and the file's bytes), so a re-run over an
 * unchanged tree parses nothing.
 */
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { writeFileAtomicSync } from "../files/atomic.js";
import { importedTops } from "../graph/text-imports.js";
import { isStackOverflow } from "../python/errors.js";
import { parseSource } from "../python/parser.js";
import { decodeSource } from "../python/source.js";
import { frameReadersOf } from "../semantic/frame-readers.js";
import { buildFingerprint } from "../files/fingerprint.js";
import { docReadsOf, type DocKeepFlags } from "./doc-reads.js";
import { externalNamesOf } from "./external-names.js";

export interface TreeReads {
  /** Names whose docstring some file reads (sorted; `BatchData.docNames`). */
  docNames: string[];
  /** Per file, in input order: which of its docstrings the rest of the tree reads (`BatchItem.keepDocs`). */
  keepDocs: DocKeepFlags[];
  /** Functions of the tree that read their caller's variables (sorted; `BatchData.frameReaders`). */
  frameReaders: string[];
}

/** All a tree scan finds. */
export interface TreeFacts {
  /** Names some file of the tree may reach other modules' globals by (sorted), or null when not collected. */
  externalNames: string[] | null;
  /** Docstring and frame reads, or null when neither was collected. */
  reads: TreeReads | null;
}

export interface TreeReadsOptions {
  /** Python minor version to parse with. */
  minor: number;
  /** Collect docstring reads (off when docstrings are kept anyway). */
  docs: boolean;
  /** Collect caller-frame readers (off when no names are renamed). */
  frames: boolean;
  /** Collect the names files may reach other modules' globals by (external-names.ts; for renameGlobals). */
  external?: boolean;
  /** Folder of the result cache: what parsed files read is kept there too; null/absent: none. */
  cacheDir?: string | null;
}

/**
 * A file the scan must parse, and what for — a message to a worker thread (batch.ts) or run on
 * the calling thread: `parseFacts` reads it again and stores what it finds in the cache.
 */
export interface FactsJob {
  kind: "facts";
  path: string;
  minor: number;
  docs: boolean;
  frames: boolean;
  external: boolean;
  /** Cache folder and key prefix (computed by the calling thread), or null. */
  cache: { base: string; prefix: string } | null;
}

/** What one parsed file reads (the part of a scan that needs its tree). */
export interface FileFacts {
  docNames: string[];
  unknownAsString: boolean;
  classesAsString: boolean;
  frameReaders: string[];
  /** Imported names and attribute names (with `external`), sorted. */
  externalNames: string[];
}

const SCAN_FORMAT = "scan-2";

function isFileFacts(x: unknown): x is FileFacts {
  const r = x as FileFacts;
  const strings = (a: unknown): boolean => Array.isArray(a) && a.every((n) => typeof n === "string");
  return (
    typeof r === "object" &&
    r !== null &&
    strings(r.docNames) &&
    strings(r.frameReaders) &&
    strings(r.externalNames) &&
    typeof r.unknownAsString === "boolean" &&
    typeof r.classesAsString === "boolean"
  );
}

/** The cache entry of a file's facts; a damaged or unreadable entry is a miss, a failed write is ignored. */
function entryOf(cache: { base: string; prefix: string }, job: Pick<FactsJob, "docs" | "frames" | "external">, bytes: Uint8Array): string {
  const key = createHash("sha256")
    .update(`${cache.prefix}${job.docs ? 1 : 0}${job.frames ? 1 : 0}${job.external ? 1 : 0}\0`)
    .update(bytes)
    .digest("hex");
  return join(cache.base, key.slice(0, 2), key);
}

function cached(entry: string): FileFacts | null {
  try {
    const value: unknown = JSON.parse(readFileSync(entry, "utf8"));
    return isFileFacts(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Parses a file the scan needs the tree of; null when it cannot be read or parsed (the minifier
 * reports it), TOO_DEEP when the thread's stack is too small for it (batch.ts tries again on a
 * thread with a large one).
 */
export function parseFacts(job: FactsJob): FileFacts | typeof TOO_DEEP | null {
  try {
    const bytes = readFileSync(job.path);
    const source = decodeSource(bytes, job.path);
    const module = parseSource(source, { minor: job.minor }).module;
    const doc = job.docs ? docReadsOf(module) : null;
    const external = new Set<string>();
    if (job.external) externalNamesOf(module, external);
    const facts: FileFacts = {
      docNames: doc ? [...doc.names].sort() : [],
      unknownAsString: doc?.unknownAsString ?? false,
      classesAsString: doc?.classesAsString ?? false,
      frameReaders: job.frames ? [...frameReadersOf(module, source)].sort() : [],
      externalNames: [...external].sort(),
    };
    if (job.cache) writeFileAtomicSync(entryOf(job.cache, job, bytes), JSON.stringify(facts));
    return facts;
  } catch (e) {
    return isStackOverflow(e) ? TOO_DEEP : null;
  }
}

/** `parseFacts`'s answer for a file nested deeper than the thread's stack allows. */
export const TOO_DEEP = "too-deep";

const DOC = Buffer.from("__doc__");
const LOCALS = Buffer.from("f_locals");

/** Whether `root` holds installed libraries: distribution metadata (site-packages) or `os.py` (a standard library). */
function isLibraryFolder(root: string): boolean {
  if (existsSync(join(root, "os.py"))) return true;
  try {
    return readdirSync(root).some((n) => n.endsWith(".dist-info") || n.endsWith(".egg-info"));
  } catch {
    return false;
  }
}

/** A file of the tree: minified (its reads are collected) or only a reader of the others' names. */
interface ScanFile {
  path: string;
  rel: string;
}

/**
 * A scan of the files of a tree (`rel`: path relative to `root`, with `/`), in three steps:
 * `pending()` reads every file and answers from its text and the cache what it can, returning the
 * files still to parse; `parseFacts` parses those (on worker threads or here); `accept()` takes each
 * answer; `result()` combines them. `readers`: Python files of the tree that are not minified
 * (excluded tests, say): they still import and read the minified modules' names, so they count for
 * `external` only.
 *
 * A file's package — the unit whose files share docstring reads — is the first folder below
 * `root`, or all of `root` when it is a package itself. Modules directly in `root` form one unit (a
 * flat project's modules use each other), except in a folder of installed libraries
 * (site-packages, a standard library: distribution metadata or `os.py` beside them), where each is
 * a library of its own. Unreadable or unparsable files are skipped (the minifier reports them).
 */
export class TreeScan {
  private readonly all: ScanFile[];
  private readonly facts: Array<FileFacts | null>;
  /** Per minified file (with `docs`): the top-level modules it imports, for the spread of docstring reads. */
  private readonly imports: string[][];
  private readonly cache: { base: string; prefix: string } | null;

  constructor(
    private readonly root: string,
    private readonly files: readonly ScanFile[],
    readers: readonly ScanFile[],
    private readonly options: TreeReadsOptions,
  ) {
    this.all = options.external ? [...files, ...readers] : [...files];
    this.facts = this.all.map(() => null);
    this.imports = files.map(() => []);
    this.cache = options.cacheDir ? { base: join(options.cacheDir, SCAN_FORMAT), prefix: `${buildFingerprint()}\0${options.minor}\0` } : null;
    // The previous format's entries are never read again.
    if (options.cacheDir) {
      try {
        rmSync(join(options.cacheDir, "scan-1"), { recursive: true, force: true });
      } catch {
        // left for another run
      }
    }
  }

  /** Whether the scan collects anything at all. */
  get active(): boolean {
    return this.options.docs || this.options.frames || this.options.external === true;
  }

  /** Reads every file; returns the parses still needed, each with its index for `accept` and its size. */
  pending(): Array<{ index: number; job: FactsJob; bytes: number }> {
    const out: Array<{ index: number; job: FactsJob; bytes: number }> = [];
    const { docs, frames, minor } = this.options;
    const external = this.options.external === true;
    if (!this.active) return out;
    this.all.forEach((file, i) => {
      const minified = i < this.files.length;
      let bytes: Buffer;
      try {
        bytes = readFileSync(file.path);
      } catch {
        return; // reported when the file itself is minified
      }
      if (minified && docs) this.imports[i] = importedTops(bytes);
      let wantDocs = minified && docs && bytes.includes(DOC);
      let wantFrames = minified && frames && bytes.includes(LOCALS);
      if (minified && !wantDocs && !wantFrames && !isAscii(bytes) && (docs || frames)) {
        // Non-ASCII text may spell the names another way (NFKC).
        try {
          const source = decodeSource(bytes, file.path);
          wantDocs = docs && source.mayHoldName("__doc__");
          wantFrames = frames && source.mayHoldName("f_locals");
        } catch {
          return;
        }
      }
      if (!wantDocs && !wantFrames && !external) return;
      const job: FactsJob = { kind: "facts", path: file.path, minor, docs: wantDocs, frames: wantFrames, external, cache: this.cache };
      const hit = this.cache ? cached(entryOf(this.cache, job, bytes)) : null;
      if (hit) this.facts[i] = hit;
      else out.push({ index: i, job, bytes: bytes.length });
    });
    return out;
  }

  /** What `parseFacts` answered for a pending file (TOO_DEEP: nothing known). */
  accept(index: number, facts: FileFacts | typeof TOO_DEEP | null): void {
    this.facts[index] = facts === TOO_DEEP ? null : facts;
  }

  /** Whether docstring reads are collected (`BatchData.docNames`, `BatchItem.keepDocs`). */
  get docs(): boolean {
    return this.options.docs;
  }

  result(): TreeFacts {
    const external = new Set<string>();
    for (const f of this.facts) if (f) for (const n of f.externalNames) external.add(n);
    return {
      externalNames: this.options.external ? [...external].sort() : null,
      reads: this.options.docs || this.options.frames ? this.reads() : null,
    };
  }

  private reads(): TreeReads {
    const { root, files } = this;
    const rootIsPackage = existsSync(join(root, "__init__.py"));
    const libraries = !rootIsPackage && isLibraryFolder(root);
    const units = files.map((f) => {
      if (rootIsPackage) return "";
      const slash = f.rel.indexOf("/");
      if (slash >= 0) return f.rel.slice(0, slash);
      return libraries ? f.rel.replace(/\.pyi?$/, "") : "";
    });
    const docNames = new Set<string>();
    const keepAll = new Set<string>();
    const keepClasses = new Set<string>();
    const frameReaders = new Set<string>();
    files.forEach((_, i) => {
      const reads = this.facts[i];
      if (!reads) return;
      for (const n of reads.docNames) docNames.add(n);
      if (reads.unknownAsString) keepAll.add(units[i]!);
      if (reads.classesAsString) keepClasses.add(units[i]!);
      for (const n of reads.frameReaders) frameReaders.add(n);
    });
    // A package that uses docstrings it cannot name as strings reads them of whatever is handed to
    // it: of the classes and functions of the packages that import it, too (gcloud's calliope reads
    // the docstrings of surface/'s command classes as their help; they subclass bases from all over
    // googlecloudsdk, so any import of the package counts).
    const keepDocs = files.map((f, i) => {
      const parts = f.rel.split("/");
      const file = parts[parts.length - 1]!;
      const name = file === "__init__.py" ? (parts.length > 1 ? parts[parts.length - 2]! : basename(root)) : file.replace(/\.pyi?$/, "");
      const unit = units[i]!;
      /** Whether the file imports another package of `readers` (its own keeps its docstrings anyway). */
      const importsOneOf = (readers: ReadonlySet<string>): boolean => !keepAll.has(unit) && this.imports[i]!.some((u) => u !== unit && readers.has(u));
      return {
        all: keepAll.has(unit) || importsOneOf(keepAll),
        classes: keepClasses.has(unit) || importsOneOf(keepClasses),
        module: docNames.has(name),
      };
    });
    return { docNames: [...docNames].sort(), keepDocs, frameReaders: [...frameReaders].sort() };
  }
}

/** A whole scan on the calling thread. */
export function scanTree(root: string, files: readonly ScanFile[], readers: readonly ScanFile[], options: TreeReadsOptions): TreeFacts {
  const scan = new TreeScan(root, files, readers, options);
  for (const { index, job } of scan.pending()) scan.accept(index, parseFacts(job));
  return scan.result();
}

/** The docstring and frame reads of a tree's files (no external names), on the calling thread. */
export function treeReads(root: string, files: readonly ScanFile[], options: TreeReadsOptions): TreeReads {
  const reads = scanTree(root, files, [], { ...options, external: false }).reads;
  return reads ?? { docNames: [], keepDocs: files.map(() => ({ all: false, classes: false, module: false })), frameReaders: [] };
}
