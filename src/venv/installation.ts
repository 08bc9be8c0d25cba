/**
 * What is installed in an environment: its distributions (`*.dist-info`, `*.egg-info` folders and
 * files), which files each owns, its `.pth` files, and the module search path they make.
 *
 * File ownership is built in layers, because file lists lie:
 * 1. the distribution's own list (RECORD, installed-files.txt, SOURCES.txt), existing files only
 *    (listed-but-missing files are reported as a stale list);
 * 2. with no list at all (Debian-built packages, distutils egg-info files), the files under the
 *    distribution's import names (top_level.txt, else names guessed from the distribution name);
 * 3. files nobody lists (byte code compiled later, files added after install) go to the owner of
 *    the nearest enclosing folder that exactly one distribution owns; a top-level `__pycache__`
 *    entry goes to the owner of the module it caches;
 * 4. what is left becomes one "unowned" pseudo-distribution per top-level entry, so every file of
 *    a site folder belongs to something and slimming can decide about it.
 *
 * Distribution ids are indices into `dists`, sorted by kind (real first), normalised name, version
 * and path, so that every report is deterministic.
 */
import { lstatSync, readdirSync, readFileSync, type Dirent } from "node:fs";
import { basename, isAbsolute, join, posix, relative, resolve, sep } from "node:path";
import { Codes } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Environment } from "./environment.js";
import {
  header,
  headers,
  parseCoreMetadata,
  parseDirectUrl,
  parseEntryPoints,
  parseLines,
  parseRequiresTxt,
  type DirectUrl,
  type EntryPoint,
} from "./metadata.js";
import { canonicalName, isModuleName, splitMetadataDirName } from "./names.js";
import { parsePth, type PthFile } from "./pth.js";
import { parseRecord, type RecordEntry } from "./record.js";
import { parseRequirement, RequirementSyntaxError, type Requirement } from "./requirement.js";

export type DistKind = "dist-info" | "egg-info" | "egg-info-file" | "unowned";
export type FileListSource = "RECORD" | "installed-files.txt" | "SOURCES.txt" | "derived" | "entry";

export interface Distribution {
  id: number;
  /** Name as the metadata spells it (for unowned entries: the entry's file name). */
  name: string;
  /** PEP 503 normalised name (for unowned entries: `unowned:<entry>`). */
  key: string;
  version: string;
  kind: DistKind;
  /** The site folder it is installed in (absolute). */
  siteDir: string;
  /** The metadata folder or file (absolute); for unowned entries the entry itself. */
  metaPath: string;
  fileList: FileListSource;
  /** RECORD rows as read (dist-info only), for rewriting. */
  record: RecordEntry[] | null;
  /** Absolute paths of the files it owns (regular files and symbolic links), sorted. */
  files: string[];
  /** Listed files that are not on disk (as listed). */
  missingFiles: string[];
  /** Sum of the sizes of `files` (bytes, as on disk). */
  size: number;
  /** Top-level import names it provides (`yaml`, `PIL`; `ns.part` for a namespace portion), sorted. */
  importNames: string[];
  /** Names from top_level.txt (empty when absent). */
  topLevel: string[];
  requires: Requirement[];
  requiresPython: string | null;
  providesExtra: string[];
  summary: string | null;
  entryPoints: EntryPoint[];
  direct: DirectUrl | null;
  /** Installed in editable (development) mode: its code lives outside the site folder. */
  editable: boolean;
  installer: string | null;
  /** Ships compiled code: extension modules, shared libraries, an auditwheel `<name>.libs` folder. */
  native: boolean;
  /** Indices into `Installation.pth` of the `.pth` files it owns. */
  pth: number[];
  /** Ids of other distributions with the same normalised name (a broken upgrade, two site folders). */
  duplicates: number[];
}

export interface SearchEntry {
  dir: string;
  kind: "site" | "pth" | "system";
  /** The `.pth` file that added it (index into `Installation.pth`), or -1. */
  pth: number;
}

