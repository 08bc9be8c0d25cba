/**
 * Runs tests/oracle/oracle.py under CPython 3.11 (`python3`) or CPython 3.14 (pyodide, in-process,
 * offline) and returns one record per file. The ground truth for every differential test.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const SCRIPT = join(HERE, "oracle.py");

export type OracleMode = "ast" | "symtable" | "tree" | "compile" | "shape";
export interface OracleError {
  type: string;
  line: number | null;
  col: number | null;
  message: string;
}
export interface OracleRecord {
  path: string;
  ok: boolean;
  dump?: string;
  dumpPos?: string;
  scopes?: unknown[];
  tree?: unknown;
  error?: OracleError;
}

/** Python minor versions the oracles provide. */
export const ORACLE_MINORS = [11, 14] as const;

function parseLines(out: string): OracleRecord[] {
  return out
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as OracleRecord);
}

/** CPython 3.11 via the machine's python3. */
export function oracle311(mode: OracleMode, files: string[]): OracleRecord[] {
  if (files.length === 0) return [];
  const res = spawnSync("python3", [SCRIPT], {
    input: JSON.stringify({ mode, files: files.map((f) => resolve(f)) }),
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (res.status !== 0) throw new Error(`python3 oracle failed: ${res.stderr}`);
  return parseLines(res.stdout).map((r, i) => ({ ...r, path: files[i]! }));
}

interface Pyodide {
  runPython(code: string): unknown;
  FS: {
    mkdirTree(path: string): void;
    mount(fs: unknown, opts: { root: string }, path: string): void;
    filesystems: { NODEFS: unknown };
  };
  globals: { set(name: string, value: unknown): void };
}

let pyodidePromise: Promise<Pyodide> | null = null;

async function getPyodide(): Promise<Pyodide> {
  if (!pyodidePromise) {
    pyodidePromise = (async () => {
      const { loadPyodide } = (await import("pyodide")) as unknown as {
        loadPyodide(opts?: object): Promise<Pyodide>;
      };
      // Pass indexURL explicitly: bundlers (vitest) rewrite import.meta.url inside pyodide.
      const indexURL = dirname(createRequire(import.meta.url).resolve("pyodide/package.json")) + "/";
      const py = await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
      py.FS.mkdirTree("/host");
      py.FS.mount(py.FS.filesystems.NODEFS, { root: "/" }, "/host");
      py.runPython("import sys; sys.setrecursionlimit(10000)");
      py.globals.set("__oracle_src", readFileSync(SCRIPT, "utf8"));
      py.runPython("__oracle = {'__name__': 'oracle'}; exec(__oracle_src, __oracle)");
      return py;
    })();
  }
  return pyodidePromise;
}

/**
 * Copies the .py files of pyodide's standard library (CPython 3.14's, the zip pyodide ships) under
 * `dest` (a host folder); returns their paths, sorted.
 */
export async function pyodideStdlib(dest: string): Promise<string[]> {
  const py = await getPyodide();
  py.globals.set("__stdlib_dest", "/host" + resolve(dest));
  const out = py.runPython(`
import os, sys, zipfile
archive = next(p for p in sys.path if p.endswith(".zip"))
found = []
with zipfile.ZipFile(archive) as z:
    for rel in sorted(z.namelist()):
        if rel.endswith(".py") and "/__pycache__/" not in rel and "site-packages/" not in rel:
            target = os.path.join(__stdlib_dest, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(z.read(rel))
            found.append(rel)
"\\n".join(sorted(found))`) as string;
  return out.split("\n").filter(Boolean).map((rel) => join(dest, rel));
}

/** CPython 3.14 via pyodide (in-process). */
export async function oracle314(mode: OracleMode, files: string[]): Promise<OracleRecord[]> {
  if (files.length === 0) return [];
  const py = await getPyodide();
  const request = JSON.stringify({ mode, files: files.map((f) => "/host" + resolve(f)) });
  py.globals.set("__oracle_req", request);
  const out = py.runPython("import json; __oracle['main'](json.loads(__oracle_req))") as string;
  return parseLines(out).map((r, i) => ({ ...r, path: files[i]! }));
}

export async function oracle(minor: 11 | 14, mode: OracleMode, files: string[]): Promise<OracleRecord[]> {
  return minor === 11 ? oracle311(mode, files) : oracle314(mode, files);
}
