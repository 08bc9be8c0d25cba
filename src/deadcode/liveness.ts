/**
 * Reachability from the roots over the linked program.
 *
 * A node (definition or module code) is alive when a live node uses it. Two refinements:
 * - a class member (method, property, nested class) is alive only when it is used *and* its class
 *   is alive: a use that comes first is remembered ("wanted") until the class comes alive;
 * - when a member is alive, its overrides in subclasses are too (a call through the base reaches
 *   them).
 * Attribute uses are by name: a live `.name` on an unknown receiver reaches every class member
 * and module-level definition named `name`; on `self`/`cls`/a class only the members. A live
 * computed name with a literal prefix (`"visit_" + kind`) reaches every name with that prefix.
 */
import { DefFlag, DefKind } from "../graph/callgraph/facts.js";
import type { Program } from "../graph/callgraph/program.js";
import type { ClassAncestry } from "./hierarchy.js";
import type { RootMark } from "./roots/types.js";

export interface Liveness {
  alive: Uint8Array;
  /** The node that first made each node alive (-1 for roots and dead nodes). */
  via: Int32Array;
  /** 1 where that was by name alone (an attribute, member or prefix used somewhere), not a resolved reference. */
  byName: Uint8Array;
  /** Root marks by node. */
  roots: Map<number, RootMark>;
  /** Attribute names used on unknown receivers / on classes, by live code. */
  attrs: Set<string>;
  members: Set<string>;
  prefixes: Set<string>;
}

export function computeLiveness(
  program: Program,
  ancestry: ClassAncestry,
  roots: Map<number, RootMark>,
  rootAttrs: Map<string, RootMark>,
): Liveness {
  const n = program.nodeCount;
  const alive = new Uint8Array(n);
  const wanted = new Uint8Array(n);
  const via = new Int32Array(n).fill(-1);
  const byName = new Uint8Array(n);
  const wantedByName = new Uint8Array(n);
  const wantedVia = new Int32Array(n).fill(-1);
  const attrs = new Set<string>();
  const members = new Set<string>();
  const prefixes = new Set<string>();
  const queue: number[] = [];
  const defCount = program.defCount;

  const isMember = (d: number): boolean => d < defCount && (program.flags(d) & DefFlag.Member) !== 0;

  const mark = (d: number, from: number, named = 0): void => {
    if (alive[d]) return;
    if (isMember(d)) {
      const cls = program.defParent[d]!;
      if (cls >= 0 && !alive[cls]) {
        if (!wanted[d]) {
          wanted[d] = 1;
          wantedVia[d] = from;
          wantedByName[d] = named;
        }
        return;
      }
    }
    alive[d] = 1;
    via[d] = from;
    byName[d] = named;
    queue.push(d);
  };

  const useMember = (name: string, from: number): void => {
    if (members.has(name)) return;
    members.add(name);
    for (const d of program.membersByName.get(name) ?? []) mark(d, from, 1);
  };
  const useAttr = (name: string, from: number): void => {
    if (attrs.has(name)) return;
    attrs.add(name);
    useMember(name, from);
    // Module-level names other than imports: `obj.name` may be a module's function, class or
    // variable; an import is reached through real references and paths.
    for (const d of program.topByName.get(name) ?? []) if (program.kind(d) !== DefKind.Import) mark(d, from, 1);
  };
  // Names sorted once, so each prefix finds its names by binary search (a program uses hundreds
  // of prefixes: `visit_`, `do_`, `_print_`…).
  let memberNames: string[] | null = null;
  let topNames: string[] | null = null;
  const usePrefix = (prefix: string, from: number): void => {
    if (prefixes.has(prefix)) return;
    prefixes.add(prefix);
    memberNames ??= [...program.membersByName.keys()].sort();
    topNames ??= [...program.topByName.keys()].sort();
    for (const name of withPrefix(memberNames, prefix)) for (const d of program.membersByName.get(name)!) mark(d, from, 1);
    for (const name of withPrefix(topNames, prefix)) for (const d of program.topByName.get(name)!) if (program.kind(d) !== DefKind.Import) mark(d, from, 1);
  };

  for (const [node] of roots) mark(node, -1);
  for (const [name] of rootAttrs) useAttr(name, -1);

  while (queue.length > 0) {
    const d = queue.pop()!;
    for (const t of program.defTargets[d]!) mark(t, d);
    for (const m of program.moduleTargets[d]!) mark(program.moduleNode(m), d);
    for (const a of program.attrTargets[d]!) useAttr(a, d);
    for (const a of program.memberTargets[d]!) useMember(a, d);
    for (const p of program.prefixTargets[d]!) usePrefix(p, d);
    for (const c of program.dynamicMemberTargets[d]!) {
      // `getattr(self, name)` reaches what the instance has: its class's members, inherited ones
      // and, since `self` may be a subclass instance, those of every subclass.
      for (const cls of [c, ...ancestry.of(c).ancestors, ...ancestry.descendants(c)]) for (const m of program.membersOf.get(cls) ?? []) mark(m, d);
    }
    if (d >= defCount) continue;
    const own = program.membersOf.get(d);
    if (own) for (const m of own) if (wanted[m]) mark(m, wantedVia[m]!, wantedByName[m]!);
    if (isMember(d)) for (const o of ancestry.overriders(d)) mark(o, d);
  }
  return { alive, via, byName, roots, attrs, members, prefixes };
}

/** The names of a sorted list that start with `prefix`. */
function withPrefix(sorted: readonly string[], prefix: string): string[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}
