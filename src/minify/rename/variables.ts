/**
 * Which variables of a module may be renamed, and where each one is visible.
 *
 * A variable is a symbol that owns its name (CPython's LOCAL/CELL in a function-like scope, or a
 * module global). For each we record the scopes it occurs in (bindings and references) and its
 * region: those scopes plus every scope on the way up to its owner — a name given to it must not be
 * used by anything else occurring in the region, and nothing whose region covers one of its
 * occurrences may share its name (that would shadow or capture).
 *
 * Kept, with the reason recorded for plans: names callers can observe (keyword-passable parameters,
 * class attributes, module globals unless `renameGlobals`, `__all__` entries, dunders and private
 * `__x` names), def/class names (`__name__`), imports without `as`, type parameters, names in
 * string annotations (by name: `x: "_T"`, `bound="_Base"`, `cast("_T", v)`, `Alias = List["_T"]`),
 * every name of a tainted scope or read from one, and every name occurring in a def whose code
 * object or closure the module reads (`f.__code__.co_varnames`, `f.__closure__[0]`).
 */
import type { Arg, Arguments, AsyncFunctionDef, Expr, FunctionDef, Module, Node, Stmt } from "../../python/ast.js";
import { watchNames } from "../../python/source.js";
import { forEachBlock, forEachChild, lastName } from "../../python/walk.js";
import {
  BindingKind, ReferenceContext, ReferenceFlag, ScopeKind, SymbolFlag, TaintReason, type SemanticModel,
} from "../../semantic/index.js";

export interface Variable {
  /** Target symbol in the model. */
  symbol: number;
  /** The name as written in the source. */
  name: string;
  /** Owning scope. */
  owner: number;
  /** Scopes with an occurrence (sorted, unique), the owner always among them. */
  occurs: number[];
  /** Occurrence scopes plus the scopes between them and the owner (sorted, unique). */
  region: number[];
  /** Number of occurrences (bindings and references). */
  uses: number;
  /** Offset of the first occurrence (tie-breaking). */
  first: number;
  /** Why the name is kept; null when it may be renamed. */
  kept: string | null;
}

/** A name that keeps its spelling and is not a variable of the module (builtins, unresolved globals). */
export interface FixedName {
  name: string;
  occurs: number[];
  region: number[];
}

export interface ModuleVariables {
  variables: Variable[];
  fixed: FixedName[];
}

export interface VariableOptions {
  renameLocals: boolean;
  renameGlobals: boolean;
  /** Module-level names other modules of the tree import or read as attributes. */
  externalNames: ReadonlySet<string> | null;
}

const TAINT_NAMES: Array<[number, string]> = [
  [TaintReason.Eval, "eval()"], [TaintReason.Exec, "exec()"], [TaintReason.Locals, "locals()"],
  [TaintReason.Vars, "vars()"], [TaintReason.Dir, "dir()"], [TaintReason.GetFrame, "sys._getframe()"],
  [TaintReason.ImportStar, "import *"], [TaintReason.Globals, "globals()"], [TaintReason.Super, "super()"],
  [TaintReason.CallerFrame, "a call that reads this frame's variables by name"],
];

/** Taint bits that expose a scope's names by string. `super()` only needs the first parameter. */
const NAME_TAINTS = ~TaintReason.Super;

function describeTaint(bits: number): string {
  return TAINT_NAMES.filter(([b]) => bits & b).map(([, n]) => n).join(", ");
}

