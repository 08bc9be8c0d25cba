/**
 * Writes a slim venv from a plan, safely:
 * - never writes inside VENV or CODE_DIR, and refuses an OUT that is, contains, or lies inside
 *   either; refuses an existing non-empty OUT unless forced, and even forced only if OUT is a
 *   virtual environment (has `pyvenv.cfg`) — `--force` must never empty an arbitrary folder;
 * - builds everything in a temporary sibling of OUT and renames it into place at the end, so OUT
 *   is either the old one or the complete new one; on any error the temporary folder is removed.
 *
 * What is written: every file of VENV outside its site folders (interpreter links, activate
 * scripts, `include/`…) except files owned by dropped distributions (their console scripts); the
 * site-folder files of kept distributions (metadata only for metadata-kept ones). Text files in
 * `bin/` (shebangs, activate scripts), `pyvenv.cfg` and `.pth` files that name VENV's path are
 * rewritten to name OUT's. RECORD files are rewritten when their distribution's written files
 * differ from the list (dropped, missing, or rewritten files).
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  type Dirent,
  type Stats,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { randomBytes } from "node:crypto";
import { promises as fsp } from "node:fs";
import { Codes } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SlimError } from "./errors.js";
import { formatRecord, recordHash, type RecordEntry } from "./record.js";
import { keptFiles, type SlimPlan } from "./slim-plan.js";

export interface SlimWriteOptions {
  /** Where the slim venv goes (absolute or relative to cwd). */
  out: string;
  force?: boolean;
  /** Hard links instead of copies (falls back to copying across file systems). */
  link?: boolean;
  /** Compute everything, write nothing. */
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface SlimWriteResult {
  out: string;
  written: boolean;
  /** Files (and links) in OUT. */
  files: number;
  /** Bytes in OUT (as written; links count their target's size once). */
  bytes: number;
  /** Bytes in VENV. */
  venvBytes: number;
  venvFiles: number;
  linked: number;
  copied: number;
  /** Files whose text was rewritten for the new location (relative to OUT). */
  rewritten: string[];
  /** Distributions whose RECORD was rewritten. */
  recordsRewritten: string[];
  diagnostics: Diagnostic[];
}

interface ManifestItem {
  src: string;
  /** Destination relative to the environment root (native separators). */
  rel: string;
  kind: "file" | "symlink" | "data";
  size: number;
  /** Replacement content (rewritten text, new RECORD). */
  data?: Buffer;
}

function inside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/**
 * Checks OUT against VENV and CODE_DIR; returns OUT's absolute path. An OUT inside either (or
 * holding them) is always refused; an existing OUT is refused unless `force` (and it is a venv) —
 * or, for a dry run (`dryRun`), let through with the reason a real run would refuse it.
 */
export function checkOutput(out: string, venvRoot: string, codeDir: string, force: boolean, dryRun = false): { path: string; refused: string | null } {
  const abs = resolve(out);
  const parent = dirname(abs);
  const realOut = existsSync(abs) ? real(abs) : join(real(parent), basename(abs));
  const venv = real(venvRoot);
  const code = real(codeDir);
  if (inside(realOut, venv)) throw new SlimError(`refusing to write ${abs}: it is inside the venv being slimmed (${venvRoot})`);
  if (inside(venv, realOut)) throw new SlimError(`refusing to write ${abs}: the venv being slimmed (${venvRoot}) is inside it`);
  if (inside(realOut, code)) throw new SlimError(`refusing to write ${abs}: it is inside the code folder (${codeDir}); choose another place with -o`);
  if (inside(code, realOut)) throw new SlimError(`refusing to write ${abs}: the code folder (${codeDir}) is inside it`);
  const refused = existingOutputProblem(abs, force);
  if (refused !== null && !dryRun) throw new SlimError(refused);
  return { path: abs, refused };
}

/** Why an existing OUT may not be written (null: it does not exist, is empty, or may be replaced). */
function existingOutputProblem(abs: string, force: boolean): string | null {
  if (!existsSync(abs)) return null;
  let st: Stats;
  try {
    st = lstatSync(abs);
  } catch (e) {
    return `cannot inspect ${abs}: ${(e as Error).message}`;
  }
  if (!st.isDirectory() && !st.isSymbolicLink()) return `refusing to write ${abs}: it exists and is not a folder`;
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch (e) {
    return `cannot read ${abs}: ${(e as Error).message}`;
  }
  if (entries.length === 0) return null;
  if (!force) return `refusing to write ${abs}: it exists and is not empty (use --force to replace it)`;
  if (!entries.includes("pyvenv.cfg")) return `refusing to replace ${abs}: it is not a virtual environment (no pyvenv.cfg), even with --force`;
  return null;
}

