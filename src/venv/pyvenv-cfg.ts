/**
 * `pyvenv.cfg`: `key = value` lines, read the way CPython's `site` module reads them (keys are
 * lower-cased and stripped, the first `=` splits, lines without one are ignored). Entries keep
 * their order and original spelling so that the file can be rewritten for a new location.
 */

export interface PyvenvCfg {
  /** Lower-cased keys to stripped values (the last occurrence wins, as in `site`). */
  values: ReadonlyMap<string, string>;
  /** The original lines, for rewriting. */
  lines: readonly string[];
}

export function parsePyvenvCfg(text: string): PyvenvCfg {
  const values = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  for (const line of lines) {
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    if (key) values.set(key, line.slice(eq + 1).trim());
  }
  return { values, lines };
}

/** A version "3.11.7", "3.12.0rc1", or "3.11.7.final.0" (virtualenv's `version_info`). */
export function parseVersionText(text: string): { major: number; minor: number; micro: number | null } | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), micro: m[3] === undefined ? null : Number(m[3]) };
}
