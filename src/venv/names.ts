/** Distribution and module name normalisation (PEP 503, PEP 427 file-name escaping). */

/** PEP 503 normalised name: lower case, runs of `-`, `_`, `.` become one `-`. */
export function canonicalName(name: string): string {
  return name.replace(/[-_.]+/g, "-").toLowerCase();
}

/** The name as it appears in a `.dist-info` folder name (`-`/`.` runs become `_`). */
export function wheelEscape(name: string): string {
  return name.replace(/[-_.]+/g, "_");
}

/** Splits `name-version.dist-info` / `name-version-py3.11.egg-info` into name and version. */
export function splitMetadataDirName(dir: string): { name: string; version: string } {
  const stem = dir.replace(/\.(dist-info|egg-info)$/, "");
  const dash = stem.indexOf("-");
  if (dash < 0) return { name: stem, version: "" };
  const rest = stem.slice(dash + 1);
  const py = rest.search(/-py\d/);
  return { name: stem.slice(0, dash), version: py < 0 ? rest : rest.slice(0, py) };
}

/** Whether `s` is a valid Python identifier made of ASCII letters, digits and `_` (import names). */
export function isModuleName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}
