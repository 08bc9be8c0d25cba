/**
 * Resolution of references and bindings: each Name points at the variable it means (the owner
 * scope's symbol), or at a builtin / an unresolved global. Checked on small programs for the
 * scoping rules that matter to renaming: locals vs globals, closures, class bodies, `global`,
 * `nonlocal`, comprehensions (inlined or not), walrus, annotation and type-parameter scopes,
 * name mangling, and taint.
 */
import { describe, expect, test } from "vitest";
import { parseSource } from "../../src/python/parser.js";
import { sourceFromString } from "../../src/python/source.js";
import {
  BindingKind,
  ReferenceContext,
  ResolutionKind,
  ScopeKind,
  TaintReason,
  buildSemanticModel,
  type SemanticModel,
} from "../../src/semantic/index.js";

function model(code: string, minor = 14): SemanticModel {
  const source = sourceFromString(code);
  return buildSemanticModel(parseSource(source, { minor }).module, source, { minor });
}

/** Reference ids of `name`, in source order. */
function refs(m: SemanticModel, name: string): number[] {
  const out: number[] = [];
  for (let r = 0; r < m.referenceCount; r++) if (m.data.referenceName[r] === name) out.push(r);
  return out.sort((a, b) => m.data.referenceStart[a]! - m.data.referenceStart[b]!);
}

/** The scope (by name) a symbol lives in, for readable assertions. */
function owner(m: SemanticModel, symbol: number): string {
  return symbol < 0 ? "-" : `${m.scopeName(m.symbolScope(symbol))}.${m.symbolName(symbol)}`;
}

function resolved(m: SemanticModel, name: string): string[] {
  return refs(m, name).map((r) => {
    const res = m.resolveReference(r);
    const kind = Object.entries(ResolutionKind).find(([, v]) => v === res.kind)![0];
    return `${m.scopeName(m.data.referenceScope[r]!)}:${kind}:${owner(m, res.symbol)}`;
  });
}

describe.each([11, 14])("resolution, Python 3.%i", (minor) => {
  test("locals shadow globals; other functions see the global", () => {
    const m = model("x = 1\ndef f():\n    x = 2\n    return x\ndef g():\n    return x\nprint(x)\n", minor);
    expect(resolved(m, "x")).toEqual(["top:Local:top.x", "f:Local:f.x", "f:Local:f.x", "g:Global:top.x", "top:Local:top.x"]);
    const moduleX = m.lookup(0, "x").symbol;
    const bindings = m.bindingsOf(moduleX);
    expect(bindings.map((b) => m.data.bindingKind[b])).toEqual([BindingKind.Assignment]);
    // All occurrences of the module variable: its store, g's load, the module-level load.
    expect(m.referencesOf(bindings[0]!).map((r) => m.scopeName(m.data.referenceScope[r]!))).toEqual(["top", "g", "top"]);
  });

  test("closures resolve to the enclosing function; class bodies are skipped", () => {
    const code = [
      "def outer():",
      "    v = 1",
      "    class C:",
      "        v = 2",
      "        w = v",
      "        def m(self):",
      "            return v",
      "    def inner():",
      "        return v",
      "    return inner",
    ].join("\n");
    const m = model(code, minor);
    expect(resolved(m, "v")).toEqual([
      "outer:Local:outer.v",
      "C:Local:C.v",
      "C:Local:C.v",
      "m:Enclosing:outer.v",
      "inner:Enclosing:outer.v",
    ]);
  });

  test("global and nonlocal declarations bind the outer variable", () => {
    const code = [
      "def f():",
      "    global g",
      "    g = 1",
      "def h():",
      "    n = 0",
      "    def inc():",
      "        nonlocal n",
      "        n += 1",
      "    return n",
      "print(g)",
    ].join("\n");
    const m = model(code, minor);
    // Module-level code reads its own variable (Local), wherever the binding is.
    expect(resolved(m, "g")).toEqual(["f:Global:top.g", "top:Local:top.g"]);
    expect(resolved(m, "n")).toEqual(["h:Local:h.n", "inc:Enclosing:h.n", "h:Local:h.n"]);
    const g = m.lookup(0, "g").symbol;
    expect(m.bindingsOf(g).map((b) => m.data.bindingKind[b])).toEqual([BindingKind.Global, BindingKind.Assignment]);
    const n = m.lookup(m.scopeOfNode(m.module.body[1]!), "n").symbol;
    expect(m.bindingsOf(n).map((b) => m.data.bindingKind[b])).toEqual([
      BindingKind.Assignment,
      BindingKind.Nonlocal,
      BindingKind.AugAssignment,
    ]);
  });

  test("comprehension variables stay in the comprehension; walrus binds the function", () => {
    const code = [
      "def f(xs):",
      "    x = 0",
      "    ys = [x for x in xs if (last := x)]",
      "    return x, last",
    ].join("\n");
    const m = model(code, minor);
    expect(resolved(m, "x")).toEqual([
      "f:Local:f.x",
      "listcomp:Local:listcomp.x",
      "listcomp:Local:listcomp.x",
      "listcomp:Local:listcomp.x",
      "f:Local:f.x",
    ]);
    expect(resolved(m, "last")).toEqual(["listcomp:Enclosing:f.last", "f:Local:f.last"]);
    const comp = m.childrenOf(m.scopeOfNode(m.module.body[0]!)).find((s) => m.scopeKind(s) === ScopeKind.Comprehension)!;
    expect(m.scopeName(comp)).toBe("listcomp");
  });

  test("builtins, implicit module globals and unresolved names", () => {
    const m = model("len = len\nprint(__name__, undefined_thing, __file__)\n", minor);
    expect(resolved(m, "len")).toEqual(["top:Local:top.len", "top:Local:top.len"]);
    expect(resolved(m, "print")).toEqual(["top:Builtin:-"]);
    expect(resolved(m, "__name__")).toEqual(["top:ImplicitGlobal:-"]);
    expect(resolved(m, "undefined_thing")).toEqual(["top:Unresolved:-"]);
    const m2 = model("def f():\n    return len(x)\n", minor);
    expect(resolved(m2, "len")).toEqual(["f:Builtin:-"]);
    expect(resolved(m2, "x")).toEqual(["f:Unresolved:-"]);
  });

  test("private names are mangled in class bodies and methods", () => {
    const m = model("class C:\n    __a = 1\n    def m(self):\n        return __a, self.__a\n", minor);
    const cls = m.scopeOfNode(m.module.body[0]!);
    expect([...m.symbolsOf(cls).keys()]).toContain("_C__a");
    // The method's `__a` is a global lookup of the mangled name (class bodies are not closures).
    expect(resolved(m, "__a")).toEqual(["C:Local:C._C__a", "m:Unresolved:-"]);
  });

  test("parameters, defaults and decorators", () => {
    const m = model("d = 1\n@dec\ndef f(a, b=d):\n    return a, b\n", minor);
    expect(resolved(m, "d")).toEqual(["top:Local:top.d", "top:Local:top.d"]);
    expect(resolved(m, "a")).toEqual(["f:Local:f.a"]);
    const f = m.scopeOfNode(m.module.body[1]!);
    const a = m.lookup(f, "a").symbol;
    expect(m.bindingsOf(a).map((b) => m.data.bindingKind[b])).toEqual([BindingKind.Parameter]);
    const b = m.bindingsOf(a)[0]!;
    expect(m.source.text.slice(m.data.bindingStart[b], m.data.bindingEnd[b])).toBe("a");
    expect(m.referencesOf(b).map((r) => m.data.referenceContext[r])).toEqual([ReferenceContext.Load]);
  });

  test("taint: eval, exec, locals(), star imports, super()", () => {
    const m = model(
      "from os import *\ndef f():\n    return eval('1')\ndef g():\n    return locals()\ndef h():\n    return dir(x)\nclass C:\n    def m(self):\n        return super().m()\n",
      minor,
    );
    const [f, g, h, c] = [1, 2, 3, 4].map((i) => m.scopeOfNode(m.module.body[i]!));
    expect(m.taintOf(0)).toBe(TaintReason.ImportStar | TaintReason.Eval);
    expect(m.taintOf(f!)).toBe(TaintReason.Eval);
    expect(m.taintOf(g!)).toBe(TaintReason.Locals);
    expect(m.isTainted(h!)).toBe(false);
    const method = m.childrenOf(c!).find((s) => m.scopeName(s) === "m")!;
    expect(m.taintOf(method)).toBe(TaintReason.Super);
  });
});