export interface Installation {
  env: Environment;
  dists: Distribution[];
  pth: PthFile[];
  /** Owner ids of each `.pth` file (parallel to `pth`). */
  pthOwners: number[][];
  /** Absolute file path → ids of the distributions that own it. */
  owners: Map<string, number[]>;
  /** Absolute file path → size in bytes, for every file under the site folders and every owned file. */
  sizes: Map<string, number>;
  /** `sys.path` after the standard library: site folders and the folders `.pth` files add. */
  searchPath: SearchEntry[];
  problems: Diagnostic[];
}

const NATIVE = /\.(so|pyd|dylib|dll)(\.[\w.]+)?$/;
/** Distribution names whose import name is not derivable from the name itself. */
const KNOWN_IMPORT_NAMES: Record<string, string[]> = {
  pyyaml: ["yaml", "_yaml"],
  pillow: ["PIL"],
  "python-dateutil": ["dateutil"],
  beautifulsoup4: ["bs4"],
  "scikit-learn": ["sklearn"],
  "opencv-python": ["cv2"],
  "opencv-python-headless": ["cv2"],
  protobuf: ["google"],
  pyzmq: ["zmq"],
  pyjwt: ["jwt"],
  attrs: ["attr", "attrs"],
  "setuptools": ["setuptools", "pkg_resources", "_distutils_hack"],
  "typing-extensions": ["typing_extensions"],
  "msgpack-python": ["msgpack"],
  pycryptodome: ["Crypto"],
  "pyserial": ["serial"],
  "python-magic": ["magic"],
  "dnspython": ["dns"],
  "pyopenssl": ["OpenSSL"],
  "pygobject": ["gi"],
  "python-apt": ["apt", "apt_pkg", "aptsources"],
  "pymysql": ["pymysql"],
  "mysqlclient": ["MySQLdb"],
  "psycopg2-binary": ["psycopg2"],
};

interface Walked {
  /** Relative POSIX path within the site folder → size. */
  files: Map<string, number>;
}

function walkSite(siteDir: string, problems: Diagnostic[]): Walked {
  const files = new Map<string, number>();
  const walk = (abs: string, rel: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (e) {
      problems.push({ code: Codes.EnvBroken, severity: "warning", message: `cannot read folder: ${(e as Error).message}`, file: abs, line: 0, col: 0 });
      return;
    }
    for (const d of entries) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      const a = abs + sep + d.name;
      if (d.isDirectory()) walk(a, r);
      else {
        let size = 0;
        try {
          size = lstatSync(a).size;
        } catch {
          continue;
        }
        files.set(r, size);
      }
    }
  };
  walk(siteDir, "");
  return { files };
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** Top-level segment of a site-relative path ("" for paths leaving the site folder). */
function topSegment(rel: string): string {
  if (rel.startsWith("../")) return "";
  const slash = rel.indexOf("/");
  return slash < 0 ? rel : rel.slice(0, slash);
}

/** `dir` + a POSIX relative path, as an absolute native path (cheaper than path.join in hot loops). */
function under(dir: string, rel: string): string {
  return sep === "/" ? `${dir}/${rel}` : `${dir}${sep}${rel.split("/").join(sep)}`;
}

function toPosix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}

interface Draft extends Omit<Distribution, "id" | "files" | "size" | "importNames" | "native" | "pth" | "duplicates"> {
  /** Site-relative listed paths (normalised), or null when there is no list. */
  listed: string[] | null;
  /** Top-level names to claim when there is no list. */
  claim: string[];
  /** Namespace packages it declares (egg-info `namespace_packages.txt`). */
  namespaces: string[];
}

