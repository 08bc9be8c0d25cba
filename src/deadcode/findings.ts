/**
 * Findings: the outermost dead definitions of the project, each with a confidence built from
 * evidence and a reason in words.
 *
 * Reason: who still refers to it — nobody (`no reference`), only itself (`only used by itself`),
 * or only dead code (`only caller is dead 'other'`).
 *
 * Confidence starts at 100 and drops with each piece of evidence that the static model may miss
 * a use: the name also appears as a string (getattr-style access), the module reads its globals
 * dynamically, the class derives from a base we cannot see (its methods may be hooks), an import
 * may run for its side effects or is an availability check, a variable's value has side effects.
 * A definition used only by dead code is never more certain than that code.
 */
import { Codes, type Code } from "../diagnostics/codes.js";
import { DEF_KIND_NAMES, DefFlag, DefKind, FileFlag } from "../graph/callgraph/facts.js";
import type { Program } from "../graph/callgraph/program.js";
import { isStdlibModule } from "../venv/stdlib.js";
import type { ClassAncestry } from "./hierarchy.js";
import type { Liveness } from "./liveness.js";
import { isDunder } from "./roots/dunders.js";
import { isApiModule } from "./roots/library-api.js";
import { isNoopDecorator } from "./roots/decorators.js";

export interface Finding {
  /** Global definition id. */
  def: number;
  /** Absolute path and path for reports (relative, POSIX). */
  file: string;
  path: string;
  line: number;
  col: number;
  kind: string;
  code: Code;
  /** Qualified name (`Cache.clear` for members). */
  name: string;
  confidence: number;
  /** Reason in words: `no reference`, `only caller is dead 'x'`, plus evidence that lowered the confidence. */
  reason: string;
  /** Dead definitions removed together with this one (overload stubs of the same function). */
  companions: number[];
}

/** Stdlib modules imported for their side effects (an unused import of them is not dead). */
const SIDE_EFFECT_MODULES = new Set(["readline", "rlcompleter", "this", "antigravity", "site", "sitecustomize", "usercustomize", "encodings", "faulthandler", "tracemalloc"]);

const CODES: Record<DefKind, Code> = {
  [DefKind.Function]: Codes.UnusedFunction,
  [DefKind.Class]: Codes.UnusedClass,
  [DefKind.Method]: Codes.UnusedMethod,
  [DefKind.Property]: Codes.UnusedProperty,
  [DefKind.Variable]: Codes.UnusedVariable,
  [DefKind.Import]: Codes.UnusedImport,
};

interface Evidence {
  confidence: number;
  notes: string[];
}

export interface FindingOptions {
  ignoreNames: readonly RegExp[];
  /** Minimum confidence of reported findings (others are still computed). */
  minConfidence: number;
  minor: number;
  /** Library mode: public names may be re-exported. */
  library: boolean;
  /** `noop-decorators` patterns (decorators known to register nothing). */
  noopDecorators: readonly RegExp[];
}