describe("resolution of 3.12+ scopes (3.14)", () => {
  test("inlined comprehensions taint their parent (PEP 709), generator expressions do not", () => {
    const code = "def f():\n    return [locals() for _ in ()]\ndef g():\n    return (locals() for _ in ())\n";
    const m14 = model(code, 14);
    const m11 = model(code, 11);
    const fn = (m: SemanticModel, i: number) => m.scopeOfNode(m.module.body[i]!);
    expect(m14.taintOf(fn(m14, 0))).toBe(TaintReason.Locals);
    expect(m14.isTainted(fn(m14, 1))).toBe(false);
    expect(m11.isTainted(fn(m11, 0))).toBe(false);
  });

  test("annotation scopes in a class read the class namespace", () => {
    const m = model("class C:\n    T = int\n    x: T\n    def m(self) -> T: ...\n");
    expect(resolved(m, "T")).toEqual(["C:Local:C.T", "__annotate__:ClassScope:C.T", "__annotate__:ClassScope:C.T"]);
  });

  test("type parameters are visible to annotations and the body", () => {
    const m = model("def f[T](x: T) -> T:\n    y: T = x\n    return y\n");
    const tp = m.childrenOf(0).find((s) => m.scopeKind(s) === ScopeKind.TypeParameters)!;
    const t = m.lookup(tp, "T").symbol;
    expect(owner(m, t)).toBe("f.T");
    expect(m.scopeKind(m.symbolScope(t))).toBe(ScopeKind.TypeParameters);
    // Two evaluated annotations, one local annotation CPython never evaluates (resolved statically).
    expect(resolved(m, "T")).toEqual(["__annotate__:Enclosing:f.T", "__annotate__:Enclosing:f.T", "__annotate__:Enclosing:f.T"]);
    expect(m.referencesOfSymbol(t)).toHaveLength(3);
  });

  test("names under `from __future__ import annotations` resolve statically", () => {
    const m = model("from __future__ import annotations\nimport typing\nclass C:\n    x: typing.Any\n    y: C\n");
    expect(resolved(m, "typing")).toEqual(["__annotate__:Global:top.typing"]);
    expect(resolved(m, "C")).toEqual(["__annotate__:Global:top.C"]);
  });
});
