/**
 * doc-reads.ts: which docstrings a module reads, and whether it uses them as strings (where the
 * None a removed docstring leaves would fail) or in ways written for `python -OO`.
 */
import { describe, expect, test } from "vitest";
import { docReadsOf } from "../../src/minify/doc-reads.js";
import { parseModule } from "../../src/python/parser.js";

const reads = (code: string) => {
  const r = docReadsOf(parseModule(code, { minor: 12 }).module);
  return { names: [...r.names].sort(), classes: r.classes, classesAsString: r.classesAsString, unknown: r.unknownAsString, all: r.all, ply: r.ply };
};

describe("docReadsOf", () => {
  test("reads by name: a def, an imported name, the last attribute of a chain", () => {
    expect(reads("def f():\n '''D.'''\nX = f.__doc__.split()\n")).toMatchObject({ names: ["f"], unknown: false });
    expect(reads("from m import helper\nX = helper.__doc__ + 'x'\n")).toMatchObject({ names: ["helper"], unknown: false });
    expect(reads("class B(Expr):\n def evalf(self):\n  '''More.'''\n evalf.__doc__ += Expr.evalf.__doc__\n")).toMatchObject({ names: ["evalf"], unknown: false });
    expect(reads("import tools\nprint(getattr(tools, '__doc__').upper())\n")).toMatchObject({ names: ["tools"], unknown: false });
  });

  test("unnamed objects' docstrings used as strings", () => {
    expect(reads("def deco(func):\n  func.__doc__ = func.__doc__ + ' more'\n  return func\n").unknown).toBe(true);
    expect(reads("def deco(impl, dispatcher):\n  add_docstring(impl, dispatcher.__doc__)\n").unknown).toBe(true);
    expect(reads("for f in funcs:\n  f.__doc__ += 'x'\n").unknown).toBe(true);
    expect(reads("def g(fn):\n  doc = fn.__doc__\n  return doc.strip()\n").unknown).toBe(true);
    expect(reads("def g(obj):\n  return getattr(obj, '__doc__').strip()\n").unknown).toBe(true);
    // An attribute holding some object (gcloud's calliope: the command class being loaded).
    expect(reads("class Command:\n def __init__(self, t):\n  self._common_type = t\n  self._Extract(self._common_type.__doc__)\n").unknown).toBe(true);
    expect(reads("def show(node):\n  return node.target.__doc__.strip()\n").unknown).toBe(true);
    // ... but an attribute naming a def of the module, or of a module-level name, is a named read.
    expect(reads("class C:\n def run(self):\n  '''Run.'''\n def help(self):\n  return self.run.__doc__.strip()\n")).toMatchObject({ names: ["run"], unknown: false });
    expect(reads("import tools\nX = tools.helper.__doc__.split()\n")).toMatchObject({ names: ["helper"], unknown: false });
  });

  test("uses written for python -OO count as nothing", () => {
    // types.DynamicClassAttribute: a docstring or None in a variable, then handed on with `or`.
    expect(reads("class P:\n def getter(self, fget):\n  fdoc = fget.__doc__ if self.overwrite_doc else None\n  return type(self)(fget, fdoc or self.__doc__)\n")).toMatchObject({ unknown: false, classesAsString: true });
    expect(reads("def g(fn, c):\n  doc = fn.__doc__ if c else None\n  return doc.strip()\n").unknown).toBe(true);
    const tolerant = [
      "def d(func, w):\n  w.__doc__ = func.__doc__\n",
      "def d(func, reg):\n  reg['doc'] = func.__doc__\n  reg.doc = func.__doc__\n  return {'d': func.__doc__}\n",
      "def d(func):\n  if func.__doc__:\n    func.__doc__ += 'x'\n",
      "def d(func):\n  if func.__doc__ is not None and func.__doc__.startswith('+'):\n    pass\n",
      "def d(func):\n  if not func.__doc__:\n    return func\n  func.__doc__ = func.__doc__.strip()\n",
      "def d(func):\n  doc = func.__doc__\n  if doc is None:\n    return\n  print(doc.upper())\n",
      "def d(func):\n  return func.__doc__.strip() if func.__doc__ else ''\n",
      "def d(func):\n  return (func.__doc__ or '') + 'x'\n",
      "def d(func):\n  print(func.__doc__, f'{func.__doc__}', str(func.__doc__), func.__doc__ is None)\n",
      "def d(func):\n  return property(func, doc=func.__doc__)\n",
      // pdb: the module's own docstring tested, the others' then used (all None under -OO)
      "if __doc__ is not None:\n  __doc__ += getattr(C, 'do_x').__doc__.strip()\n",
    ];
    for (const code of tolerant) expect(reads(code).unknown, code).toBe(false);
  });

  test("a method reading its own class's docstring; getdoc, fire and ply", () => {
    expect(reads("class A:\n def m(self):\n  return type(self).__doc__\n")).toMatchObject({ classes: true, classesAsString: false });
    expect(reads("class A:\n def m(self):\n  return self.__doc__.strip()\n")).toMatchObject({ classes: true, classesAsString: true, unknown: false });
    expect(reads("import inspect\nx = inspect.getdoc(obj)\n").all).toBe(true);
    expect(reads("import fire\nfire.Fire(main)\n").all).toBe(true);
    expect(reads("import doctest\n").all).toBe(false);
    expect(reads("from ply import lex\n").ply).toBe(true);
    expect(reads("x = 1\n")).toEqual({ names: [], classes: false, classesAsString: false, unknown: false, all: false, ply: false });
  });
});
