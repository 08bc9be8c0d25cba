/**
 * Console scripts and entry points: the objects a packaging tool or plugin host calls by name.
 * Read from every `pyproject.toml` (`[project.scripts]`, `[project.gui-scripts]`,
 * `[project.entry-points.*]`, Poetry's `scripts`/`plugins`, Flit's `scripts`/`entrypoints`, PDM's
 * `call` scripts), `setup.cfg` (`[options.entry_points]`) and `setup.py` (`entry_points=` of the
 * `setup()` call) in the project tree — a monorepo has several. Each `module:object.attr` value
 * is a root; a value naming a re-export is followed through the `__init__` that re-exports it.
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "smol-toml";
import { isTable, type TomlTable } from "../../config/pyproject.js";
import { projectEntries } from "../../files/collect.js";
import type * as A from "../../python/ast.js";
import { parseModule } from "../../python/parser.js";
import { lastName } from "../../python/walk.js";
import { forEachChild } from "../../graph/module-facts.js";
import { moduleNames, type Program } from "../../graph/callgraph/program.js";
import { matchDefs } from "./explicit.js";
import type { RootCollector, RootContext } from "./types.js";

export interface EntryPoint {
  group: string;
  name: string;
  /** `module:object.attr` (extras removed). */
  value: string;
  /** The file declaring it. */
  file: string;
}

const VALUE = /^\s*([A-Za-z_][\w.]*)\s*(?::\s*([A-Za-z_][\w.]*))?\s*(?:\[[^\]]*\])?\s*$/;

function add(out: EntryPoint[], file: string, group: string, name: string, value: unknown): void {
  if (typeof value !== "string") return;
  const m = VALUE.exec(value);
  if (!m) return;
  out.push({ group, name, value: m[2] ? `${m[1]}:${m[2]}` : m[1]!, file });
}

function fromTable(out: EntryPoint[], file: string, group: string, t: unknown, key?: string): void {
  if (!isTable(t)) return;
  for (const [name, v] of Object.entries(t)) {
    if (isTable(v)) add(out, file, group, name, key ? v[key] : (v.callable ?? v.reference ?? v.call));
    else add(out, file, group, name, v);
  }
}

/** Entry points declared in one pyproject.toml. */
export function pyprojectEntryPoints(file: string, data: TomlTable): EntryPoint[] {
  const out: EntryPoint[] = [];
  const project = isTable(data.project) ? data.project : {};
  fromTable(out, file, "console_scripts", project.scripts);
  fromTable(out, file, "gui_scripts", project["gui-scripts"]);
  if (isTable(project["entry-points"])) for (const [g, t] of Object.entries(project["entry-points"])) fromTable(out, file, g, t);
  const tool = isTable(data.tool) ? data.tool : {};
  if (isTable(tool.poetry)) {
    fromTable(out, file, "console_scripts", tool.poetry.scripts);
    if (isTable(tool.poetry.plugins)) for (const [g, t] of Object.entries(tool.poetry.plugins)) fromTable(out, file, g, t);
  }
  if (isTable(tool.flit)) {
    fromTable(out, file, "console_scripts", tool.flit.scripts);
    if (isTable(tool.flit.entrypoints)) for (const [g, t] of Object.entries(tool.flit.entrypoints)) fromTable(out, file, g, t);
  }
  if (isTable(tool.pdm) && isTable(tool.pdm.scripts)) fromTable(out, file, "pdm", tool.pdm.scripts, "call");
  return out;
}

/** Entry points in setup.cfg's `[options.entry_points]` (or pbr's `[entry_points]`). */
export function setupCfgEntryPoints(file: string, text: string): EntryPoint[] {
  const out: EntryPoint[] = [];
  let inSection = false;
  let group = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[#;].*$/, "");
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      inSection = header[1]!.trim() === "options.entry_points" || header[1]!.trim() === "entry_points";
      group = "";
      continue;
    }
    if (!inSection || !line.trim()) continue;
    const indented = /^\s/.test(line);
    if (!indented) {
      const m = /^([^=]+)=(.*)$/.exec(line);
      if (!m) continue;
      group = m[1]!.trim();
      const rest = m[2]!.trim();
      const inline = /^([^=]+)=(.*)$/.exec(rest);
      if (inline) add(out, file, group, inline[1]!.trim(), inline[2]);
    } else if (group) {
      const m = /^\s*([^=]+)=(.*)$/.exec(line);
      if (m) add(out, file, group, m[1]!.trim(), m[2]);
    }
  }
  return out;
}

