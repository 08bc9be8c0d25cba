/**
 * `[tool.tsrs.minify]`: defaults for `tsrs minify*` and `tsrs apply-plan*`, validated and normalised
 * into a partial of {@link MinifySettings} (command-line flags are applied on top).
 *
 * ```toml
 * [tool.tsrs.minify]
 * python = "3.9"               # target version (the output never needs a newer one)
 * layout = "compact"           # or "preserve": keep the line structure
 * indent = "space"             # or "tab" (compact layout)
 * remove-docstrings = true
 * remove-pass = true
 * remove-comments = true       # preserve layout only; compact output keeps type comments only
 * keep-license-header = false
 * rename-locals = true
 * rename-globals = false       # opt-in: private module-level names
 * include = ["src/**"]         # minify-dir globs (relative to DIR)
 * exclude = ["build/**", "docs/**"]
 * ```
 */
import { parsePythonVersion } from "../python/errors.js";
import type { MinifySettings } from "../minify/options.js";
import { ConfigError } from "./errors.js";
import { expectBoolean, expectString, expectStringList, isTable, rejectUnknownKeys, type Pyproject } from "./pyproject.js";

export type MinifyConfig = Partial<{ -readonly [K in keyof MinifySettings]: MinifySettings[K] }> & {
  include?: string[];
  exclude?: string[];
};

const KEYS = [
  "python", "layout", "indent", "remove-docstrings", "remove-pass", "remove-comments", "keep-license-header",
  "rename-locals", "rename-globals", "include", "exclude",
] as const;

export function minifyConfig(py: Pyproject | null): MinifyConfig {
  if (!py) return {};
  const section = py.tsrs.minify;
  if (section === undefined) return {};
  const key = "tool.tsrs.minify";
  const file = py.path;
  if (!isTable(section)) throw new ConfigError(file, key, "expected a table");
  rejectUnknownKeys(file, key, section, KEYS);
  const out: MinifyConfig = {};
  const bool = (name: (typeof KEYS)[number]): boolean | undefined =>
    section[name] === undefined ? undefined : expectBoolean(file, `${key}.${name}`, section[name]);
  if (section.python !== undefined) {
    const text = expectString(file, `${key}.python`, section.python);
    try {
      out.minor = parsePythonVersion(text);
    } catch (e) {
      throw new ConfigError(file, `${key}.python`, (e as Error).message);
    }
  }
  if (section.layout !== undefined) {
    const v = expectString(file, `${key}.layout`, section.layout);
    if (v !== "compact" && v !== "preserve") throw new ConfigError(file, `${key}.layout`, `expected "compact" or "preserve", got "${v}"`);
    out.layout = v;
  }
  if (section.indent !== undefined) {
    const v = expectString(file, `${key}.indent`, section.indent);
    if (v !== "space" && v !== "tab") throw new ConfigError(file, `${key}.indent`, `expected "space" or "tab", got "${v}"`);
    out.indent = v === "tab" ? "\t" : " ";
  }
  out.removeDocstrings = bool("remove-docstrings");
  out.removePass = bool("remove-pass");
  out.removeComments = bool("remove-comments");
  out.keepLicenseHeader = bool("keep-license-header");
  out.renameLocals = bool("rename-locals");
  out.renameGlobals = bool("rename-globals");
  if (section.include !== undefined) out.include = expectStringList(file, `${key}.include`, section.include);
  if (section.exclude !== undefined) out.exclude = expectStringList(file, `${key}.exclude`, section.exclude);
  for (const k of Object.keys(out) as (keyof MinifyConfig)[]) if (out[k] === undefined) delete out[k];
  return out;
}
