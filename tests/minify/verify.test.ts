/**
 * The safety net's pieces: the copy of the original tree (clone.ts) and the comparison of the
 * original with the re-parsed output under the recorded changes (verify.ts). Every change the log
 * does not account for must be a mismatch, and every field of every node type must be compared.
 */
import { describe, expect, test } from "vitest";
import type { Arg, Assign, FunctionDef, Module, Node, Stmt } from "../../src/python/ast.js";
import { FieldKind, NODE_SPECS } from "../../src/python/ast-schema.js";
import { parseModule } from "../../src/python/parser.js";
import { cloneTree } from "../../src/minify/clone.js";
import type { ChangeLog } from "../../src/minify/transform.js";
import { compareOutput, expectedChanges } from "../../src/minify/verify.js";

/** Most node types of the 3.14 grammar. */
const EVERYTHING = `
"""Module doc."""
from __future__ import annotations
import os.path as p, sys
from .. import a as b, c
from x import *
type Alias[T: int = str, *Ts, **P] = list[T]
@dec(1, k=2)
async def f[T](a, /, b: int = 1, *args: *Ts, c, d=2, **kw) -> None:
    "doc"
    global g
    nonlocal_ = lambda x, *y, z=1, **w: (x, y, z, w)
    async for i in a:
        await b
    async with c as (d, e), f:
        yield
        yield from g
    return
class C(B, metaclass=M):
    def m(self):
        nonlocal q
    x: int = 1
    (y): int
def g():
    del a[1:2:3], b.c
    a += 1; a @= 2
    assert a, "m"
    raise E from F
    try:
        pass
    except (A, B) as e:
        pass
    else:
        pass
    finally:
        pass
    while a:
        break
    else:
        continue
    for i, *j in k:
        pass
    if a:
        pass
    elif b:
        pass
    else:
        pass
    with a as b:
        pass
    try:
        pass
    except* C:
        pass
    x = [i for i in y if i async for j in z]
    x = {i for i in y}
    x = {k: v for k, v in y}
    x = (i for i in y)
    x = {1: 2, **d}
    x = {1, 2}
    x = (a if b else c, not a, -a, a and b or c, a < b <= c, (y := 1))
    x = f"a{b!r:>{c}}" f'{d=}', b"bytes", u"u", 1j, 1.5, 0x10, ..., None, True
    x = t"{a}"
    x = a[*b]
    match p:
        case 1 | 2:
            pass
        case [a, *rest] if a:
            pass
        case {"k": v, **others}:
            pass
        case Point(1, y=2) as pt:
            pass
        case [y as v]:
            pass
        case None:
            pass
        case _:
            pass
`;

function parse(text: string): Module {
  return parseModule(text, { minor: 14 }).module;
}

/** Every node of a tree, with its path. */
function nodes(root: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    out.push(n);
    const rec = n as unknown as Record<string, unknown>;
    for (const f of NODE_SPECS[n._type].fields) {
      const v = rec[f.name];
      if (f.kind === FieldKind.List) {
        for (const x of v as unknown[]) if (x && typeof x === "object" && "_type" in x) walk(x as Node);
      } else if (v && typeof v === "object" && "_type" in v && n._type !== "Constant") walk(v as Node);
    }
  };
  walk(root);
  return out;
}

const emptyLog = (): ChangeLog => ({ removed: [], renamed: [], aliases: [], scopes: [], renamedCount: 0 });

function compare(original: Module, output: Module, log: ChangeLog = emptyLog()): string | null {
  const m = compareOutput(original, output, expectedChanges(log));
  return m ? `${m.path}: ${m.message}` : null;
}

describe("clone", () => {
  test("copies every field of every node, sharing no node", () => {
    const tree = parse(EVERYTHING);
    const copy = cloneTree(tree);
    const a = nodes(tree);
    const b = nodes(copy);
    expect(b.length).toBe(a.length);
    const seen = new Set(a);
    const types = new Set<string>();
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as unknown as Record<string, unknown>;
      const y = b[i] as unknown as Record<string, unknown>;
      types.add(a[i]!._type);
      expect(seen.has(b[i]!)).toBe(false);
      const spec = NODE_SPECS[a[i]!._type];
      expect(Object.keys(y)).toEqual(Object.keys(x)); // same fields, same order (same hidden class)
      for (const f of spec.fields) {
        const vx = x[f.name];
        const vy = y[f.name];
        if (f.kind === FieldKind.List) {
          expect(vy).not.toBe(vx);
          expect((vy as unknown[]).length).toBe((vx as unknown[]).length);
          (vx as unknown[]).forEach((e, k) => {
            if (e === null || typeof e !== "object") expect((vy as unknown[])[k]).toBe(e);
          });
        } else if (vx === null || typeof vx !== "object" || a[i]!._type === "Constant") expect(vy).toBe(vx);
      }
      if (spec.located) expect([y.start, y.end]).toEqual([x.start, x.end]);
    }
    expect(types.size).toBeGreaterThan(70);
    expect(compare(tree, copy)).toBeNull();
  });
});

