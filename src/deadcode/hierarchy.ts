/**
 * Class hierarchy queries over the linked program: ancestors and descendants among the program's
 * classes, the external (standard library, dependency) bases behind them, which member names those
 * external bases have (so a project method of such a name is an override the base machinery may
 * call), and whether some base is unknown (then any method might be such an override).
 */
import { DefKind } from "../graph/callgraph/facts.js";
import type { Program } from "../graph/callgraph/program.js";
import { stdlibClassNames, stdlibPrefixHooks } from "./known/stdlib-classes.js";

interface Ancestry {
  /** Program classes above this one (transitive). */
  ancestors: number[];
  /** External bases anywhere above (dotted names). */
  external: string[];
  /** Some base above is unknown or an external class we have no table for. */
  unknown: boolean;
  /** Member names of the known external bases. */
  externalNames: Set<string>;
  /** Name prefixes the external bases call by computed name. */
  prefixes: string[];
}

export class ClassAncestry {
  private readonly memo = new Map<number, Ancestry>();
  private readonly descMemo = new Map<number, number[]>();
  private readonly inheritedMemo = new Map<number, Inherited>();

  constructor(private readonly program: Program) {}

  of(cls: number): Ancestry {
    const hit = this.memo.get(cls);
    if (hit) return hit;
    const out: Ancestry = { ancestors: [], external: [], unknown: false, externalNames: new Set(), prefixes: [] };
    this.memo.set(cls, out); // cycle guard (a class cannot really derive from itself)
    const info = this.program.classes.get(cls);
    if (!info) return out;
    if (info.unknown) out.unknown = true;
    for (const e of info.external) this.addExternal(out, e);
    for (const b of info.bases) {
      if (b === cls) continue;
      if (!out.ancestors.includes(b)) out.ancestors.push(b);
      const a = this.of(b);
      for (const x of a.ancestors) if (!out.ancestors.includes(x) && x !== cls) out.ancestors.push(x);
      for (const e of a.external) if (!out.external.includes(e)) out.external.push(e);
      for (const n of a.externalNames) out.externalNames.add(n);
      for (const p of a.prefixes) if (!out.prefixes.includes(p)) out.prefixes.push(p);
      if (a.unknown) out.unknown = true;
    }
    return out;
  }

  private addExternal(out: Ancestry, dotted: string): void {
    if (!out.external.includes(dotted)) out.external.push(dotted);
    if (dotted === "builtins.object") return;
    const names = stdlibClassNames(dotted);
    if (names === null) {
      out.unknown = true;
      return;
    }
    for (const n of names) out.externalNames.add(n);
    for (const p of stdlibPrefixHooks(dotted)) if (!out.prefixes.includes(p)) out.prefixes.push(p);
  }

  /** Program classes deriving from `cls` (transitive). */
  descendants(cls: number): number[] {
    const hit = this.descMemo.get(cls);
    if (hit) return hit;
    const out: number[] = [];
    const seen = new Set<number>([cls]);
    const stack = [...(this.program.subclasses.get(cls) ?? [])];
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      out.push(c);
      for (const s of this.program.subclasses.get(c) ?? []) stack.push(s);
    }
    out.sort((a, b) => a - b);
    this.descMemo.set(cls, out);
    return out;
  }

  /** Members of descendant classes with the same name as `member` (its overrides). */
  overriders(member: number): number[] {
    const p = this.program;
    const cls = p.defParent[member]!;
    if (cls < 0 || p.kind(cls) !== DefKind.Class) return [];
    const name = p.name(member);
    const out: number[] = [];
    for (const d of this.descendants(cls)) for (const m of p.membersOf.get(d) ?? []) if (p.name(m) === name) out.push(m);
    return out;
  }

  /**
   * What the member's class and the program classes deriving from it inherit from outside, merged:
   * a mixin's method is inherited into each subclass, whose other bases call it by name as if it
   * were the subclass's own (`class Collector(NamesMixin, ast.NodeVisitor)` — NodeVisitor calls
   * NamesMixin.visit_Name). Computed once per class.
   */
  private inherited(cls: number): Inherited {
    const hit = this.inheritedMemo.get(cls);
    if (hit) return hit;
    const own = this.of(cls);
    const out: Inherited = { unknownAbove: own.unknown, unknownBelow: false, names: new Map(), prefixes: new Map() };
    for (const c of [cls, ...this.descendants(cls)]) {
      const a = this.of(c);
      if (c !== cls && a.unknown) out.unknownBelow = true;
      const base = a.external.find((e) => e !== "builtins.object") ?? "a base";
      for (const n of a.externalNames) if (!out.names.has(n)) out.names.set(n, base);
      for (const p of a.prefixes) if (!out.prefixes.has(p)) out.prefixes.set(p, base);
    }
    this.inheritedMemo.set(cls, out);
    return out;
  }

  /**
   * The known external base (stdlib) whose member `member` overrides — by name or by a prefix the
   * base calls by computed name — in its class or in a class inheriting it; null if none.
   */
  overriddenExternal(member: number): string | null {
    const cls = this.program.defParent[member]!;
    if (cls < 0) return null;
    const name = this.program.name(member);
    const h = this.inherited(cls);
    const byName = h.names.get(name);
    if (byName !== undefined) return byName;
    for (const [prefix, base] of h.prefixes) if (name.startsWith(prefix)) return base;
    return null;
  }

  /**
   * Where an unknown base is that may call `member` (it may override something we cannot see):
   * above its own class, above a class inheriting it (a mixin's method), or nowhere (null).
   */
  unknownBase(member: number): "class" | "inheritor" | null {
    const cls = this.program.defParent[member]!;
    if (cls < 0 || this.program.kind(cls) !== DefKind.Class) return null;
    const h = this.inherited(cls);
    return h.unknownAbove ? "class" : h.unknownBelow ? "inheritor" : null;
  }
}

/** What a class and the classes deriving from it inherit from outside (see `inherited`). */
interface Inherited {
  /** Some base above the class is unknown. */
  unknownAbove: boolean;
  /** Some base above a class deriving from it is unknown. */
  unknownBelow: boolean;
  /** Member names of the known external bases, each with a base that has it. */
  names: Map<string, string>;
  /** Prefixes the external bases call by computed name, each with its base. */
  prefixes: Map<string, string>;
}