function metadataDraft(siteDir: string, entry: string, isDir: boolean, walked: Walked, problems: Diagnostic[]): Draft | null {
  const metaPath = join(siteDir, entry);
  const fromDirName = splitMetadataDirName(entry);
  const problem = (message: string): void => {
    problems.push({ code: Codes.DistMetadata, severity: "warning", message, file: metaPath, line: 0, col: 0 });
  };
  let kind: DistKind;
  let mdText: string | null;
  if (entry.endsWith(".dist-info")) {
    kind = "dist-info";
    mdText = readText(join(metaPath, "METADATA"));
    if (mdText === null) problem(`${entry} has no readable METADATA`);
  } else if (isDir) {
    kind = "egg-info";
    mdText = readText(join(metaPath, "PKG-INFO"));
    if (mdText === null) problem(`${entry} has no readable PKG-INFO`);
  } else {
    kind = "egg-info-file";
    mdText = readText(metaPath);
    if (mdText === null) problem(`cannot read ${entry}`);
  }
  const md = parseCoreMetadata(mdText ?? "");
  const name = header(md, "Name") ?? fromDirName.name;
  if (!name) return null;
  const version = header(md, "Version") ?? fromDirName.version;

  const requires: Requirement[] = [];
  let reqTexts = headers(md, "Requires-Dist");
  if (kind === "egg-info" && reqTexts.length === 0) {
    const rt = readText(join(metaPath, "requires.txt"));
    if (rt) reqTexts = parseRequiresTxt(rt);
  }
  for (const r of reqTexts) {
    try {
      requires.push(parseRequirement(r));
    } catch (e) {
      if (!(e instanceof RequirementSyntaxError)) throw e;
      problem(`${name}: cannot read requirement '${r}': ${e.message}`);
    }
  }

  let record: RecordEntry[] | null = null;
  let listed: string[] | null = null;
  let fileList: FileListSource = "derived";
  const rel = (p: string): string => posix.normalize(p.replace(/\\/g, "/"));
  if (kind === "dist-info") {
    const rt = readText(join(metaPath, "RECORD"));
    if (rt !== null) {
      record = parseRecord(rt);
      listed = record.map((r) => rel(r.path));
      fileList = "RECORD";
    }
  } else if (kind === "egg-info") {
    const inst = readText(join(metaPath, "installed-files.txt"));
    if (inst !== null) {
      listed = parseLines(inst).map((p) => rel(posix.join(entry, p.replace(/\\/g, "/"))));
      fileList = "installed-files.txt";
    } else {
      const src = readText(join(metaPath, "SOURCES.txt"));
      if (src !== null) {
        // SOURCES.txt lists the source tree (`src/pkg/mod.py`, `setup.py`, `pkg.egg-info/…`):
        // keep what maps onto files present in the site folder, after dropping a `src/`-style prefix.
        const mapped: string[] = [];
        for (const line of parseLines(src)) {
          const p = rel(line);
          if (walked.files.has(p)) mapped.push(p);
          else {
            const slash = p.indexOf("/");
            const rest = slash < 0 ? "" : p.slice(slash + 1);
            if (rest && walked.files.has(rest)) mapped.push(rest);
          }
        }
        if (mapped.length > 0) {
          listed = mapped;
          fileList = "SOURCES.txt";
        }
      }
    }
  }

  const topLevelText = isDir ? readText(join(metaPath, "top_level.txt")) : null;
  const topLevel = topLevelText ? [...new Set(parseLines(topLevelText).map((l) => l.replace(/\//g, ".")))].sort() : [];
  const ep = isDir ? readText(join(metaPath, "entry_points.txt")) : null;
  const direct = kind === "dist-info" ? parseDirectUrl(readText(join(metaPath, "direct_url.json")) ?? "null") : null;
  const installer = kind === "dist-info" ? (readText(join(metaPath, "INSTALLER"))?.trim() ?? null) : null;

  return {
    name,
    key: canonicalName(name),
    version,
    kind,
    siteDir,
    metaPath,
    fileList,
    record,
    missingFiles: [],
    topLevel,
    requires,
    requiresPython: header(md, "Requires-Python"),
    providesExtra: headers(md, "Provides-Extra"),
    summary: header(md, "Summary"),
    entryPoints: ep ? parseEntryPoints(ep) : [],
    direct,
    editable: direct?.editable === true,
    installer,
    listed,
    claim: [],
    namespaces: isDir ? parseLines(readText(join(metaPath, "namespace_packages.txt")) ?? "") : [],
  };
}

/**
 * The folder of a namespace package that a distribution provides, from its name:
 * `lazr.uri` in namespace `lazr` → `lazr/uri`; `google-cloud-storage` in `google` → `google/cloud/storage`.
 */
function namespacePortion(distName: string, ns: string, byTop: ReadonlyMap<string, string[]>): string | null {
  const lower = distName.toLowerCase();
  if (!lower.startsWith(ns.toLowerCase()) || !/[-_.]/.test(lower[ns.length] ?? "")) return null;
  const rest = distName.slice(ns.length + 1);
  const has = (dir: string): boolean => {
    for (const f of byTop.get(ns) ?? []) if (f.startsWith(dir + "/")) return true;
    return false;
  };
  for (const candidate of [rest.replace(/[-.]/g, "/"), rest.replace(/[-.]/g, "_"), rest.toLowerCase().replace(/[-.]/g, "_")]) {
    if (has(`${ns}/${candidate}`)) return `${ns}/${candidate}`;
  }
  return null;
}

/** Import names to claim for a distribution without a file list. */
function guessImportNames(d: Draft, tops: ReadonlySet<string>): string[] {
  if (d.topLevel.length > 0) return d.topLevel.map((t) => t.split(".")[0]!);
  const candidates = new Set<string>(KNOWN_IMPORT_NAMES[d.key] ?? []);
  const base = d.name.replace(/[-.]/g, "_");
  for (const c of [base, base.toLowerCase(), base.replace(/^python_/i, ""), base.replace(/^py/i, "")]) candidates.add(c);
  const out: string[] = [];
  for (const c of candidates) {
    if (!isModuleName(c)) continue;
    for (const t of tops) {
      if (t === c || t === `${c}.py` || (t.startsWith(`${c}.`) && NATIVE.test(t))) {
        out.push(c);
        break;
      }
    }
  }
  return out.sort();
}

/** Reads every distribution, `.pth` file and loose entry of the environment's site folders. */
export function readInstallation(env: Environment): Installation {
  const problems: Diagnostic[] = [...env.problems];
  const drafts: Draft[] = [];
  const pthAll: PthFile[] = [];
  const walkedBySite = new Map<string, Walked>();
  const sizes = new Map<string, number>();
  /** Owner drafts of each absolute path (draft indices; remapped to ids at the end). */
  const ownerDrafts = new Map<string, number[]>();
  const own = (abs: string, d: number): void => {
    const list = ownerDrafts.get(abs);
    if (!list) ownerDrafts.set(abs, [d]);
    else if (!list.includes(d)) list.push(d);
  };

  for (const siteDir of env.siteDirs) {
    const walked = walkSite(siteDir, problems);
    walkedBySite.set(siteDir, walked);
    for (const [rel, size] of walked.files) sizes.set(under(siteDir, rel), size);
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(siteDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      /* reported by walkSite */
    }
    const tops = new Set(entries.map((e) => e.name));
    const byTop = new Map<string, string[]>();
    for (const [rel] of walked.files) {
      const top = topSegment(rel);
      const l = byTop.get(top);
      if (l) l.push(rel);
      else byTop.set(top, [rel]);
    }
    const firstDraft = drafts.length;
    for (const e of entries) {
      if (e.name.endsWith(".dist-info") && e.isDirectory()) {
        const d = metadataDraft(siteDir, e.name, true, walked, problems);
        if (d) drafts.push(d);
      } else if (e.name.endsWith(".egg-info")) {
        const d = metadataDraft(siteDir, e.name, e.isDirectory(), walked, problems);
        if (d) drafts.push(d);
      } else if (e.name.endsWith(".pth") && !e.isDirectory()) {
        const text = readText(join(siteDir, e.name));
        if (text === null) {
          problems.push({ code: Codes.EnvBroken, severity: "warning", message: `cannot read ${e.name}`, file: join(siteDir, e.name), line: 0, col: 0 });
          continue;
        }
        pthAll.push(parsePth(join(siteDir, e.name), siteDir, text));
      }
    }

    // Layer 1 and 2: listed files, metadata folders, derived claims.
    const dirOwners = new Map<string, Set<number>>();
    const noteDir = (rel: string, d: number): void => {
      let p = rel;
      for (;;) {
        const slash = p.lastIndexOf("/");
        if (slash < 0) break;
        p = p.slice(0, slash);
        let s = dirOwners.get(p);
        if (!s) dirOwners.set(p, (s = new Set()));
        s.add(d);
      }
    };
    for (let i = firstDraft; i < drafts.length; i++) {
      const d = drafts[i]!;
      const metaRel = basename(d.metaPath);
      if (d.kind === "egg-info-file") own(d.metaPath, i);
      for (const rel of byTop.get(metaRel) ?? []) {
        own(under(siteDir, rel), i);
        noteDir(rel, i);
      }
      if (d.listed) {
        for (const rel of d.listed) {
          if (rel.startsWith("../") || isAbsolute(rel)) {
            const abs = resolve(siteDir, rel);
            try {
              const st = lstatSync(abs);
              if (st.isDirectory()) continue;
              sizes.set(abs, st.size);
              own(abs, i);
            } catch {
              d.missingFiles.push(rel);
            }
          } else if (walked.files.has(rel)) {
            own(under(siteDir, rel), i);
            noteDir(rel, i);
          } else if (!rel.endsWith("/")) d.missingFiles.push(rel);
        }
        if (d.missingFiles.length > 0) {
          const shown = d.missingFiles.slice(0, 3).join(", ");
          problems.push({
            code: Codes.DistStaleRecord,
            severity: "warning",
            message: `${d.name} ${d.version}: ${d.fileList} lists ${d.missingFiles.length} missing file(s): ${shown}${d.missingFiles.length > 3 ? ", …" : ""}`,
            file: d.metaPath,
            line: 0,
            col: 0,
          });
        }
      } else {
        d.claim = guessImportNames(d, tops);
        problems.push({
          code: Codes.DistNoRecord,
          severity: "info",
          message: `${d.name} ${d.version} has no file list; its files were taken from its import names (${d.claim.join(", ") || "none found"})`,
          file: d.metaPath,
          line: 0,
          col: 0,
        });
        // A namespace package (declared, or a folder without __init__.py) is shared: claim only
        // the portion named after the distribution (`lazr.uri` → lazr/uri).
        const prefixes: string[] = [];
        const names: string[] = [];
        for (const c of d.claim) {
          const isNs = d.namespaces.includes(c) || (tops.has(c) && !walked.files.has(`${c}/__init__.py`));
          const portion = isNs ? namespacePortion(d.name, c, byTop) : null;
          if (portion) prefixes.push(portion + "/");
          else names.push(c);
        }
        const claimRel = (rel: string): void => {
          own(under(siteDir, rel), i);
          noteDir(rel, i);
        };
        for (const p of prefixes) {
          for (const rel of byTop.get(p.slice(0, p.indexOf("/"))) ?? []) if (rel.startsWith(p)) claimRel(rel);
        }
        for (const top of tops) {
          for (const c of names) {
            if (top === c || top === `${c}.py` || top === `${c}.pyc` || top === `${c}.libs` || (top.startsWith(`${c}.`) && NATIVE.test(top))) {
              for (const rel of byTop.get(top) ?? []) claimRel(rel);
              break;
            }
          }
        }
        for (const rel of byTop.get("__pycache__") ?? []) {
          const file = rel.slice("__pycache__/".length);
          if (names.some((c) => file.startsWith(`${c}.`))) claimRel(rel);
        }
      }
    }

    // Layer 3: unlisted files go to the single owner of their nearest owned folder; top-level
    // byte code to the owner of its module.
    for (const [rel] of walked.files) {
      const abs = under(siteDir, rel);
      if (ownerDrafts.has(abs)) continue;
      if (rel.startsWith("__pycache__/")) {
        const mod = rel.slice("__pycache__/".length).split(".")[0]!;
        const o = ownerDrafts.get(under(siteDir, `${mod}.py`));
        if (o) for (const d of o) own(abs, d);
        continue;
      }
      const pyc = /^(.*)\/__pycache__\/([^/.]+)\.[^/]*\.pyc$/.exec(rel);
      if (pyc) {
        const o = ownerDrafts.get(under(siteDir, `${pyc[1]}/${pyc[2]}.py`));
        if (o) {
          for (const d of o) own(abs, d);
          continue;
        }
      }
      let p = rel;
      for (;;) {
        const slash = p.lastIndexOf("/");
        if (slash < 0) break;
        p = p.slice(0, slash);
        const s = dirOwners.get(p);
        if (!s) continue;
        if (s.size === 1) own(abs, [...s][0]!);
        break;
      }
    }

    // Layer 4: one pseudo-distribution per top-level entry that still has unowned files.
    const unowned = new Map<string, string[]>();
    for (const [rel] of walked.files) {
      const abs = under(siteDir, rel);
      if (ownerDrafts.has(abs)) continue;
      const top = topSegment(rel);
      let list = unowned.get(top);
      if (!list) unowned.set(top, (list = []));
      list.push(abs);
    }
    for (const [top, files] of [...unowned].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const i = drafts.length;
      drafts.push({
        name: top,
        key: `unowned:${top}`,
        version: "",
        kind: "unowned",
        siteDir,
        metaPath: join(siteDir, top),
        fileList: "entry",
        record: null,
        missingFiles: [],
        topLevel: [],
        requires: [],
        requiresPython: null,
        providesExtra: [],
        summary: null,
        entryPoints: [],
        direct: null,
        editable: false,
        installer: null,
        listed: null,
        claim: [],
        namespaces: [],
      });
      for (const f of files) own(f, i);
    }
  }

  // Final ids: real distributions by name, version, path; then unowned entries.
  const order = drafts.map((_, i) => i);
  const kindRank = (d: Draft): number => (d.kind === "unowned" ? 1 : 0);
  order.sort((a, b) => {
    const x = drafts[a]!;
    const y = drafts[b]!;
    return (
      kindRank(x) - kindRank(y) ||
      (x.key < y.key ? -1 : x.key > y.key ? 1 : 0) ||
      (x.version < y.version ? -1 : x.version > y.version ? 1 : 0) ||
      (x.metaPath < y.metaPath ? -1 : x.metaPath > y.metaPath ? 1 : 0)
    );
  });
  const idOf = new Map<number, number>();
  order.forEach((draftIndex, id) => idOf.set(draftIndex, id));
  const owners = new Map<string, number[]>();
  const filesOf: string[][] = drafts.map(() => []);
  for (const [abs, ds] of ownerDrafts) {
    const ids = ds.map((d) => idOf.get(d)!).sort((a, b) => a - b);
    owners.set(abs, ids);
    for (const id of ids) filesOf[id]!.push(abs);
  }

  const dists: Distribution[] = order.map((draftIndex, id) => {
    const d = drafts[draftIndex]!;
    const files = filesOf[id]!.sort();
    let size = 0;
    let native = false;
    const rels: string[] = [];
    for (const f of files) {
      size += sizes.get(f) ?? 0;
      const rel = f.startsWith(d.siteDir + sep) ? toPosix(f.slice(d.siteDir.length + 1)) : toPosix(relative(d.siteDir, f));
      if (NATIVE.test(rel) || /^[^/]+\.libs\//.test(rel)) native = true;
      rels.push(rel);
    }
    const { listed: _l, claim: _c, namespaces: _n, ...rest } = d;
    return { ...rest, id, files, size, importNames: importNamesOf(rels), native, pth: [], duplicates: [] };
  });

  // Duplicates and files claimed twice.
  const byKey = new Map<string, number[]>();
  for (const d of dists) {
    if (d.kind === "unowned") continue;
    const l = byKey.get(d.key);
    if (l) l.push(d.id);
    else byKey.set(d.key, [d.id]);
  }
  for (const ids of byKey.values()) {
    if (ids.length < 2) continue;
    for (const id of ids) dists[id]!.duplicates = ids.filter((x) => x !== id);
    const first = dists[ids[0]!]!;
    problems.push({
      code: Codes.DistDuplicate,
      severity: "warning",
      message: `${first.name} is installed ${ids.length} times (${ids.map((i) => `${dists[i]!.version} in ${basename(dists[i]!.metaPath)}`).join(", ")})`,
      file: first.metaPath,
      line: 0,
      col: 0,
    });
  }
  const sharedReported = new Set<string>();
  for (const [abs, ids] of owners) {
    if (ids.length < 2) continue;
    if (ids.some((i) => dists[i]!.duplicates.length > 0)) continue;
    if (/(^|[/\\])__init__\.py$/.test(abs) || /__pycache__/.test(abs)) continue; // pkgutil-style namespace packages
    const key = ids.join(",");
    if (sharedReported.has(key)) continue;
    sharedReported.add(key);
    problems.push({
      code: Codes.DistSharedFile,
      severity: "warning",
      message: `${ids.map((i) => dists[i]!.name).join(" and ")} both own ${abs} (and possibly more files)`,
      file: abs,
      line: 0,
      col: 0,
    });
  }

  // `.pth` files and the search path.
  const pthOwners = pthAll.map((p) => owners.get(p.path) ?? []);
  pthAll.forEach((p, i) => {
    for (const o of pthOwners[i]!) dists[o]!.pth.push(i);
  });
  const searchPath: SearchEntry[] = [];
  for (const siteDir of env.siteDirs) {
    searchPath.push({ dir: siteDir, kind: "site", pth: -1 });
    pthAll.forEach((p, i) => {
      if (p.siteDir !== siteDir) return;
      for (const dir of p.paths) if (!searchPath.some((s) => s.dir === dir)) searchPath.push({ dir, kind: "pth", pth: i });
    });
  }
  for (const dir of env.systemSiteDirs) searchPath.push({ dir, kind: "system", pth: -1 });

  return { env, dists, pth: pthAll, pthOwners, owners, sizes, searchPath, problems };
}

const MODULE_FILE = /^([A-Za-z_][A-Za-z0-9_]*)(\.[^/]*)?\.(py|pyc|so|pyd)$/;

/**
 * Import names provided by a set of site-relative files: top-level modules and packages; a
 * top-level folder without its own `__init__.py` is a namespace portion, named by its first level
 * (`google.protobuf`).
 */
export function importNamesOf(rels: readonly string[]): string[] {
  const out = new Set<string>();
  const inits = new Set<string>();
  const children = new Map<string, Set<string>>();
  for (const rel of rels) {
    if (rel.startsWith("../")) continue;
    const parts = rel.split("/");
    const top = parts[0]!;
    if (parts.length === 1) {
      const m = MODULE_FILE.exec(top);
      // `name.cpython-311-x86_64-linux-gnu.so` is an extension; `name.other.py` is not importable.
      if (m && (m[3] === "so" || m[3] === "pyd" || !m[2])) out.add(m[1]!);
      continue;
    }
    if (!isModuleName(top) || top === "__pycache__" || !/\.(py|pyc|so|pyd)$/.test(rel)) continue;
    if (parts.length === 2 && /^__init__\.(py|pyc)$|^__init__\..*\.(so|pyd)$/.test(parts[1]!)) inits.add(top);
    let c = children.get(top);
    if (!c) children.set(top, (c = new Set()));
    const first = parts[1]!;
    if (parts.length > 2) {
      if (isModuleName(first) && first !== "__pycache__") c.add(first);
    } else {
      const m = MODULE_FILE.exec(first);
      if (m && m[1] !== "__init__" && (m[3] === "so" || m[3] === "pyd" || !m[2])) c.add(m[1]!);
    }
  }
  for (const [top, c] of children) {
    if (inits.has(top) || c.size === 0) out.add(top);
    else for (const sub of c) out.add(`${top}.${sub}`);
  }
  return [...out].sort();
}

/** A file's path relative to its site folder (POSIX), or to the environment root. */
export function siteRelative(inst: Installation, abs: string): string {
  for (const s of inst.env.siteDirs) {
    if (abs.startsWith(s + sep)) return toPosix(relative(s, abs));
  }
  return toPosix(relative(inst.env.root, abs));
}