export function collectVariables(model: SemanticModel, options: VariableOptions): ModuleVariables {
  const d = model.data;
  const scopeCount = model.scopeCount;

  /** The sorted scopes on the way from each of `occurs` (sorted, unique) up to `owner`. */
  const regionOf = (occurs: number[], owner: number): number[] => {
    // Occurring only in its owner (most variables): the region is that scope, the same list.
    if (occurs.length === 1 && occurs[0] === owner) return occurs;
    if (occurs.length === 1) {
      // One path: parents have smaller ids than their children, so it comes out sorted reversed.
      const out: number[] = [];
      for (let t = occurs[0]!; t >= 0; t = d.scopeParent[t]!) {
        out.push(t);
        if (t === owner) break;
      }
      return out.reverse();
    }
    const out = new Set<number>();
    for (const s of occurs) {
      for (let t = s; t >= 0; t = d.scopeParent[t]!) {
        if (out.has(t)) break;
        out.add(t);
        if (t === owner) break;
      }
    }
    return [...out].sort((a, b) => a - b);
  };

  /**
   * A comprehension's variables must not shadow the variables of the function around it, so their
   * region reaches up to that function: Python gives a comprehension a scope of its own, but
   * TorchScript (`torch.jit.script`, which compiles a function from its source) assigns a
   * comprehension's target in the function's environment — `[… for a in xs]` beside an `a` of
   * another type, or a module (`a=self`), fails to compile.
   */
  const reachOut = (region: number[], owner: number): number[] => {
    if (model.scopeKind(owner) !== ScopeKind.Comprehension) return region;
    let t = d.scopeParent[owner]!;
    while (t >= 0 && model.scopeKind(t) === ScopeKind.Comprehension) t = d.scopeParent[t]!;
    if (t < 0 || model.scopeKind(t) !== ScopeKind.Function) return region;
    const out = region.slice(); // regionOf may hand back the occurrences list itself
    for (let u = d.scopeParent[owner]!; ; u = d.scopeParent[u]!) {
      addScope(out, u);
      if (u === t) break;
    }
    return out;
  };

  /** Adds scope `s` to the sorted, unique list `list` (a handful of scopes at most, usually one). */
  const addScope = (list: number[], s: number): void => {
    let i = list.length;
    while (i > 0 && list[i - 1]! > s) i--;
    if (i > 0 && list[i - 1] === s) return;
    if (i === list.length) list.push(s);
    else list.splice(i, 0, s);
  };

  const moduleKept = moduleLevelKept(model, options);
  // t-strings exist from 3.14; walk only when the text could hold one.
  const inTemplates = model.minor >= 14 && /(?:^|[^\w])(?:[tT][rR]?|[rR][tT])["']/.test(model.source.text) ? namesInTemplateStrings(model.module) : null;
  const inStrings = namesInStringAnnotations(model.module, ["cast", "ForwardRef", "bound"].some((n) => model.source.mayHoldName(n)));
  const inspected = model.source.mayHoldName("__code__") || model.source.mayHoldName("__closure__") ? inspectedFunctionScopes(model) : null;
  const variables: Variable[] = [];
  const fixedByName = new Map<string, Set<number>>();

  // Variables: owned symbols (target of themselves).
  for (let s = 0; s < scopeCount; s++) {
    // The scope's symbols in table order (symbols.ts), without making the scope's Map.
    for (let sym = d.scopeFirstSymbol[s]!; sym >= 0; sym = d.symbolNext[sym]!) {
      if (d.symbolFlags[sym]! & SymbolFlag.Inlined) continue;
      if (d.symbolTarget[sym] !== sym) continue;
      const bindings = model.bindingsOf(sym);
      const refs = model.referencesOfSymbol(sym);
      if (bindings.length === 0 && refs.length === 0) continue;
      const occurs: number[] = [];
      let first = Infinity;
      let name = "";
      let hiddenRef = false;
      let nonNameBindings = 0;
      for (const b of bindings) {
        addScope(occurs, d.bindingScope[b]!);
        if (d.bindingStart[b]! < first) {
          first = d.bindingStart[b]!;
          name = d.bindingName[b]!;
        }
        if (d.bindingNode[b]!._type !== "Name") nonNameBindings++;
      }
      let templateRef = false;
      for (const r of refs) {
        addScope(occurs, d.referenceScope[r]!);
        if (d.referenceFlags[r]! & ReferenceFlag.InHiddenScope) hiddenRef = true;
        if (inTemplates && inTemplates.has(d.referenceNode[r]!)) templateRef = true;
        if (d.referenceStart[r]! < first) {
          first = d.referenceStart[r]!;
          name = d.referenceName[r]!;
        }
      }
      if (!name) name = d.symbolName[sym]!;
      // The owner counts as an occurrence even when the name is only written in nested scopes (a
      // walrus target in a comprehension binds in the function around it): two variables of one
      // scope are one name there.
      addScope(occurs, s);
      const v: Variable = {
        symbol: sym,
        name,
        owner: s,
        occurs,
        region: reachOut(regionOf(occurs, s), s),
        // Each identifier once: a `Name` store is both a binding and a reference.
        uses: refs.length + nonNameBindings,
        first,
        kept: null,
      };
      v.kept = templateRef
        ? "appears in a t-string (its source text is part of the value)"
        : inStrings.has(name)
          ? "appears in a string annotation or forward reference (typing.get_type_hints evaluates it by name)"
        : inspected && v.occurs.some((o) => inspected.has(o))
          ? "occurs in a def whose code object or closure is read (f.__code__, f.__closure__)"
          : keptReason(model, v, bindings, hiddenRef, options, moduleKept);
      variables.push(v);
    }
  }

  // Builtins, module attributes and unresolved globals: fixed names occurring in scopes.
  for (let r = 0; r < d.referenceTarget.length; r++) {
    if (d.referenceTarget[r]! >= 0) continue;
    const name = d.referenceName[r]!;
    let set = fixedByName.get(name);
    if (!set) fixedByName.set(name, (set = new Set()));
    set.add(d.referenceScope[r]!);
  }
  // Unresolved bindings (none expected) would also be fixed.
  const fixed: FixedName[] = [];
  for (const [name, occurs] of [...fixedByName].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const sorted = [...occurs].sort((a, b) => a - b);
    fixed.push({ name, occurs: sorted, region: regionOf(sorted, 0) });
  }
  variables.sort((a, b) => a.first - b.first || a.symbol - b.symbol);
  return { variables, fixed };
}

/** Module-level names that must keep their names even with `renameGlobals`. */
function moduleLevelKept(model: SemanticModel, options: VariableOptions): Map<string, string> {
  const kept = new Map<string, string>();
  const all = dunderAll(model.module);
  if (all === "dynamic") kept.set("*", "__all__ is computed");
  else for (const n of all) kept.set(n, "listed in __all__");
  if (options.externalNames) for (const n of options.externalNames) if (!kept.has(n)) kept.set(n, "imported by another module of the tree");
  return kept;
}

/** Names listed in a literal `__all__` (list/tuple of strings, also `+=`), or "dynamic". */
function dunderAll(module: Module): Set<string> | "dynamic" {
  const names = new Set<string>();
  let dynamic = false;
  const take = (e: Expr): void => {
    if (e._type === "List" || e._type === "Tuple") {
      for (const x of e.elts) {
        if (x._type === "Constant" && typeof x.value === "string") names.add(x.value);
        else dynamic = true;
      }
    } else dynamic = true;
  };
  for (const s of module.body) {
    if (s._type === "Assign" && s.targets.some((t) => t._type === "Name" && t.id === "__all__")) take(s.value);
    else if (s._type === "AugAssign" && s.target._type === "Name" && s.target.id === "__all__") take(s.value);
    else if (s._type === "AnnAssign" && s.target._type === "Name" && s.target.id === "__all__" && s.value) take(s.value);
  }
  return dynamic ? "dynamic" : names;
}

function keptReason(
  model: SemanticModel,
  v: Variable,
  bindings: readonly number[],
  hiddenRef: boolean,
  options: VariableOptions,
  moduleKept: Map<string, string>,
): string | null {
  const d = model.data;
  const name = v.name;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) return "not an identifier";
  if (name.startsWith("__")) return name.endsWith("__") ? "dunder name" : "private name (mangled in classes)";
  const kind = model.scopeKind(v.owner);
  if (kind === ScopeKind.Class) return "class attribute";
  if (kind === ScopeKind.Module) {
    if (!options.renameGlobals) return "module global (rename with --rename-globals)";
    if (!name.startsWith("_")) return "public module name";
    const why = moduleKept.get(name) ?? moduleKept.get("*");
    if (why) return why;
  } else if (kind === ScopeKind.Function || kind === ScopeKind.Lambda || kind === ScopeKind.Comprehension) {
    if (!options.renameLocals) return "local renaming is off";
  } else return "type or annotation scope name";
  for (const s of v.occurs) {
    const taint = model.taintOf(s) & NAME_TAINTS;
    if (taint) return s === v.owner ? `scope uses ${describeTaint(taint)}` : `read by a scope that uses ${describeTaint(taint)}`;
  }
  // A module global is also reachable through any scope's globals()/eval.
  if (kind === ScopeKind.Module && model.taintOf(0) & NAME_TAINTS) return `module uses ${describeTaint(model.taintOf(0) & NAME_TAINTS)}`;
  if (hiddenRef) return "appears in a string annotation (from __future__ import annotations)";
  for (const b of bindings) {
    switch (d.bindingKind[b]) {
      case BindingKind.Parameter: {
        const why = parameterKept(model, d.bindingScope[b]!, d.bindingNode[b]!);
        if (why) return why;
        break;
      }
      case BindingKind.FunctionDef:
      case BindingKind.ClassDef:
        return "def or class name (__name__ is observable)";
      case BindingKind.Import:
      case BindingKind.ImportFrom: {
        const alias = d.bindingNode[b] as { asname?: string | null };
        if (!alias.asname) return "import without 'as'";
        break;
      }
      case BindingKind.TypeParam:
      case BindingKind.TypeAlias:
        return "type parameter or alias";
      default:
        break;
    }
  }
  return null;
}

