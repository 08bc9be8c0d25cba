/**
 * `[tool.tsrs.slim]`: defaults for `tsrs slim`, validated and frozen. CLI flags are applied on top
 * by the command (lists are merged, scalars replaced).
 *
 * ```toml
 * [tool.tsrs.slim]
 * keep = ["gunicorn"]          # distributions kept even if no import reaches them
 * drop = ["setuptools"]        # distributions dropped even if imported
 * entry = ["src/app/main.py"]  # only these entry files instead of the whole code folder
 * include-tests = false        # leave out tests/ (default: true)
 * keep-optional = true         # follow libraries' optional imports in functions (default: false)
 * exclude = ["scripts"]        # paths (relative to the code folder) that are not runtime code
 * verify = "python -m pytest"  # command run inside the slim venv
 * ```
 */
import { dirname } from "node:path";
import { ConfigError } from "./errors.js";
import { expectBoolean, expectString, expectStringList, isTable, rejectUnknownKeys, type Pyproject } from "./pyproject.js";

export interface SlimSettings {
  keep: readonly string[];
  drop: readonly string[];
  /** Entry files, relative to the pyproject folder, or null (whole code folder). */
  entry: readonly string[] | null;
  includeTests: boolean | null;
  keepOptional: boolean | null;
  exclude: readonly string[] | null;
  verify: string | null;
  /** Folder of the pyproject.toml (entry paths are relative to it). */
  baseDir: string | null;
}

const KEYS = ["keep", "drop", "entry", "include-tests", "keep-optional", "exclude", "verify"] as const;

export const EMPTY_SLIM_SETTINGS: SlimSettings = Object.freeze({
  keep: [],
  drop: [],
  entry: null,
  includeTests: null,
  keepOptional: null,
  exclude: null,
  verify: null,
  baseDir: null,
});

export function slimSettings(py: Pyproject | null): SlimSettings {
  if (!py) return EMPTY_SLIM_SETTINGS;
  const section = py.tsrs.slim;
  if (section === undefined) return { ...EMPTY_SLIM_SETTINGS, baseDir: dirname(py.path) };
  const key = "tool.tsrs.slim";
  if (!isTable(section)) throw new ConfigError(py.path, key, "expected a table");
  rejectUnknownKeys(py.path, key, section, KEYS);
  return Object.freeze({
    keep: section.keep === undefined ? [] : expectStringList(py.path, `${key}.keep`, section.keep),
    drop: section.drop === undefined ? [] : expectStringList(py.path, `${key}.drop`, section.drop),
    entry: section.entry === undefined ? null : expectStringList(py.path, `${key}.entry`, section.entry),
    includeTests: section["include-tests"] === undefined ? null : expectBoolean(py.path, `${key}.include-tests`, section["include-tests"]),
    keepOptional: section["keep-optional"] === undefined ? null : expectBoolean(py.path, `${key}.keep-optional`, section["keep-optional"]),
    exclude: section.exclude === undefined ? null : expectStringList(py.path, `${key}.exclude`, section.exclude),
    verify: section.verify === undefined ? null : expectString(py.path, `${key}.verify`, section.verify),
    baseDir: dirname(py.path),
  });
}
