/**
 * `.pth` files in a site folder, read as CPython's `site.addpackage` reads them: blank lines and
 * `#` comments are skipped, lines starting with `import ` or `import\t` are executed at startup,
 * every other line is a folder (relative to the site folder) added to `sys.path` if it exists.
 *
 * An import line is classified, because its effect on slimming differs:
 * - `editable`: an editable install's finder (`import __editable__…_finder; ….install()`); its
 *   module holds a literal `MAPPING` of top-level names to source paths, read here;
 * - `nspkg`: a pkgutil-era `*-nspkg.pth` that creates a namespace package at startup;
 * - `hook`: any other startup code — it may change the interpreter in ways no import shows.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { readLiteralAssignment } from "./py-literal.js";

export type PthKind = "paths" | "hook" | "editable" | "nspkg";

export interface EditableFinder {
  /** The finder module's file (in the site folder). */
  file: string;
  /** Top-level import name → absolute path of its package folder or module file. */
  mapping: Map<string, string>;
  /** Namespace package name → folders (setuptools' `NAMESPACES`). */
  namespaces: Map<string, string[]>;
}

export interface PthFile {
  /** Absolute path. */
  path: string;
  siteDir: string;
  kind: PthKind;
  /** Existing folders it adds to `sys.path`, in order (absolute). */
  paths: string[];
  /** Path lines naming folders that do not exist. */
  missing: string[];
  /** The executed lines, as written. */
  importLines: string[];
  /** Top-level modules the import lines import (`import a, b.c` → a, b.c). */
  importedModules: string[];
  editable: EditableFinder | null;
}

/** Modules imported by one executed `.pth` line (statements split on `;`). */
export function modulesOfImportLine(line: string): string[] {
  const out: string[] = [];
  for (const stmt of line.split(";")) {
    const m = /^\s*import\s+(.+)$/.exec(stmt);
    if (!m) continue;
    for (const part of m[1]!.split(",")) {
      const name = /^\s*([A-Za-z_][\w.]*)/.exec(part);
      if (name) out.push(name[1]!);
    }
  }
  return out;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Reads an editable finder module if `module` is one (a literal `MAPPING` dict of str → str). */
export function readEditableFinder(siteDir: string, module: string): EditableFinder | null {
  const file = join(siteDir, module.replace(/\./g, "/") + ".py");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  const mapping = readLiteralAssignment(text, "MAPPING");
  if (!mapping || typeof mapping !== "object" || Array.isArray(mapping)) return null;
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(mapping)) if (typeof v === "string") out.set(k, resolve(siteDir, v));
  const namespaces = new Map<string, string[]>();
  const ns = readLiteralAssignment(text, "NAMESPACES");
  if (ns && typeof ns === "object" && !Array.isArray(ns)) {
    for (const [k, v] of Object.entries(ns)) {
      if (Array.isArray(v)) namespaces.set(k, v.filter((x): x is string => typeof x === "string").map((x) => resolve(siteDir, x)));
    }
  }
  return { file, mapping: out, namespaces };
}

export function parsePth(path: string, siteDir: string, text: string): PthFile {
  const paths: string[] = [];
  const missing: string[] = [];
  const importLines: string[] = [];
  const importedModules: string[] = [];
  for (const raw of text.split(/\r?\n|\r/)) {
    if (raw.startsWith("#") || raw.trim() === "") continue;
    if (raw.startsWith("import ") || raw.startsWith("import\t")) {
      importLines.push(raw);
      importedModules.push(...modulesOfImportLine(raw));
      continue;
    }
    const line = raw.replace(/\s+$/, "");
    const dir = isAbsolute(line) ? resolve(line) : resolve(siteDir, line);
    if (isDir(dir) || existsSync(dir)) {
      if (!paths.includes(dir)) paths.push(dir);
    } else missing.push(line);
  }
  let kind: PthKind = "paths";
  let editable: EditableFinder | null = null;
  if (importLines.length > 0) {
    if (/-nspkg\.pth$/.test(path)) kind = "nspkg";
    else {
      for (const m of importedModules) {
        editable = readEditableFinder(siteDir, m);
        if (editable) break;
      }
      kind = editable ? "editable" : "hook";
    }
  }
  return { path, siteDir, kind, paths, missing, importLines, importedModules, editable };
}