/** Parameters callers can pass by keyword keep their names. */
/** Kept-reason prefix of parameters whose name callers see (they may still get an alias). */
export const PARAMETER_REASON = "parameter";

/**
 * Parameters keep their names: keyword-passable ones because callers use them, positional-only
 * ones and `*args` / `**kwargs` because TypeError messages and signatures show them (numpy checks
 * at import that a function and its dispatcher have the same `*args` name). A parameter that is
 * only read can still get a short alias (`aliasable`).
 */
function parameterKept(model: SemanticModel, scope: number, node: Node): string | null {
  const owner = model.nodeOf(scope) as { _type: string; args?: Arguments };
  const args = owner.args;
  if (!args) return null;
  if (owner._type === "Lambda") return args.vararg === node || args.kwarg === node ? `lambda ${PARAMETER_REASON} (signatures show its name)` : `lambda ${PARAMETER_REASON} (can be passed by keyword)`;
  if (args.vararg === node || args.kwarg === node) return `${PARAMETER_REASON} (signatures show its name)`;
  if (args.posonlyargs.includes(node as never)) return `positional-only ${PARAMETER_REASON} (error messages and signatures show its name)`;
  return `${PARAMETER_REASON} (can be passed by keyword)`;
}

/**
 * Whether a kept parameter may get a short alias (`a=self` at the top of the body, every use
 * renamed): a def's parameter that is only ever read — never rebound or deleted, so the alias and
 * the parameter always hold the same object.
 */
