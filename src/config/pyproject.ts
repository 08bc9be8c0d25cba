/**
 * Finds and reads `pyproject.toml`: the nearest one at or above a folder (stopping at a VCS root or
 * the file-system root), parsed once. `[tool.tsrs]` is returned raw; each command's section is
 * validated by its own normaliser (e.g. `slim.ts`) so that messages name the exact key path.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parse, TomlError } from "smol-toml";
import { ConfigError } from "./errors.js";

export type TomlTable = Record<string, unknown>;

export interface Pyproject {
  /** Absolute path of the file. */
  path: string;
  /** The whole document. */
  data: TomlTable;
  /** `[tool.tsrs]`, or an empty table. */
  tsrs: TomlTable;
  /** The raw text (for locating declarations in reports). */
  text: string;
}

/** The nearest `pyproject.toml` at or above `startDir`, or null. */
export function findPyproject(startDir: string): string | null {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, "pyproject.toml");
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, ".git")) || existsSync(join(dir, ".hg"))) return null;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

export function isTable(v: unknown): v is TomlTable {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

export function readPyproject(path: string): Pyproject {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(path, "", `cannot read: ${(e as Error).message}`, { cause: e });
  }
  let data: TomlTable;
  try {
    data = parse(text) as TomlTable;
  } catch (e) {
    const where = e instanceof TomlError ? ` (line ${e.line}, column ${e.column})` : "";
    throw new ConfigError(path, "", `invalid TOML${where}: ${(e as Error).message.split("\n")[0]}`, { cause: e });
  }
  const tool = data.tool;
  let tsrs: TomlTable = {};
  if (tool !== undefined) {
    if (!isTable(tool)) throw new ConfigError(path, "tool", "expected a table");
    if (tool.tsrs !== undefined) {
      if (!isTable(tool.tsrs)) throw new ConfigError(path, "tool.tsrs", "expected a table");
      tsrs = tool.tsrs;
    }
  }
  return { path, data, tsrs, text };
}

// ---------------------------------------------------------------- validation helpers

export function expectStringList(file: string, keyPath: string, v: unknown): string[] {
  if (!Array.isArray(v)) throw new ConfigError(file, keyPath, `expected a list of strings, got ${describe(v)}`);
  return v.map((x, i) => {
    if (typeof x !== "string") throw new ConfigError(file, `${keyPath}[${i}]`, `expected a string, got ${describe(x)}`);
    return x;
  });
}

export function expectBoolean(file: string, keyPath: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new ConfigError(file, keyPath, `expected true or false, got ${describe(v)}`);
  return v;
}

export function expectString(file: string, keyPath: string, v: unknown): string {
  if (typeof v !== "string") throw new ConfigError(file, keyPath, `expected a string, got ${describe(v)}`);
  return v;
}

/** Rejects keys a section does not know (with the list of known ones). */
export function rejectUnknownKeys(file: string, keyPath: string, table: TomlTable, known: readonly string[]): void {
  for (const k of Object.keys(table)) {
    if (!known.includes(k)) throw new ConfigError(file, `${keyPath}.${k}`, `unknown key (known: ${known.join(", ")})`);
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (v === null) return "null";
  if (isTable(v)) return "a table";
  return `${typeof v} ${JSON.stringify(v)}`;
}