export function computeFindings(program: Program, live: Liveness, ancestry: ClassAncestry, options: FindingOptions): Finding[] {
  const p = program;
  const alive = live.alive;
  const dead = (d: number): boolean => !alive[d];

  // ---- which dead definitions are findings (outermost, reportable)
  const reportable = (d: number): boolean => {
    if (alive[d] || p.file(d).external) return false;
    const parent = p.defParent[d]!;
    if (parent >= 0 && dead(parent)) return false;
    const name = p.name(d);
    if (name === "_" || (p.kind(d) === DefKind.Variable && isDunder(name))) return false;
    if (options.ignoreNames.some((r) => r.test(name) || r.test(p.qual(d)))) return false;
    if (isOverload(p, d)) return false;
    if (p.kind(d) === DefKind.Import && isSideEffectImport(p, d)) return false;
    return true;
  };

  // ---- referrers: who refers to each dead definition (all dead, else it would be alive)
  const referrers = new Map<number, number[]>();
  const addRef = (t: number, s: number): void => {
    const l = referrers.get(t);
    if (l) {
      if (!l.includes(s)) l.push(s);
    } else referrers.set(t, [s]);
  };
  const attrSources = new Map<string, number[]>();
  const memberSources = new Map<string, number[]>();
  for (let s = 0; s < p.nodeCount; s++) {
    if (alive[s]) continue;
    for (const t of p.defTargets[s]!) if (dead(t)) addRef(t, s);
    for (const a of p.attrTargets[s]!) pushTo(attrSources, a, s);
    for (const a of p.memberTargets[s]!) pushTo(memberSources, a, s);
  }
  const nameReferrers = (d: number): number[] => {
    const name = p.name(d);
    const out: number[] = [];
    const member = (p.flags(d) & DefFlag.Member) !== 0;
    for (const s of attrSources.get(name) ?? []) if (member || p.defParent[d] === -1) out.push(s);
    if (member) for (const s of memberSources.get(name) ?? []) out.push(s);
    return out;
  };
  const outermost = (n: number): number => {
    let cur = n;
    while (cur < p.defCount && p.defParent[cur]! >= 0 && dead(p.defParent[cur]!)) cur = p.defParent[cur]!;
    return cur;
  };
  const within = (inner: number, outer: number): boolean => {
    for (let x = inner; x >= 0 && x < p.defCount; x = p.defParent[x]!) if (x === outer) return true;
    return false;
  };

  // ---- own evidence, then the minimum over dead referrers
  const orphan = orphanModules(p, live, options.library);
  const conf = new Map<number, Evidence>();
  const deadDefs: number[] = [];
  for (let d = 0; d < p.defCount; d++) {
    if (alive[d] || p.file(d).external) continue;
    deadDefs.push(d);
    const ev = ownEvidence(p, ancestry, d, options.minor, options.library, options.noopDecorators);
    // (An unused import is dead however its module is loaded — but in test data nothing imports
    // or collects, what the file holds is input for something else: black's formatter cases.)
    if (orphan[p.defFile[d]!] && (p.kind(d) !== DefKind.Import || p.file(d).isTest)) {
      ev.confidence = Math.min(ev.confidence, 50);
      ev.notes.push("its module is never imported (loaded some other way?)");
    }
    conf.set(d, ev);
  }
  const children = new Map<number, number[]>();
  for (const d of deadDefs) {
    const parent = p.defParent[d]!;
    if (parent >= 0) pushTo(children, parent, d);
  }
  const queue = [...deadDefs];
  const inQueue = new Uint8Array(p.defCount);
  for (const d of queue) inQueue[d] = 1;
  while (queue.length > 0) {
    const s = queue.pop()!;
    inQueue[s] = 0;
    const cs = conf.get(outermost(s))?.confidence ?? conf.get(s)!.confidence;
    const targets = [...p.defTargets[s]!];
    for (const a of p.attrTargets[s]!) {
      for (const t of p.membersByName.get(a) ?? []) targets.push(t);
      for (const t of p.topByName.get(a) ?? []) targets.push(t);
    }
    for (const a of p.memberTargets[s]!) for (const t of p.membersByName.get(a) ?? []) targets.push(t);
    for (const t of targets) {
      if (alive[t] || t === s || within(t, s)) continue;
      const e = conf.get(t);
      if (!e || e.confidence <= cs) continue;
      e.confidence = cs;
      // The code inside `t` is now as uncertain as `t`: its uses propagate again.
      const stack = [t];
      while (stack.length > 0) {
        const x = stack.pop()!;
        if (!inQueue[x]) {
          inQueue[x] = 1;
          queue.push(x);
        }
        for (const c of children.get(x) ?? []) stack.push(c);
      }
    }
  }

  const findings: Finding[] = [];
  for (const d of deadDefs) {
    if (!reportable(d)) continue;
    const f = p.file(d);
    const facts = f.facts;
    const local = p.defLocal[d]!;
    const kind = p.kind(d);
    const refs = [...(referrers.get(d) ?? []), ...nameReferrers(d)]
      .map(outermost)
      .filter((s) => s !== d && !within(s, d) && s < p.defCount);
    const selfUse = (referrers.get(d) ?? []).some((s) => s === d || within(s, d));
    const unique = [...new Set(refs)].sort((a, b) => a - b);
    let reason: string;
    if (unique.length === 0) reason = selfUse ? "only used by itself" : "no reference";
    else {
      const labels = unique.slice(0, 3).map((s) => `'${relativeLabel(p, s, d)}'`);
      const more = unique.length > 3 ? ` and ${unique.length - 3} more` : "";
      reason = unique.length === 1 ? `only caller is dead ${labels[0]}` : `only callers are dead: ${labels.join(", ")}${more}`;
    }
    const ev = conf.get(d)!;
    const notes = [reason, ...ev.notes];
    findings.push({
      def: d,
      file: f.path,
      path: f.rel,
      line: facts.defLine[local]!,
      col: facts.defCol[local]!,
      kind: kindName(p, d),
      code: CODES[kind],
      name: facts.defQual[local]!,
      confidence: ev.confidence,
      reason: notes.join("; "),
      companions: overloadCompanions(p, d, alive),
    });
  }
  findings.sort(compareFindings);
  return findings;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || a.col - b.col || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function pushTo<K>(m: Map<K, number[]>, k: K, v: number): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function kindName(p: Program, d: number): string {
  return DEF_KIND_NAMES[p.kind(d)];
}

function relativeLabel(p: Program, s: number, d: number): string {
  if (p.defFile[s] === p.defFile[d]) return p.qual(s);
  return `${p.file(s).module}.${p.qual(s)}`;
}

function isOverload(p: Program, d: number): boolean {
  return p.decorators(d).some((x) => x === "typing.overload" || x === "typing_extensions.overload");
}

/** Dead `@overload` stubs sharing the name and parent of a dead function (they go with it). */
function overloadCompanions(p: Program, d: number, alive: Uint8Array): number[] {
  const k = p.kind(d);
  if (k !== DefKind.Function && k !== DefKind.Method) return [];
  const f = p.defFile[d]!;
  const out: number[] = [];
  const base = p.fileBase[f]!;
  const n = p.files[f]!.facts.defKind.length;
  for (let x = base; x < base + n; x++) {
    if (x !== d && !alive[x] && p.defParent[x] === p.defParent[d] && p.name(x) === p.name(d) && isOverload(p, x)) out.push(x);
  }
  return out;
}

function importTarget(p: Program, d: number): string {
  return p.facts(d).defTarget[p.defLocal[d]!]!;
}

function isSideEffectImport(p: Program, d: number): boolean {
  const t = importTarget(p, d);
  const top = t.split(".")[0]!;
  return SIDE_EFFECT_MODULES.has(top) || t === "__future__";
}

function ownEvidence(p: Program, ancestry: ClassAncestry, d: number, minor: number, library: boolean, noop: readonly RegExp[]): Evidence {
  const flags = p.flags(d);
  const kind = p.kind(d);
  const file = p.file(d);
  const name = p.name(d);
  let c = 100;
  const notes: string[] = [];
  const lower = (to: number, note: string): void => {
    if (to < c) c = to;
    notes.push(note);
  };
  // A test function that only defines a class or imports a name checks that doing so works
  // (`class Foo(AttrsInstance, Protocol)` must not raise; `from dateutil import __version__`).
  const parent = p.defParent[d]!;
  const inTest = file.isTest && parent >= 0 && (p.kind(parent) === DefKind.Function || p.kind(parent) === DefKind.Method) && (flags & DefFlag.OnlyDefinitions) !== 0;
  if (kind === DefKind.Import) {
    const target = importTarget(p, d);
    const projectModule = target !== "" && p.modules.has(target);
    c = 90;
    if (projectModule) lower(50, "importing a project module runs its code (maybe wanted)");
    else if (library && !(flags & DefFlag.ModuleImport) && p.defParent[d] === -1 && isApiModule(file)) {
      // Public names are re-exported API; a private name imported and never used is there on
      // purpose too (`from _collections_abc import _CallableGenericAlias` keeps pickles loading).
      lower(70, name.startsWith("_") ? "a private name imported on purpose (pickling, compatibility)?" : "may be re-exported as public API");
    }
    else if (flags & DefFlag.ModuleImport && !isStdlibModule(target, minor)) lower(80, "importing a module may be wanted for its side effects");
    if (flags & DefFlag.OptionalImport) lower(50, "inside try/except ImportError (an availability check?)");
    if (file.isPackage && p.defParent[d] === -1) lower(70, "may be re-exported by the package");
    if (file.facts.flags & FileFlag.DynamicGlobals && p.defParent[d] === -1) lower(50, "the module reads its globals dynamically");
    // Inside a test function the import runs as part of the test: importing may be what it checks
    // (networkx: `from …node_classification import harmonic_function` must not warn).
    if (file.isTest && parent >= 0 && (p.kind(parent) === DefKind.Function || p.kind(parent) === DefKind.Method)) {
      lower(60, inTest ? "imported in a test that only imports: the import may be what it checks" : "imported inside a test: the import may be what it checks");
    }
    return { confidence: c, notes };
  }
  if (kind === DefKind.Variable) {
    c = flags & DefFlag.Pure ? 90 : 60;
    if (!(flags & DefFlag.Pure)) notes.push("its value may have side effects");
    // `try: import ctypes / except ImportError: ctypes = None`: goes with the import.
    if (flags & DefFlag.OptionalImport) lower(50, "the fallback of an optional import (an availability check?)");
    if (flags & DefFlag.SelfAssigned) lower(60, "assigned to itself: a mark that the name is used (exported, read by compiled code?)");
  }
  if (p.strings.has(name)) lower(60, "name appears in a string");
  if (file.isTest && file.facts.flags & FileFlag.TypeCheckerInput) lower(50, "in a type checker's test input (reveal_type/assert_type)");
  if (flags & DefFlag.CompatNote) lower(60, "a comment says it is kept for compatibility");
  if (flags & DefFlag.Unreachable) lower(60, "defined after a return (kept to make a closure cell?)");
  if (p.defParent[d] === -1 && file.facts.flags & FileFlag.DynamicGlobals) lower(50, "the module reads its globals dynamically");
  if (kind === DefKind.Class && ancestry.of(d).unknown) lower(60, "an unknown base may register its subclasses");
  if (kind === DefKind.Class && inTest) lower(60, "defined in a test that only defines: defining it may be what it checks");
  if (flags & DefFlag.Member) {
    const unknown = ancestry.unknownBase(d);
    if (unknown) lower(60, unknown === "class" ? "its class derives from a base that may call it" : "a class inheriting it derives from a base that may call it");
    const owner = p.defParent[d]!;
    if (owner >= 0 && p.kind(owner) === DefKind.Class && registeringDecorator(p, owner, noop)) {
      lower(60, "its class is handed to a decorator that may call its members by name");
    }
    const cls = p.defParent[d]!;
    if (file.isTest && cls >= 0 && p.flags(cls) & DefFlag.Nested && kind !== DefKind.Class) {
      lower(70, "a member of a test double: code outside the project may call it");
    }
  }
  return { confidence: c, notes };
}

const COLLECTED_TEST_FILE = /^(test_.*|.*_test|conftest)\.py$/;

/**
 * Modules of definitions only (no top-level code that does something) that nothing live imports
 * and nothing runs as a script, entry point or test file: their
 * definitions are unused for sure only if the module is not loaded some other way (by path, by a
 * type checker, by a documentation tool, by a plugin loader reading a config file).
 */
function orphanModules(p: Program, live: Liveness, library: boolean): boolean[] {
  const loaded = new Uint8Array(p.files.length);
  for (let n = 0; n < p.nodeCount; n++) {
    if (!live.alive[n]) continue;
    const from = n < p.defCount ? p.defFile[n]! : n - p.defCount;
    for (const m of p.moduleTargets[n]!) if (m !== from) loaded[m] = 1;
    for (const t of p.defTargets[n]!) {
      const to = t < p.defCount ? p.defFile[t]! : t - p.defCount;
      if (to !== from) loaded[to] = 1;
    }
  }
  // A definition made alive from another file by a resolved reference means its module is loaded;
  // one made alive by its name alone (`obj.quux` somewhere) says nothing of its module (black's
  // 231 formatter inputs under tests/data/ share names with everything).
  for (let d = 0; d < p.defCount; d++) {
    if (!live.alive[d] || live.byName[d]) continue;
    const v = live.via[d]!;
    if (v < 0) continue;
    const from = v < p.defCount ? p.defFile[v]! : v - p.defCount;
    if (from !== p.defFile[d]) loaded[p.defFile[d]!] = 1;
  }
  return p.files.map((f, fi) => {
    if (f.external || loaded[fi]) return false;
    const base = f.path.slice(f.path.lastIndexOf("/") + 1);
    if (f.isTest && (f.collected ?? COLLECTED_TEST_FILE.test(base))) return false;
    // A file under tests/ that pytest does not collect and nothing imports is test data (an example
    // app loaded by path, a file for a type checker): what it defines serves that.
    const testData = f.isTest;
    if (!testData && f.facts.flags & (FileFlag.TopLevelEffects | FileFlag.ScriptMain)) return false;
    const mark = live.roots.get(p.moduleNode(fi));
    if (!testData && mark && mark.kind !== "module-code") return false;
    if (library && isApiModule(f)) return false;
    // A file whose definitions are named from outside (entry points, --root, whitelists, a tool's
    // configuration file) is loaded by whoever uses them. (A `# noqa` in test data — black's
    // formatter inputs — says nothing of who loads the file.)
    for (let d = p.fileBase[fi]!; d < p.fileBase[fi]! + f.facts.defKind.length; d++) {
      const r = live.roots.get(d);
      if (r && (r.kind === "entry-point" || r.kind === "explicit" || (r.kind === "keep-comment" && !testData) || r.kind === "whitelist" || r.kind === "script" || r.kind === "config-file" || (r.kind === "test" && !testData))) return false;
    }
    return true;
  });
}

/** Whether a class has a decorator that is not a known no-op (it receives the class: it may introspect it). */
function registeringDecorator(p: Program, cls: number, noop: readonly RegExp[]): boolean {
  if (!(p.flags(cls) & DefFlag.Decorated)) return false;
  return p.decorators(cls).some((x) => !isNoopDecorator(p, cls, x, noop));
}
