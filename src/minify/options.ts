/**
 * Minifier settings: one frozen, fully defaulted object passed down the pipeline. Built from the
 * defaults, then `[tool.tsrs.minify]` (src/config/minify.ts), then command-line flags.
 *
 * Default: every transform that cannot change behaviour is on; the ones that can are opt-in
 * (`renameGlobals`). Docstring removal is on (it is what `python -OO` does; a module's docstring is
 * kept when the module reads `__doc__`).
 */
import { DEFAULT_MINOR } from "../python/errors.js";

export type Layout = "compact" | "preserve";

export interface MinifySettings {
  /** Python 3 minor version the input targets; output never needs a newer one. */
  readonly minor: number;
  /** "compact": reprint with minimal whitespace; "preserve": source edits, original lines kept. */
  readonly layout: Layout;
  /** One indentation level in compact layout: " " or "\t". */
  readonly indent: " " | "\t";
  readonly removeDocstrings: boolean;
  readonly removePass: boolean;
  /** Comments are always dropped by the compact printer; in preserve layout this strips them too. */
  readonly removeComments: boolean;
  /** Keep the comment block at the top of the file (after shebang and coding cookie). */
  readonly keepLicenseHeader: boolean;
  readonly renameLocals: boolean;
  /** Opt-in: rename module-level private names nothing outside can import. */
  readonly renameGlobals: boolean;
}

export const DEFAULT_SETTINGS: MinifySettings = Object.freeze({
  minor: DEFAULT_MINOR,
  layout: "compact",
  indent: " ",
  removeDocstrings: true,
  removePass: true,
  removeComments: true,
  keepLicenseHeader: false,
  renameLocals: true,
  renameGlobals: false,
});

/** Settings with `overrides` applied over `base` (undefined entries are ignored). */
export function mergeSettings(base: MinifySettings, overrides: Partial<{ -readonly [K in keyof MinifySettings]: MinifySettings[K] | undefined }>): MinifySettings {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) out[k] = v;
  return Object.freeze(out) as unknown as MinifySettings;
}

/** A stable string of the settings that change output (cache keys, plan checks). */
export function settingsKey(s: MinifySettings): string {
  return JSON.stringify([
    s.minor, s.layout, s.indent, s.removeDocstrings, s.removePass, s.removeComments, s.keepLicenseHeader,
    s.renameLocals, s.renameGlobals,
  ]);
}