/** Replaces every occurrence of any of `from` with `to` in text bytes; null if nothing changed. */
function rewritePaths(bytes: Buffer, from: readonly string[], to: string): Buffer | null {
  let text = bytes.toString("utf8");
  let changed = false;
  for (const f of from) {
    if (!f || !text.includes(f)) continue;
    // Only whole path components: `/x/.venv` must not match `/x/.venv2`.
    const re = new RegExp(f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "(?=$|[/\\\\\"'\\s:;])", "g");
    const next = text.replace(re, to);
    if (next !== text) {
      text = next;
      changed = true;
    }
  }
  return changed ? Buffer.from(text, "utf8") : null;
}

function isText(bytes: Buffer): boolean {
  return !bytes.subarray(0, 8192).includes(0);
}

/** Builds the list of what OUT will contain. */
function manifest(plan: SlimPlan, outFinal: string): { items: ManifestItem[]; dirs: Set<string>; venvBytes: number; venvFiles: number; records: string[]; rewritten: string[] } {
  const { env, inst } = plan;
  const root = env.root;
  const keep = (ids: readonly number[] | undefined): boolean => !ids || ids.length === 0 || ids.some((i) => plan.dists[i]!.level === "whole");
  const items: ManifestItem[] = [];
  const dirs = new Set<string>();
  const rewritten: string[] = [];
  const fromPaths = [...new Set([root, real(root)])].sort((a, b) => b.length - a.length);
  let venvBytes = 0;
  let venvFiles = 0;
  const siteDirs = env.siteDirs.map(real);
  const siteSet = new Set(siteDirs);

  // Outside the site folders.
  const walk = (dir: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const relDir = relative(root, dir);
    if (relDir) dirs.add(relDir);
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (siteSet.has(real(abs))) {
          dirs.add(relative(root, abs));
          continue;
        }
        walk(abs);
        continue;
      }
      let st: Stats;
      try {
        st = lstatSync(abs);
      } catch {
        continue;
      }
      venvBytes += st.size;
      venvFiles++;
      if (!keep(inst.owners.get(abs))) continue;
      const rel = relative(root, abs);
      if (st.isSymbolicLink()) {
        items.push({ src: abs, rel, kind: "symlink", size: st.size });
        continue;
      }
      const inBin = dir === env.binDir;
      if ((inBin || rel === "pyvenv.cfg") && st.size < 4 << 20) {
        const bytes = readFileSync(abs);
        if (isText(bytes)) {
          const data = rewritePaths(bytes, fromPaths, outFinal);
          if (data) {
            items.push({ src: abs, rel, kind: "data", size: data.length, data });
            rewritten.push(rel.split(sep).join("/"));
            continue;
          }
        }
      }
      items.push({ src: abs, rel, kind: "file", size: st.size });
    }
  };
  walk(root);

  // Site folders: kept distributions.
  const written = new Set<string>();
  for (const s of env.siteDirs) {
    for (const [abs, size] of inst.sizes) {
      if (!abs.startsWith(s + sep)) continue;
      venvBytes += size;
      venvFiles++;
    }
  }
  for (const p of plan.dists) {
    if (p.level === "none") continue;
    const files = keptFiles(plan, p.id);
    for (const f of files) {
      if (!env.siteDirs.some((s) => f.startsWith(s + sep))) continue; // outside: handled by the walk
      if (written.has(f)) continue;
      written.add(f);
      const rel = relative(root, f);
      let st: Stats;
      try {
        st = lstatSync(f);
      } catch {
        continue;
      }
      if (st.isSymbolicLink()) {
        items.push({ src: f, rel, kind: "symlink", size: st.size });
        continue;
      }
      if (f.endsWith(".pth") && st.size < 1 << 20) {
        const data = rewritePaths(readFileSync(f), fromPaths, outFinal);
        if (data) {
          items.push({ src: f, rel, kind: "data", size: data.length, data });
          rewritten.push(rel.split(sep).join("/"));
          continue;
        }
      }
      items.push({ src: f, rel, kind: "file", size: st.size });
    }
  }
  for (const s of env.siteDirs) dirs.add(relative(root, s));

  // RECORD files.
  const records: string[] = [];
  const byPath = new Map(items.map((i) => [i.src, i]));
  for (const p of plan.dists) {
    if (p.level === "none") continue;
    const d = inst.dists[p.id]!;
    if (d.kind !== "dist-info" || !d.record) continue;
    const recordPath = join(d.metaPath, "RECORD");
    const item = byPath.get(recordPath);
    if (!item) continue;
    let changed = false;
    const out: RecordEntry[] = [];
    for (const e of d.record) {
      const abs = resolve(d.siteDir, e.path);
      if (abs === recordPath) {
        out.push(e);
        continue;
      }
      const it = byPath.get(abs);
      if (!it) {
        changed = true;
        continue;
      }
      if (it.kind === "data" && it.data) {
        out.push({ path: e.path, hash: recordHash(it.data), size: String(it.data.length) });
        changed = true;
        continue;
      }
      out.push(e);
    }
    if (!changed) continue;
    const data = Buffer.from(formatRecord(out), "utf8");
    item.kind = "data";
    item.data = data;
    item.size = data.length;
    records.push(d.name);
  }
  items.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { items, dirs, venvBytes, venvFiles, records: records.sort(), rewritten: rewritten.sort() };
}