export function aliasable(model: SemanticModel, v: Variable): { fn: FunctionDef | AsyncFunctionDef; arg: Arg } | null {
  if (v.kept === null || !v.kept.startsWith(PARAMETER_REASON) && !v.kept.startsWith("positional-only")) return null;
  const d = model.data;
  const bindings = model.bindingsOf(v.symbol);
  if (bindings.length !== 1 || d.bindingKind[bindings[0]!] !== BindingKind.Parameter) return null;
  const fn = model.nodeOf(v.owner);
  if (fn._type !== "FunctionDef" && fn._type !== "AsyncFunctionDef") return null;
  const refs = model.referencesOfSymbol(v.symbol);
  if (refs.length === 0) return null;
  for (const r of refs) {
    if (d.referenceContext[r] !== ReferenceContext.Load) return null;
    if (d.referenceFlags[r]! & (ReferenceFlag.InHiddenScope | ReferenceFlag.Unevaluated)) return null;
  }
  return { fn, arg: d.bindingNode[bindings[0]!] as Arg };
}

/** Attributes of a function that expose its variables' names or their order. */
const CODE_ATTRIBUTES = new Set(["__code__", "__closure__"]);
watchNames(...CODE_ATTRIBUTES, "cast", "ForwardRef", "bound");

/**
 * Scopes of the defs the module reads a code object or closure of, as `name.__code__` or
 * `name.__closure__` with `name` bound to the def: `co_varnames`, `co_cellvars`, `co_freevars`
 * and `co_names` give the names of its variables, and the cells of `__closure__` come in the order
 * of their names, so renaming any variable occurring in it is observable.
 */
function inspectedFunctionScopes(model: SemanticModel): Set<number> | null {
  const names = new Set<Node>();
  const walk = (node: Node): void => {
    if (node._type === "Attribute" && CODE_ATTRIBUTES.has(node.attr) && node.value._type === "Name") names.add(node.value);
    forEachChild(node, walk);
  };
  walk(model.module);
  if (names.size === 0) return null;
  const d = model.data;
  const scopes = new Set<number>();
  for (let r = 0; r < d.referenceTarget.length; r++) {
    if (!names.has(d.referenceNode[r]!) || d.referenceTarget[r]! < 0) continue;
    for (const b of model.bindingsOf(d.referenceTarget[r]!)) {
      if (d.bindingKind[b] !== BindingKind.FunctionDef) continue;
      const scope = model.scopeOfNode(d.bindingNode[b]!);
      if (scope >= 0) scopes.add(scope);
    }
  }
  return scopes;
}

