/**
 * What the files of a tree read of each other, gathered before minify-dir minifies them — facts a
 * file alone cannot show:
 *  - docstrings read by name or used as strings (doc-reads.ts): which ones each file keeps — a
 *    package whose code uses docstrings it cannot name as strings keeps its own, and the files
 *    of other packages that import it keep theirs (plugins whose docstrings a framework reads;
 *    import lines are found in the same read);
 *  - functions that read their caller's variables through its frame (`f_back.f_locals`,
 *    semantic/frame-readers.ts): a call to one of them, in any file, keeps the calling scope's
 *    names.
 * One pass reads every file; only files that spell `__doc__` or `f_locals` (or may, in non-ASCII
 * text: NFKC makes other spellings the same identifier) are parsed. With a cache folder, what a
 * parsed file reads is kept there (`<dir>/scan-1/<k[0:2]>/<k>`, keyed by the build fingerprint, the
 * options and the file's bytes), so a re-run over an unchanged tree parses nothing.
 */
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { writeFileAtomicSync } from "../files/atomic.js";
import { importedTops } from "../graph/text-imports.js";
import { parseSource } from "../python/parser.js";
import { decodeSource, type SourceFile } from "../python/source.js";
import { frameReadersOf } from "../semantic/frame-readers.js";
import { buildFingerprint } from "./cache.js";
import { docReadsOf, type DocKeepFlags } from "./doc-reads.js";

export interface TreeReads {
  /** Names whose docstring some file reads (sorted; `BatchData.docNames`). */
  docNames: string[];
  /** Per file, in input order: which of its docstrings the rest of the tree reads (`BatchItem.keepDocs`). */
  keepDocs: DocKeepFlags[];
  /** Functions of the tree that read their caller's variables (sorted; `BatchData.frameReaders`). */
  frameReaders: string[];
}

export interface TreeReadsOptions {
  /** Python minor version to parse with. */
  minor: number;
  /** Collect docstring reads (off when docstrings are kept anyway). */
  docs: boolean;
  /** Collect caller-frame readers (off when no names are renamed). */
  frames: boolean;
  /** Folder of the result cache: what parsed files read is kept there too; null/absent: none. */
  cacheDir?: string | null;
}

/** What one parsed file reads (the part of a scan that needs its tree). */
interface FileReads {
  docNames: string[];
  unknownAsString: boolean;
  classesAsString: boolean;
  frameReaders: string[];
}

const SCAN_FORMAT = "scan-1";

function isFileReads(x: unknown): x is FileReads {
  const r = x as FileReads;
  const strings = (a: unknown): boolean => Array.isArray(a) && a.every((n) => typeof n === "string");
  return typeof r === "object" && r !== null && strings(r.docNames) && strings(r.frameReaders) && typeof r.unknownAsString === "boolean" && typeof r.classesAsString === "boolean";
}

/** Per-file scan results on disk; a damaged or unreadable entry is a miss, a failed write is ignored. */
class ScanCache {
  private readonly base: string;
  private readonly prefix: string;

  constructor(dir: string, options: TreeReadsOptions) {
    this.base = join(dir, SCAN_FORMAT);
    this.prefix = `${buildFingerprint()}\0${options.minor}\0${options.docs ? 1 : 0}${options.frames ? 1 : 0}\0`;
  }

  file(bytes: Uint8Array): string {
    const key = createHash("sha256").update(this.prefix).update(bytes).digest("hex");
    return join(this.base, key.slice(0, 2), key);
  }

  get(file: string): FileReads | null {
    try {
      const value: unknown = JSON.parse(readFileSync(file, "utf8"));
      return isFileReads(value) ? value : null;
    } catch {
      return null;
    }
  }

  put(file: string, reads: FileReads): void {
    writeFileAtomicSync(file, JSON.stringify(reads));
  }
}

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

/**
 * Scans the files of a tree (`rel`: path relative to `root`, with `/`). A file's package — the
 * unit whose files share docstring reads — is the first folder below `root`, or all of `root`
 * when it is a package itself. Modules directly in `root` form one unit (a flat project's
 * modules use each other), except in a folder of installed libraries (site-packages, a standard
 * library: distribution metadata or `os.py` beside them), where each is a library of its own.
 * Unreadable or unparsable files are skipped (the minifier reports them).
 */
export function treeReads(root: string, files: ReadonlyArray<{ path: string; rel: string }>, options: TreeReadsOptions): TreeReads {
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
  const cache = options.cacheDir ? new ScanCache(options.cacheDir, options) : null;
  /** Per file (with `docs`): the top-level modules it imports, for the spread of docstring reads below. */
  const imports: string[][] = files.map(() => []);
  files.forEach((file, i) => {
    try {
      const bytes = readFileSync(file.path);
      if (options.docs) imports[i] = importedTops(bytes);
      const docs = options.docs && bytes.includes(DOC);
      const frames = options.frames && bytes.includes(LOCALS);
      let source: SourceFile | null = null;
      if (!docs && !frames) {
        if (isAscii(bytes) || !(options.docs || options.frames)) return;
        // Non-ASCII text may spell the names another way (NFKC).
        source = decodeSource(bytes, file.path);
        if (!(options.docs && source.mayHoldName("__doc__")) && !(options.frames && source.mayHoldName("f_locals"))) return;
      }
      const entry = cache ? cache.file(bytes) : null;
      let reads = entry ? cache!.get(entry) : null;
      if (!reads) {
        source ??= decodeSource(bytes, file.path);
        const module = parseSource(source, { minor: options.minor }).module;
        const doc = options.docs ? docReadsOf(module) : null;
        reads = {
          docNames: doc ? [...doc.names].sort() : [],
          unknownAsString: doc?.unknownAsString ?? false,
          classesAsString: doc?.classesAsString ?? false,
          frameReaders: options.frames ? [...frameReadersOf(module, source)].sort() : [],
        };
        if (entry) cache!.put(entry, reads);
      }
      for (const n of reads.docNames) docNames.add(n);
      if (reads.unknownAsString) keepAll.add(units[i]!);
      if (reads.classesAsString) keepClasses.add(units[i]!);
      for (const n of reads.frameReaders) frameReaders.add(n);
    } catch {
      // reported when the file itself is minified
    }
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
    const importsOneOf = (readers: ReadonlySet<string>): boolean => !keepAll.has(unit) && imports[i]!.some((u) => u !== unit && readers.has(u));
    return {
      all: keepAll.has(unit) || importsOneOf(keepAll),
      classes: keepClasses.has(unit) || importsOneOf(keepClasses),
      module: docNames.has(name),
    };
  });
  return { docNames: [...docNames].sort(), keepDocs, frameReaders: [...frameReaders].sort() };
}