/** Writes OUT (or, with `dryRun`, only measures it). */
export async function writeSlim(plan: SlimPlan, codeDir: string, options: SlimWriteOptions): Promise<SlimWriteResult> {
  const { path: out, refused } = checkOutput(options.out, plan.env.root, codeDir, options.force ?? false, options.dryRun ?? false);
  const m = manifest(plan, out);
  const diagnostics: Diagnostic[] = [];
  if (refused !== null) {
    diagnostics.push({ code: Codes.OutputExists, severity: "warning", message: `a real run would stop here: ${refused}`, file: out, line: 0, col: 0 });
  }
  const bytes = m.items.reduce((n, i) => n + i.size, 0);
  const result: SlimWriteResult = {
    out,
    written: false,
    files: m.items.length,
    bytes,
    venvBytes: m.venvBytes,
    venvFiles: m.venvFiles,
    linked: 0,
    copied: 0,
    rewritten: m.rewritten,
    recordsRewritten: m.records,
    diagnostics,
  };
  if (options.dryRun) return result;

  mkdirSync(dirname(out), { recursive: true });
  const tmp = join(dirname(out), `.${basename(out)}.tsrs-tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  const root = plan.env.root;
  const realRoot = real(root);
  let linkFailed = false;
  try {
    mkdirSync(tmp);
    const made = new Set<string>();
    const ensureDir = (d: string): void => {
      if (made.has(d)) return;
      mkdirSync(d, { recursive: true });
      made.add(d);
    };
    for (const d of [...m.dirs].sort()) ensureDir(join(tmp, d));
    for (const item of m.items) ensureDir(dirname(join(tmp, item.rel)));
    let done = 0;
    const writeOne = async (item: ManifestItem): Promise<void> => {
      const dest = join(tmp, item.rel);
      if (item.kind === "symlink") {
        let target = readlinkSync(item.src);
        if (isAbsolute(target)) {
          for (const r of [root, realRoot]) {
            if (inside(target, r)) {
              target = join(out, relative(r, target));
              break;
            }
          }
        }
        await fsp.symlink(target, dest);
      } else if (item.kind === "data") {
        const st = lstatSync(item.src);
        await fsp.writeFile(dest, item.data!, { mode: st.mode & 0o7777 });
        await fsp.utimes(dest, st.atime, st.mtime);
      } else {
        let linked = false;
        if (options.link && !linkFailed) {
          try {
            await fsp.link(item.src, dest);
            linked = true;
            result.linked++;
          } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            if (code !== "EXDEV" && code !== "EPERM" && code !== "EMLINK" && code !== "ENOTSUP") throw e;
            if (!linkFailed) {
              linkFailed = true;
              diagnostics.push({
                code: Codes.LinkFallback,
                severity: "warning",
                message: `cannot hard-link from ${root} to ${dirname(out)} (${code}); copying instead`,
                file: out,
                line: 0,
                col: 0,
              });
            }
          }
        }
        if (!linked) {
          await fsp.copyFile(item.src, dest);
          // Byte code is validated against its source's modification time: keep it.
          if (item.src.endsWith(".py")) {
            const st = await fsp.lstat(item.src);
            await fsp.utimes(dest, st.atime, st.mtime);
          }
          result.copied++;
        }
      }
      done++;
      if (options.onProgress && (done & 63) === 0) options.onProgress(done, m.items.length);
    };
    // Several operations in flight: the file system work runs on libuv's thread pool.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < m.items.length) await writeOne(m.items[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(16, m.items.length) }, worker));
    options.onProgress?.(m.items.length, m.items.length);
    // Into place: move an existing OUT aside, rename, then remove the old one.
    let old: string | null = null;
    if (existsSync(out)) {
      old = join(dirname(out), `.${basename(out)}.tsrs-old-${process.pid}-${randomBytes(4).toString("hex")}`);
      renameSync(out, old);
    }
    try {
      renameSync(tmp, out);
    } catch (e) {
      if (old) renameSync(old, out);
      throw e;
    }
    if (old) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (e instanceof SlimError) throw e;
    throw new SlimError(`could not write ${out}: ${(e as Error).message}`, { cause: e });
  }
  result.written = true;
  return result;
}
