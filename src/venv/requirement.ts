/**
 * PEP 508 requirements (`Requires-Dist: name[extra] >=1.0 ; python_version < "3.11"`) and the
 * environment markers they carry, evaluated for a target environment (its Python version and
 * platform, not the machine tsrs runs on).
 */
import { canonicalName } from "./names.js";
import { satisfiesClause } from "./pep440.js";

export interface Requirement {
  /** The name as written. */
  name: string;
  /** PEP 503 normalised name. */
  key: string;
  extras: string[];
  /** Specifier text (`>=1.0,<2`), "" when none. */
  specifier: string;
  url: string | null;
  /** Marker text, "" when none. */
  marker: string;
  /** The requirement as written (trimmed). */
  text: string;
}

/** Marker variables of a target environment (PEP 508 names). */
export type MarkerEnvironment = Readonly<Record<string, string>>;

export class RequirementSyntaxError extends Error {
  override readonly name = "RequirementSyntaxError";
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/;

/** Splits a requirement at its marker (`;` outside a URL), then parses name, extras, version. */
export function parseRequirement(text: string): Requirement {
  const t = text.trim();
  const m = NAME.exec(t);
  if (!m) throw new RequirementSyntaxError(`not a requirement: '${text}'`);
  let rest = t.slice(m[0].length);
  let extras: string[] = [];
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close < 0) throw new RequirementSyntaxError(`unclosed extras in '${text}'`);
    extras = rest
      .slice(1, close)
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean);
    rest = rest.slice(close + 1).trimStart();
  }
  let url: string | null = null;
  let specifier = "";
  let marker = "";
  if (rest.startsWith("@")) {
    // A URL ends at white space; a marker may follow after `;`.
    const u = /^@\s*(\S+)\s*(?:;(.*))?$/s.exec(rest);
    if (!u) throw new RequirementSyntaxError(`bad URL in '${text}'`);
    url = u[1]!;
    marker = (u[2] ?? "").trim();
  } else {
    const semi = rest.indexOf(";");
    let spec = semi < 0 ? rest : rest.slice(0, semi);
    marker = semi < 0 ? "" : rest.slice(semi + 1).trim();
    spec = spec.trim();
    if (spec.startsWith("(") && spec.endsWith(")")) spec = spec.slice(1, -1);
    specifier = spec.replace(/\s+/g, "");
    if (specifier && !/^(?:(?:===|~=|==|!=|<=|>=|<|>)[^,<>=!~]+,?)+$/.test(specifier)) {
      throw new RequirementSyntaxError(`bad version specifier '${spec}' in '${text}'`);
    }
  }
  if (marker) parseMarker(marker); // validate now, so that a bad marker is reported with its requirement
  return { name: m[1]!, key: canonicalName(m[1]!), extras, specifier, url, marker, text: t };
}

// ---------------------------------------------------------------- markers

interface MarkerBool {
  kind: "and" | "or";
  left: MarkerNode;
  right: MarkerNode;
}
interface MarkerCmp {
  kind: "cmp";
  left: MarkerValue;
  op: string;
  right: MarkerValue;
}
type MarkerNode = MarkerBool | MarkerCmp;
type MarkerValue = { variable: string } | { literal: string };

const VARIABLE_ALIASES: Record<string, string> = {
  "os.name": "os_name",
  "sys.platform": "sys_platform",
  "platform.version": "platform_version",
  "platform.machine": "platform_machine",
  "platform.python_implementation": "platform_python_implementation",
  python_implementation: "platform_python_implementation",
};
const VARIABLES = new Set([
  "python_version", "python_full_version", "os_name", "sys_platform", "platform_release", "platform_system",
  "platform_version", "platform_machine", "platform_python_implementation", "implementation_name",
  "implementation_version", "extra",
]);

const markerCache = new Map<string, MarkerNode>();

function tokenizeMarker(text: string): string[] {
  const tokens: string[] = [];
  const re = /\s*(?:("[^"]*"|'[^']*')|(===|~=|==|!=|<=|>=|<|>)|(\(|\))|([A-Za-z_][A-Za-z0-9_.]*))/y;
  let i = 0;
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw new RequirementSyntaxError(`bad marker '${text}' near '${text.slice(i)}'`);
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
    i = re.lastIndex;
  }
  return tokens;
}

export function parseMarker(text: string): MarkerNode {
  const cached = markerCache.get(text);
  if (cached) return cached;
  const tokens = tokenizeMarker(text);
  let pos = 0;
  const fail = (): never => {
    throw new RequirementSyntaxError(`bad marker '${text}'`);
  };
  const value = (): MarkerValue => {
    const t = tokens[pos++] ?? fail();
    if (t.startsWith('"') || t.startsWith("'")) return { literal: t.slice(1, -1) };
    const v = VARIABLE_ALIASES[t] ?? t;
    if (!VARIABLES.has(v)) fail();
    return { variable: v };
  };
  const expr = (): MarkerNode => {
    if (tokens[pos] === "(") {
      pos++;
      const inner = or();
      if (tokens[pos++] !== ")") fail();
      return inner;
    }
    const left = value();
    let op = tokens[pos++] ?? fail();
    if (op === "not") {
      if (tokens[pos++] !== "in") fail();
      op = "not in";
    } else if (op !== "in" && !/^(===|~=|==|!=|<=|>=|<|>)$/.test(op)) fail();
    return { kind: "cmp", left, op, right: value() };
  };
  const and = (): MarkerNode => {
    let left = expr();
    while (tokens[pos] === "and") {
      pos++;
      left = { kind: "and", left, right: expr() };
    }
    return left;
  };
  const or = (): MarkerNode => {
    let left = and();
    while (tokens[pos] === "or") {
      pos++;
      left = { kind: "or", left, right: and() };
    }
    return left;
  };
  const node = or();
  if (pos !== tokens.length) fail();
  markerCache.set(text, node);
  return node;
}

/** Evaluates a marker; `extras` are the extras requested of the distribution that carries it. */
export function evaluateMarker(text: string, env: MarkerEnvironment, extras: readonly string[] = []): boolean {
  if (!text.trim()) return true;
  const wanted = new Set(extras.map(canonicalName));
  const resolve = (v: MarkerValue): [string, boolean] =>
    "literal" in v ? [v.literal, false] : [env[v.variable] ?? "", v.variable === "extra"];
  const run = (n: MarkerNode): boolean => {
    if (n.kind !== "cmp") return n.kind === "and" ? run(n.left) && run(n.right) : run(n.left) || run(n.right);
    const [l, lExtra] = resolve(n.left);
    const [r, rExtra] = resolve(n.right);
    if (lExtra || rExtra) {
      const other = canonicalName(lExtra ? r : l);
      const has = wanted.has(other);
      return n.op === "==" || n.op === "===" ? has : n.op === "!=" ? !has : false;
    }
    switch (n.op) {
      case "in":
        return r.includes(l);
      case "not in":
        return !r.includes(l);
      case "===":
        return l === r;
    }
    if (/^\s*v?\d/.test(l) && /^\s*v?\d/.test(r)) return satisfiesClause(l, n.op, r);
    switch (n.op) {
      case "==":
        return l === r;
      case "!=":
        return l !== r;
      case "<":
        return l < r;
      case "<=":
        return l <= r;
      case ">":
        return l > r;
      case ">=":
        return l >= r;
      default:
        return false;
    }
  };
  return run(parseMarker(text));
}
