/**
 * PEP 440 versions: parsing and ordering, enough for marker comparisons (`python_version >= "3.8"`)
 * and for specifiers (`>=1.0,<2`, `~=1.4`, `==1.*`, `!=1.3`). Versions that do not parse compare
 * as strings, as the `packaging` library's legacy fallback did.
 */

export interface Pep440 {
  epoch: number;
  release: number[];
  /** ["a" | "b" | "rc", n] or null. */
  pre: [string, number] | null;
  post: number | null;
  dev: number | null;
  local: string | null;
}

const VERSION =
  /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

export function parseVersion(text: string): Pep440 | null {
  const m = VERSION.exec(text);
  if (!m) return null;
  let pre: [string, number] | null = null;
  if (m[3]) {
    const l = m[3].toLowerCase();
    pre = [l === "alpha" ? "a" : l === "beta" ? "b" : l === "a" || l === "b" ? l : "rc", Number(m[4] ?? 0)];
  }
  const post = m[5] !== undefined ? Number(m[5]) : m[6] ? Number(m[7] ?? 0) : null;
  return {
    epoch: Number(m[1] ?? 0),
    release: m[2]!.split(".").map(Number),
    pre,
    post,
    dev: m[8] ? Number(m[9] ?? 0) : null,
    local: m[10] ? m[10].toLowerCase() : null,
  };
}

function cmpNum(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpRelease(a: number[], b: number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = cmpNum(a[i] ?? 0, b[i] ?? 0);
    if (c) return c;
  }
  return 0;
}

const PRE_RANK: Record<string, number> = { a: 0, b: 1, rc: 2 };

/** Orders two parsed versions (local labels compared last, as strings). */
export function compareVersions(a: Pep440, b: Pep440): number {
  let c = cmpNum(a.epoch, b.epoch) || cmpRelease(a.release, b.release);
  if (c) return c;
  // dev-only releases sort before pre-releases, which sort before the final release.
  const preKey = (v: Pep440): [number, number] =>
    v.pre ? [PRE_RANK[v.pre[0]]!, v.pre[1]] : v.post === null && v.dev !== null ? [-1, 0] : [3, 0];
  const [pa, pn] = preKey(a);
  const [pb, qn] = preKey(b);
  c = cmpNum(pa, pb) || cmpNum(pn, qn);
  if (c) return c;
  c = cmpNum(a.post ?? -1, b.post ?? -1);
  if (c) return c;
  c = cmpNum(a.dev ?? Infinity, b.dev ?? Infinity);
  if (c) return c;
  const la = a.local ?? "";
  const lb = b.local ?? "";
  return la < lb ? -1 : la > lb ? 1 : 0;
}

/** Whether `version` satisfies one clause such as `>=1.0` or `==2.*`. Unknown operators fail closed. */
export function satisfiesClause(version: string, op: string, target: string): boolean {
  if (op === "===") return version.trim() === target.trim();
  const v = parseVersion(version);
  if (op === "==" || op === "!=") {
    let eq: boolean;
    if (target.endsWith(".*")) {
      const t = parseVersion(target.slice(0, -2));
      eq = !!v && !!t && v.epoch === t.epoch && t.release.every((n, i) => (v.release[i] ?? 0) === n);
    } else {
      const t = parseVersion(target);
      eq = v && t ? compareVersions({ ...v, local: t.local === null ? null : v.local }, t) === 0 : version === target;
    }
    return op === "==" ? eq : !eq;
  }
  const t = parseVersion(target);
  if (!v || !t) return false;
  const c = compareVersions({ ...v, local: null }, t);
  switch (op) {
    case ">=":
      return c >= 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0 && !(v.post !== null && t.post === null && cmpRelease(v.release, t.release) === 0);
    case "<":
      return c < 0 && !(v.pre !== null && t.pre === null && cmpRelease(v.release, t.release) === 0);
    case "~=": {
      if (t.release.length < 2) return false;
      const prefix = t.release.slice(0, -1);
      return c >= 0 && prefix.every((n, i) => (v.release[i] ?? 0) === n);
    }
    default:
      return false;
  }
}

/** Whether `version` satisfies a comma-separated specifier set (empty: anything). */
export function satisfiesSpecifier(version: string, specifier: string): boolean {
  for (const clause of specifier.split(",")) {
    const s = clause.trim();
    if (!s) continue;
    const m = /^(===|~=|==|!=|<=|>=|<|>)\s*(.+)$/.exec(s);
    if (!m || !satisfiesClause(version, m[1]!, m[2]!)) return false;
  }
  return true;
}