/**
 * Identifiers spelled inside string annotations and forward references: `x: "_Node"`,
 * `-> "list[_T]"`, `TypeVar("T", bound="_Base")`, `cast("_T", v)`, `ForwardRef("_T")`, and in
 * module- or class-level generic aliases (`_JSON = Union[str, "list[_JSON]"]`).
 * `typing.get_type_hints` (pydantic, FastAPI, typer, cattrs…) evaluates them in the module's
 * (or the given) namespace, so a variable of that name keeps it. Matched by name, in every scope:
 * a string's names cannot be resolved to one scope here, and keeping more is the safe side.
 */
function namesInStringAnnotations(module: Module, typingCalls: boolean): Set<string> {
  /** A generic a string item may refer through: `Union[…]`, `typing.List[…]`, `list[…]`. */
  const isGeneric = (e: Expr): boolean => {
    const name = lastName(e) ?? "";
    return /^[A-Z]/.test(name) || GENERIC_BUILTINS.has(name);
  };
  const out = new Set<string>();
  const strings = (e: Expr | null | undefined): void => {
    if (!e) return;
    if (e._type === "Constant") {
      if (typeof e.value === "string") for (const m of e.value.matchAll(/[\p{L}_][\p{L}\p{N}_]*/gu)) out.add(m[0]);
      return;
    }
    forEachChild(e, (c) => strings(c as Expr));
  };
  const args = (a: Arguments): void => {
    for (const p of [...a.posonlyargs, ...a.args, ...a.kwonlyargs]) strings(p.annotation);
    strings(a.vararg?.annotation);
    strings(a.kwarg?.annotation);
  };
  // Forward references handed to typing by call (the first argument of cast/ForwardRef, bound=),
  // and, in module and class bodies, inside generic aliases (`_JSON = Union[str, "List[_JSON]"]`).
  const refs = (e: Expr | null | undefined, alias: boolean): void => {
    if (!e || !(typingCalls || alias)) return;
    if (e._type === "Call" && typingCalls) {
      const name = lastName(e.func);
      if (name === "cast" || name === "ForwardRef") strings(e.args[0]);
      for (const k of e.keywords) if (k.arg === "bound") strings(k.value);
    }
    if (alias && e._type === "Subscript" && isGeneric(e.value)) strings(e.slice);
    forEachChild(e, (c) => refs(c as Expr, alias));
  };
  const block = (body: Stmt[], top: boolean): void => {
    for (const st of body) {
      if (st._type === "FunctionDef" || st._type === "AsyncFunctionDef") {
        args(st.args);
        strings(st.returns);
        for (const dec of st.decorator_list) refs(dec, false);
      } else if (st._type === "AnnAssign") {
        strings(st.annotation);
        // `X: TypeAlias = "list[_Y]"`: the value is a type expression.
        if (lastName(st.annotation) === "TypeAlias") strings(st.value);
        else refs(st.value, top);
      } else if (st._type === "TypeAlias") strings(st.value);
      else if (st._type === "Assign") refs(st.value, top);
      else if (st._type === "Expr" || st._type === "Return") refs(st.value, false);
      forEachBlock(st, (b) => block(b, st._type === "ClassDef" || (top && st._type !== "FunctionDef" && st._type !== "AsyncFunctionDef")));
    }
  };
  block(module.body, true);
  return out;
}

const GENERIC_BUILTINS = new Set(["list", "dict", "tuple", "set", "frozenset", "type"]);

/** `Name` nodes inside t-string interpolations (their text is kept in `Interpolation.str`). */
function namesInTemplateStrings(module: Module): Set<Node> {
  const out = new Set<Node>();
  const walk = (node: Node, inside: boolean): void => {
    if (inside && node._type === "Name") out.add(node);
    const deeper = inside || node._type === "Interpolation";
    forEachChild(node, (child) => walk(child, deeper));
  };
  walk(module, false);
  return out;
}