/** Entry points of `setup(entry_points=...)` in setup.py: dict literals, ini strings, simple variables. */
export function setupPyEntryPoints(file: string, text: string): EntryPoint[] {
  let module: A.Module;
  try {
    module = parseModule(text, { path: file }).module;
  } catch {
    return [];
  }
  const out: EntryPoint[] = [];
  const assigned = new Map<string, A.Expr>();
  for (const s of module.body) {
    if (s._type === "Assign" && s.targets.length === 1 && s.targets[0]!._type === "Name") assigned.set(s.targets[0]!.id, s.value);
  }
  const value = (e: A.Expr, depth = 0): A.Expr => (e._type === "Name" && assigned.has(e.id) && depth < 4 ? value(assigned.get(e.id)!, depth + 1) : e);
  const lines = (group: string, e: A.Expr): void => {
    const v = value(e);
    const items = v._type === "List" || v._type === "Tuple" ? v.elts : [v];
    for (const it of items) {
      const x = value(it);
      if (x._type === "Constant" && typeof x.value === "string") {
        for (const l of x.value.split(/\r?\n/)) {
          const m = /^\s*([^=]+)=(.*)$/.exec(l);
          if (m) add(out, file, group, m[1]!.trim(), m[2]);
        }
      }
    }
  };
  const visit = (n: A.Node): void => {
    if (n._type === "Call") {
      const f = n.func;
      const name = lastName(f);
      if (name === "setup") {
        for (const k of n.keywords) {
          if (k.arg !== "entry_points") continue;
          const v = value(k.value);
          if (v._type === "Dict") {
            v.keys.forEach((key, i) => {
              if (key && key._type === "Constant" && typeof key.value === "string") lines(key.value, v.values[i]!);
            });
          } else if (v._type === "Constant" && typeof v.value === "string") {
            out.push(...setupCfgEntryPoints(file, `[entry_points]\n${v.value}`));
          }
        }
      }
    }
    forEachChild(n, visit);
  };
  visit(module);
  return out;
}

/** Every entry point declared by the configuration files found in the project. */
export function collectEntryPoints(configFiles: readonly string[]): EntryPoint[] {
  const out: EntryPoint[] = [];
  for (const file of configFiles) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    const base = basename(file);
    if (base === "pyproject.toml") {
      try {
        out.push(...pyprojectEntryPoints(file, parse(text) as TomlTable));
      } catch {
        /* malformed TOML: the config reader reports it for the main file */
      }
    } else if (base === "setup.cfg") out.push(...setupCfgEntryPoints(file, text));
    else if (base === "setup.py") out.push(...setupPyEntryPoints(file, text));
  }
  return out;
}

/** Definitions an entry-point value names (exactly, or through re-exports). */
export function entryPointDefs(program: Program, value: string): number[] {
  const colon = value.indexOf(":");
  if (colon < 0) return [];
  const path = value.replace(":", ".");
  const exact = matchDefs(program, path).filter((d) => {
    const f = program.file(d);
    return moduleNames(f).some((m) => `${m}.${program.qual(d)}` === path);
  });
  if (exact.length > 0) return exact;
  const r = program.resolvePath(path);
  return [...r.defs, ...r.end];
}

export const entryPointRoots: RootCollector = {
  kind: "entry-point",
  collect(ctx: RootContext) {
    const p = ctx.program;
    for (const ep of collectEntryPoints(ctx.configFiles)) {
      const what = ep.group === "console_scripts" ? `console script '${ep.name}'` : ep.group === "gui_scripts" ? `GUI script '${ep.name}'` : `entry point '${ep.name}' (${ep.group})`;
      const defs = entryPointDefs(p, ep.value);
      for (const d of defs) ctx.rootWithParents(d, { kind: "entry-point", detail: what });
      if (!ep.value.includes(":")) {
        for (const f of p.modules.get(ep.value) ?? []) ctx.root(p.moduleNode(f), { kind: "entry-point", detail: what });
      }
    }
  },
};

const CONFIG_NAMES = new Set(["pyproject.toml", "setup.cfg", "setup.py"]);
const SKIP_DIRS = new Set([".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv", "venv", ".tox", ".nox", "site-packages", "build", "dist"]);

/** pyproject.toml / setup.cfg / setup.py files under `dir` (a monorepo has several), sorted. */
export function findConfigFiles(dir: string, depth = 0): string[] {
  if (depth > 5) return [];
  const entries = projectEntries(dir, depth);
  if (!entries) return [];
  const out: string[] = [];
  for (const e of entries) {
    if (e.isFile() && CONFIG_NAMES.has(e.name)) out.push(join(dir, e.name));
  }
  for (const e of entries) {
    if (e.isDirectory() && !e.name.startsWith(".") && !SKIP_DIRS.has(e.name)) out.push(...findConfigFiles(join(dir, e.name), depth + 1));
  }
  return out;
}
