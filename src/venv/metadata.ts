/**
 * The small text formats inside `.dist-info` / `.egg-info` folders: core metadata headers
 * (METADATA / PKG-INFO, RFC 822 style), `entry_points.txt` (INI), `top_level.txt`, egg-info
 * `requires.txt` (sections `[extra]`, `[:marker]`, `[extra:marker]`) and `direct_url.json`.
 */

export interface CoreMetadata {
  /** Header values by lower-cased name, in file order (repeatable headers keep every value). */
  headers: Map<string, string[]>;
}

export function parseCoreMetadata(text: string): CoreMetadata {
  const headers = new Map<string, string[]>();
  let last: string[] | null = null;
  let lastIndex = -1;
  for (const raw of text.split(/\r?\n/)) {
    if (raw === "") break; // the body (long description) follows the first blank line
    if ((raw.startsWith(" ") || raw.startsWith("\t")) && last) {
      last[lastIndex] += "\n" + raw.trim();
      continue;
    }
    const colon = raw.indexOf(":");
    if (colon <= 0) continue;
    const key = raw.slice(0, colon).trim().toLowerCase();
    const value = raw.slice(colon + 1).trim();
    let list = headers.get(key);
    if (!list) headers.set(key, (list = []));
    list.push(value);
    last = list;
    lastIndex = list.length - 1;
  }
  return { headers };
}

export function header(md: CoreMetadata, name: string): string | null {
  return md.headers.get(name.toLowerCase())?.[0] ?? null;
}

export function headers(md: CoreMetadata, name: string): string[] {
  return md.headers.get(name.toLowerCase()) ?? [];
}

export interface EntryPoint {
  group: string;
  name: string;
  /** `module:attr` or `module`, extras stripped. */
  value: string;
}

/** `entry_points.txt`: INI sections are groups; `name = module:attr [extras]`. */
export function parseEntryPoints(text: string): EntryPoint[] {
  const out: EntryPoint[] = [];
  let group: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    if (line.startsWith("[") && line.endsWith("]")) {
      group = line.slice(1, -1).trim();
      continue;
    }
    if (group === null) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const name = line.slice(0, eq).trim();
    const value = line
      .slice(eq + 1)
      .replace(/\[[^\]]*\]\s*$/, "")
      .trim();
    out.push({ group, name, value });
  }
  return out;
}

/** The module an entry point loads (`pkg.mod:attr.sub` → `pkg.mod`). */
export function entryPointModule(value: string): string {
  const colon = value.indexOf(":");
  return (colon < 0 ? value : value.slice(0, colon)).trim();
}

/** Non-empty, non-comment lines (`top_level.txt`, `installed-files.txt`, `SOURCES.txt`). */
export function parseLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
}

/** egg-info `requires.txt` as PEP 508 strings with the section's extra and marker folded in. */
export function parseRequiresTxt(text: string): string[] {
  const out: string[] = [];
  let extra = "";
  let marker = "";
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    if (line.startsWith("[") && line.endsWith("]")) {
      const inner = line.slice(1, -1);
      const colon = inner.indexOf(":");
      extra = (colon < 0 ? inner : inner.slice(0, colon)).trim();
      marker = colon < 0 ? "" : inner.slice(colon + 1).trim();
      continue;
    }
    const parts: string[] = [];
    if (marker) parts.push(`(${marker})`);
    if (extra) parts.push(`extra == "${extra}"`);
    if (parts.length === 0) out.push(line);
    else {
      const semi = line.indexOf(";");
      const own = semi < 0 ? "" : line.slice(semi + 1).trim();
      const base = semi < 0 ? line : line.slice(0, semi).trim();
      if (own) parts.unshift(`(${own})`);
      out.push(`${base} ; ${parts.join(" and ")}`);
    }
  }
  return out;
}

export interface DirectUrl {
  url: string | null;
  editable: boolean;
}

export function parseDirectUrl(text: string): DirectUrl | null {
  try {
    const j = JSON.parse(text) as { url?: unknown; dir_info?: { editable?: unknown } };
    return { url: typeof j.url === "string" ? j.url : null, editable: j.dir_info?.editable === true };
  } catch {
    return null;
  }
}
