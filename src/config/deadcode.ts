/**
 * `[tool.tsrs.deadcode]`: defaults for `tsrs deadcode`, validated and frozen. Command-line flags
 * are applied on top by the command (lists are merged, scalars replaced).
 *
 * ```toml
 * [tool.tsrs.deadcode]
 * mode = "auto"                     # "library": public API is used; "app": only entry points are
 * roots = ["pkg.cli:main", "Job.run"]  # extra roots: dotted paths, qualified names, globs
 * min-confidence = 80               # report findings at or above this confidence (0–100)
 * exclude = ["scripts/old"]         # paths (relative to the pyproject folder) not analysed
 * ignore-names = ["*_handler"]      # never report definitions with these names (globs)
 * noop-decorators = ["mylib.cached"]  # decorators that register nothing (dotted names, globs)
 * whitelist = ["whitelist.py"]      # files listing used names (vulture-style .py, or one name per line)
 * python = "3.12"                   # target Python version for parsing
 * ```
 */
import { dirname } from "node:path";
import { parsePythonVersion } from "../python/errors.js";
import { ConfigError } from "./errors.js";
import { expectString, expectStringList, isTable, rejectUnknownKeys, type Pyproject } from "./pyproject.js";

export type DeadcodeMode = "auto" | "library" | "app";

export interface DeadcodeConfig {
  mode: DeadcodeMode | null;
  roots: readonly string[];
  minConfidence: number | null;
  exclude: readonly string[];
  ignoreNames: readonly string[];
  noopDecorators: readonly string[];
  whitelist: readonly string[];
  minor: number | null;
  /** Folder of the pyproject.toml (relative paths are relative to it), or null. */
  baseDir: string | null;
}

const KEYS = ["mode", "roots", "min-confidence", "exclude", "ignore-names", "noop-decorators", "whitelist", "python"] as const;

export const EMPTY_DEADCODE_CONFIG: DeadcodeConfig = Object.freeze({
  mode: null,
  roots: [],
  minConfidence: null,
  exclude: [],
  ignoreNames: [],
  noopDecorators: [],
  whitelist: [],
  minor: null,
  baseDir: null,
});

export function deadcodeConfig(py: Pyproject | null): DeadcodeConfig {
  if (!py) return EMPTY_DEADCODE_CONFIG;
  const section = py.tsrs.deadcode;
  const baseDir = dirname(py.path);
  if (section === undefined) return { ...EMPTY_DEADCODE_CONFIG, baseDir };
  const key = "tool.tsrs.deadcode";
  const file = py.path;
  if (!isTable(section)) throw new ConfigError(file, key, "expected a table");
  rejectUnknownKeys(file, key, section, KEYS);
  const list = (name: (typeof KEYS)[number]): string[] => (section[name] === undefined ? [] : expectStringList(file, `${key}.${name}`, section[name]));
  let mode: DeadcodeMode | null = null;
  if (section.mode !== undefined) {
    const v = expectString(file, `${key}.mode`, section.mode);
    if (v !== "auto" && v !== "library" && v !== "app") throw new ConfigError(file, `${key}.mode`, `expected "auto", "library" or "app", got "${v}"`);
    mode = v;
  }
  let minConfidence: number | null = null;
  if (section["min-confidence"] !== undefined) {
    const v = section["min-confidence"];
    const n = typeof v === "bigint" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 100) throw new ConfigError(file, `${key}.min-confidence`, `expected a whole number from 0 to 100, got ${JSON.stringify(String(v))}`);
    minConfidence = n;
  }
  let minor: number | null = null;
  if (section.python !== undefined) {
    const text = expectString(file, `${key}.python`, section.python);
    try {
      minor = parsePythonVersion(text);
    } catch (e) {
      throw new ConfigError(file, `${key}.python`, (e as Error).message);
    }
  }
  return Object.freeze({
    mode,
    roots: list("roots"),
    minConfidence,
    exclude: list("exclude"),
    ignoreNames: list("ignore-names"),
    noopDecorators: list("noop-decorators"),
    whitelist: list("whitelist"),
    minor,
    baseDir,
  });
}