describe("compareOutput", () => {
  test("every field of every node is compared", () => {
    const tree = parse(EVERYTHING);
    let checked = 0;
    for (const n of nodes(tree)) {
      const rec = n as unknown as Record<string, unknown>;
      for (const f of NODE_SPECS[n._type].fields) {
        const v = rec[f.name];
        let changed: unknown;
        if (f.kind === FieldKind.List) changed = [...(v as unknown[]), (v as unknown[])[0] ?? null];
        else if (typeof v === "string") changed = v + "_";
        else if (typeof v === "number") changed = v + 1;
        else if (typeof v === "boolean") changed = !v;
        else if (v === null) changed = n._type === "MatchSingleton" ? true : { _type: "Pass", start: 0, end: 0 };
        else if (typeof v === "object" && "_type" in (v as object)) changed = null;
        else continue; // constant values: below
        const output = cloneTree(tree);
        const target = nodes(output)[nodes(tree).indexOf(n)] as unknown as Record<string, unknown>;
        target[f.name] = changed;
        expect(compare(tree, output), `${n._type}.${f.name}`).not.toBeNull();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  test("constants of every kind", () => {
    const pairs = [["1", "2"], ["1.0", "1.5"], ["1j", "2j"], ["'a'", "'b'"], ["b'a'", "b'b'"], ["None", "True"], ["...", "None"], ["0.0", "-0.0"]];
    for (const [x, y] of pairs) expect(compare(parse(`x=${x}`), parse(`x=${y}`)), `${x} vs ${y}`).not.toBeNull();
    expect(compare(parse("x='\\ud800\\udc00'"), parse("x='\\U00010000'"))).not.toBeNull();
    expect(compare(parse("x='\\ud800\\udc00'"), parse("x='\\ud800\\udc00'"))).toBeNull();
  });

  test("renames: exactly the recorded ones", () => {
    const src = "def f(a):\n b = a\n return b\n";
    const original = parse(src);
    const fn = original.body[0] as FunctionDef;
    const assign = fn.body[0] as Assign;
    const ret = fn.body[1] as Stmt & { value: Node };
    const log = emptyLog();
    log.renamed.push({ node: assign.targets[0]!, field: "id", index: -1, from: "b", to: "c", start: 0, end: 0 });
    log.renamed.push({ node: ret.value, field: "id", index: -1, from: "b", to: "c", start: 0, end: 0 });
    expect(compare(original, parse("def f(a):\n c = a\n return c\n"), log)).toBeNull();
    // Not applied, applied elsewhere, applied differently, or not recorded.
    expect(compare(original, parse(src), log)).toMatch(/"b" became|"c" became|became "b"/);
    expect(compare(original, parse("def f(a):\n c = a\n return b\n"), log)).not.toBeNull();
    expect(compare(original, parse("def f(a):\n d = a\n return d\n"), log)).not.toBeNull();
    expect(compare(original, parse("def f(c):\n c = c\n return c\n"), log)).not.toBeNull();
    expect(compare(original, parse("def f(a):\n c = a\n return c\n"))).not.toBeNull();
  });

  test("renames of nested match captures are told apart", () => {
    const original = parse("match p:\n case [y as v]:\n  pass\n");
    const outer = ((original.body[0] as unknown as { cases: Array<{ pattern: { patterns: Node[] } }> }).cases[0]!.pattern.patterns[0]) as Node & {
      pattern: Node;
    };
    const log = emptyLog();
    log.renamed.push({ node: outer, field: "name", index: -1, from: "v", to: "a", start: 0, end: 0 });
    log.renamed.push({ node: outer.pattern, field: "name", index: -1, from: "y", to: "b", start: 0, end: 0 });
    expect(compare(original, parse("match p:\n case [b as a]:\n  pass\n"), log)).toBeNull();
    expect(compare(original, parse("match p:\n case [a as b]:\n  pass\n"), log)).not.toBeNull();
  });

  test("global lists", () => {
    const original = parse("def f():\n global x, y\n");
    const g = (original.body[0] as FunctionDef).body[0]!;
    const log = emptyLog();
    log.renamed.push({ node: g, field: "names", index: 1, from: "y", to: "z", start: 0, end: 0 });
    expect(compare(original, parse("def f():\n global x, z\n"), log)).toBeNull();
    expect(compare(original, parse("def f():\n global z, y\n"), log)).not.toBeNull();
  });

  test("removed statements: only the recorded ones, docstrings only while leading", () => {
    const src = 'def f():\n "doc"\n pass\n x = 1\n "late"\n';
    const original = parse(src);
    const body = (original.body[0] as FunctionDef).body;
    const log = emptyLog();
    log.removed.push({ stmt: body[0]!, why: "docstring", replacement: null });
    log.removed.push({ stmt: body[1]!, why: "pass", replacement: null });
    expect(compare(original, parse('def f():\n x = 1\n "late"\n'), log)).toBeNull();
    expect(compare(original, parse("def f():\n x = 1\n"), log)).not.toBeNull(); // "late" is not recorded
    expect(compare(original, parse('def f():\n pass\n x = 1\n "late"\n'))).not.toBeNull(); // nothing recorded
    const late = emptyLog();
    late.removed.push({ stmt: body[3]!, why: "docstring", replacement: null });
    expect(compare(original, parse('def f():\n "doc"\n pass\n x = 1\n'), late)).not.toBeNull(); // not leading
    const wrongKind = emptyLog();
    wrongKind.removed.push({ stmt: body[2]!, why: "pass", replacement: null });
    expect(compare(original, parse('def f():\n "doc"\n pass\n "late"\n'), wrongKind)).not.toBeNull(); // not a pass
  });

  test("an emptied block holds pass only where one was put", () => {
    const original = parse('def f():\n "doc"\n');
    const doc = (original.body[0] as FunctionDef).body[0]!;
    const replaced = emptyLog();
    replaced.removed.push({ stmt: doc, why: "docstring", replacement: { _type: "Pass", start: doc.start, end: doc.start } });
    expect(compare(original, parse("def f():\n pass\n"), replaced)).toBeNull();
    const notReplaced = emptyLog();
    notReplaced.removed.push({ stmt: doc, why: "docstring", replacement: null });
    expect(compare(original, parse("def f():\n pass\n"), notReplaced)).not.toBeNull();
  });

  test("inserted aliases stand where they were put, exactly as built", () => {
    const original = parse('def f(self):\n "doc"\n return self.x\n');
    const fn = original.body[0] as FunctionDef;
    const arg = fn.args.args[0] as Arg;
    const stmt: Assign = {
      _type: "Assign",
      targets: [{ _type: "Name", id: "a", ctx: "Store", start: 0, end: 0 }],
      value: { _type: "Name", id: "self", ctx: "Load", start: 0, end: 0 },
      type_comment: null,
      start: 0,
      end: 0,
    };
    const ret = fn.body[1] as Stmt & { value: { value: Node } };
    const log = emptyLog();
    log.aliases.push({ arg, stmt, fn, at: 1 });
    log.renamed.push({ node: ret.value.value, field: "id", index: -1, from: "self", to: "a", start: 0, end: 0 });
    const found = new Map<Stmt, Stmt>();
    expect(compareOutput(original, parse('def f(self):\n "doc"\n a=self\n return a.x\n'), expectedChanges(log), found)).toBeNull();
    expect(found.get(stmt)?._type).toBe("Assign");
    expect(compare(original, parse('def f(self):\n a=self\n "doc"\n return a.x\n'), log)).not.toBeNull();
    expect(compare(original, parse('def f(self):\n "doc"\n a=b=self\n return a.x\n'), log)).not.toBeNull();
    expect(compare(original, parse('def f(self):\n "doc"\n b=self\n return a.x\n'), log)).not.toBeNull();
    expect(compare(original, parse('def f(self):\n "doc"\n return a.x\n'), log)).not.toBeNull();
  });
});
