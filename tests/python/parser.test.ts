/**
 * Parser tests, differential against CPython (3.11 = python3, 3.14 = pyodide): every fixture under
 * tests/fixtures/parser/<rule>/ and every snippet below is parsed by CPython and by us at the same
 * target; where CPython accepts, `ast.dump` (with and without positions) must be identical, where it
 * rejects, we must reject. Nothing here hard-codes CPython's output.
 * Plus version gating (targets CPython has no oracle for), stress inputs, and the API surface.
 */
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { dumpAst } from "../../src/python/dump.js";
import { PythonSyntaxError } from "../../src/python/errors.js";
import { parseModule, parseSource } from "../../src/python/parser.js";
import { decodeSource } from "../../src/python/source.js";
import { oracle, type OracleRecord } from "../oracle/oracle.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, "../fixtures/parser");

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(".py")) out.push(p);
  }
  return out;
}

/** Snippets checked differentially; many are errors in one or both versions. */
const SNIPPETS: string[] = [
  // assignment targets
  "x = = 1\n", "f() = 1\n", "1 = x\n", "None = 1\n", "True = 1\n", "... = 1\n", "a + b = c\n",
  "(a, b()) = c\n", "[a, 1] = b\n", "x = y = f() = 1\n", "*a = 1\n", "*a, = 1\n", "(*a) = 1\n",
  "a, *b, *c = d\n", "[*a] = b\n", "(a, b) += 1\n", "a, b += 1\n", "f() += 1\n", "x: int, y: int\n",
  "a, b: int\n", "[a]: int\n", "(a): int = 1\n", "f(): int\n", "x = yield = 1\n", "yield = 1\n",
  "lambda: 1 = 1\n", "a if b else c = 1\n", "not a = 1\n", "a < b = 1\n", "[x for x in y] = 1\n",
  "{a: b} = 1\n", "{a} = 1\n", "f'{x}' = 1\n", "a.b = c.d = 1\n", "x = *a, *b\n", "x = *a\n",
  // del
  "del f()\n", "del a + b\n", "del *a\n", "del (a, *b)\n", "del a, (b, c), [d]\n", "del 1\n",
  "del a.b[c]\n", "del (a)\n",
  // calls
  "f(**a, *b)\n", "f(a=1, b)\n", "f(**a, b)\n", "f(x for x in y, 1)\n", "f(1, x for x in y)\n",
  "f(a.b=1)\n", "f(True=1)\n", "f(a=1 for x in y)\n", "f(a, *b, c=1, *d, **e, f=2)\n",
  "f(x for x in y)(z for z in w)\n", "f(*a for a in b)\n", "f(**a for a in b)\n", "f(a b)\n",
  "f(a=1, a=2)\n", "f(,)\n", "f(a,,b)\n",
  // legacy print
  "print x\n", "print 'x'\n", "exec 'x'\n", "print >>sys.stderr, x\n",
  // parameters
  "def f(*): pass\n", "def f(*, **k): pass\n", "def f(a=1, b): pass\n", "def f(a, a): pass\n",
  "def f(**k, a): pass\n", "def f(/, a): pass\n", "def f(a, /, /): pass\n", "def f(*a, /): pass\n",
  "def f(*a=1): pass\n", "def f(**k=1): pass\n", "def f(*a, *b): pass\n", "def f(a, *, /): pass\n",
  "lambda *: 0\n", "lambda a=1, b: 0\n", "lambda a: int: 0\n", "lambda (a): 0\n", "def f(a=1, /, b): pass\n",
  "def f(a: *b): pass\n", "def f(**a: *b): pass\n", "def f(*a: *b): pass\n", "def f() -> : pass\n",
  "def f(a, *, b): pass\n", "def f(a, *, b=1, c): pass\n", "def f(a, b=1, /, c=2, *d, e, f=3, **g): pass\n",
  // classes
  "class A(x for x in y): pass\n", "class A(: pass\n", "class A(**k, *b): pass\n", "class A(B)(C): pass\n",
  // blocks and indentation
  "if x\n    pass\n", "if x:\npass\n", "  x = 1\n", "if x:\n    a\n  b\n", "if x:\n\ta\n        b\n",
  "if x:\n        a\n\tb\n", "if x:\n    a\n\tb\n", "else: pass\n", "elif x: pass\n", "except: pass\n",
  "if x: pass\nelse pass\n", "while x:\n", "for x in y:\n", "def f():\n", "class A:\n",
  "try:\n    pass\n", "try:\n    pass\nelse:\n    pass\n", "try:\n    pass\nfinally:\n    pass\nexcept:\n    pass\n",
  "try:\n    pass\nexcept E:\n    pass\nexcept* F:\n    pass\n", "try:\n    pass\nexcept* :\n    pass\n",
  "try:\n    pass\nexcept E, F:\n    pass\n", "try:\n    pass\nexcept E, F as e:\n    pass\n",
  "try:\n    pass\nexcept (E, F) as e:\n    pass\n", "try:\n    pass\nexcept E as e.f:\n    pass\n",
  "try:\n    pass\nexcept E as (e):\n    pass\n", "if x:\n    pass\n  else:\n    pass\n",
  "def f():\n    return\n  x = 1\n", "if x:\n# comment\n    pass\n", "if x:\n\n\n    pass\n",
  "if x: if y: pass\n", "for x in y: for z in w: pass\n", "pass; pass\n", "pass;; pass\n", ";\n",
  "x = 1;\n", "if x: a; b;\n", "x = 1 \\\n  + 2\n", "x = 1 \\ + 2\n", "x = 1 \\", "\\\n",
  // expressions
  "a if b\n", "a if b else\n", "not\n", "x = 1 if\n", "x = 1 2\n", "[1 2]\n", "(1 2)\n", "{1 2}\n",
  "{1: 2 3: 4}\n", "x := 1\n", "(x := 1)\n", "(a.b := 1)\n", "(a[0] := 1)\n", "f(x := 1)\n",
  "[x := 1, 2]\n", "{x := 1}\n", "{(x := 1): 2}\n", "{x := 1: 2}\n", "a[x := 1]\n", "a[x := 1, 2]\n",
  "[x for x in y if a else b]\n", "[*x for x in y]\n", "{**x for x in y}\n", "{*x: 1}\n", "{1: *x}\n",
  "{1: **x}\n", "{1:}\n", "{1, 2:3}\n", "{1:2, 3}\n", "(*a)\n", "(*a, b)\n", "print(*a, **b)\n",
  "(**a)\n", "[**a]\n", "a ! b\n", "a <> b\n", "a not b\n", "a is not not b\n", "not not a\n",
  "- - a\n", "a ** - b\n", "await x\n", "await\n", "await await x\n", "x = await\n", "yield from\n",
  "a = yield from\n", "lambda: yield\n", "lambda: (yield)\n", "a[]\n", "a[:,:]\n", "a[::,]\n",
  "a[1:2:3:4]\n", "a.1\n", "a.b.\n", "1.real\n", "1 .real\n", "1..real\n", "1.__class__\n",
  "x = ...\n", "x = ....\n", "x = ... .x\n", "(yield x) = 1\n", "[i for i in range(5) if (j := i)]\n",
  "[i := 0 for i in range(5)]\n", "[j for i in range(5) if j := i]\n", "def f(a=(yield)): pass\n",
  // numbers
  "0777\n", "1_\n", "1__0\n", "0b2\n", "0o8\n", "0x\n", "0xg\n", "1e\n", "1.e+\n", "1abc\n", "0_\n",
  "1_000_\n", "0b_\n", "0b1_\n", "1e5_\n", "1.5_\n", "1_.5\n", "1._5\n", "1j2\n", "0x1j\n", "00\n", "0_0\n",
  "01\n", "0_1\n", "1if 1else 2\n", "1or 2\n", "1and 2\n", "1in x\n", "1is 1\n", "1not in x\n", "0b1and 2\n",
  "0xfor x in y\n", "1_000.000_1e1_0j\n", "9" + "9".repeat(60) + "\n", "1e309\n", "1e-400\n",
  "0.1 + 0.2\n", "4.35\n", "1.7976931348623157e308\n", "5e-324\n", "2.2250738585072014e-308\n",
  // strings
  "'abc\n", "'''abc\n", "\"abc\\\n", "b'é'\n", "'a' b'b'\n", "b'a' 'b'\n", "'\\x4'\n", "'\\u12'\n",
  "'\\U1234567'\n", "'\\U00110000'\n", "'\\N{NOT A NAME}'\n", "'\\N{}'\n", "'\\N'\n", "'\\N{LATIN SMALL LETTER A'\n",
  "b'\\x4'\n", "b'\\xzz'\n", "'\\\n'\n", "u'a' 'b' u'c'\n", "'a' u'b'\n", "U'a'\n", "ur'a'\n", "bu'a'\n",
  "rb'\\x'\n", "br'\\\\'\n", "'\\8\\9'\n", "'\\0\\00\\000\\0000'\n", "'\\N{LATIN CAPITAL LETTER GHA}'\n",
  "'\\N{EM DASH}'\n", "'\\N{em dash}'\n", "'\\N{CJK UNIFIED IDEOGRAPH-9FFF}'\n", "'\\N{CJK UNIFIED IDEOGRAPH-FFFF}'\n",
  "'\\N{HANGUL SYLLABLE GAGG}'\n", "'\\N{HANGUL SYLLABLE YEOLB}'\n", "'\\N{NO-BREAK SPACE}'\n",
  // f-strings
  "f'{'\n", "f'}'\n", "f'{}'\n", "f'{ }'\n", "f'{x!z}'\n", "f'{x!}'\n", "f'{x!r=}'\n", "f'{x=!r:>{y}}'\n",
  "f'{x:{y:{z}}}'\n", "f'{x:{y:{z:{w}}}}'\n", "f'{\"a\"}'\n", "f\"{\"a\"}\"\n", "f'{a[\"b\"]}'\n",
  "f'{x\\n}'\n", "f'{\\'x\\'}'\n", "f'{x#}'\n", "f'{x # c\n}'\n", "f'''{x # c\n}'''\n", "f'{lambda x: 1}'\n",
  "f'{(lambda x: 1)}'\n", "f'{yield}'\n", "f'{*a}'\n", "f'{*a,}'\n", "f'{a, b}'\n", "f'{x for x in y}'\n",
  "f'{!r}'\n", "f'{:x}'\n", "f'{=}'\n", "f'{x:}'\n", "f'{x!r:}'\n", "f'{x=:}'\n", "f'{x=!r}'\n",
  "f'{x!s:{y}}' f'{z}'\n", "f'a{{b' f'c}}d'\n", "f'{{}}'\n", "f'{{{x}}}'\n", "f'{x}}'\n", "f'{{x}'\n",
  "f'\\{x}'\n", "rf'\\{x}'\n", "f'\\N{DIGIT ONE}{x}'\n", "f'{x:\\n}'\n", "f'{x:\\x41}'\n", "f'{x:\n}'\n",
  "f'''{x:\n}'''\n", "f'{x!r :>3}'\n", "f'{x! r}'\n", "f'{x:=3}'\n", "f'{x = }'\n", "f'{ x = !r:^9}'\n",
  "f'{3!r}'\n", "f'{3.14!r}'\n", "f'{1:{2}}'\n", "f'{x:{{}}}'\n", "fb'x'\n", "bf'x'\n", "uf'x'\n",
  "f'{x}' b'y'\n", "f'''\n{\nx\n}\n'''\n", "f'{\nx}'\n", "f'{x\n}'\n", "f'{x:{\ny}}'\n",
  "f'{f\"{f'{x}'}\"}'\n", "f'{\"\\n\".join(x)}'\n", "x = f'{a}' f'{b}' f'{c}'\n",
  // t-strings
  "t'{x}'\n", "t'{x}' 'y'\n", "'y' t'{x}'\n", "t'{x}' b'y'\n", "t'{x}' f'{y}'\n", "tb'x'\n", "ft'x'\n",
  "t'{x=}'\n", "t'{x!r:>{y}}'\n", "t'{  x  }'\n", "t'{x:{y!r}}'\n", "t''\n", "t'' t''\n",
  // imports
  "import a.b as c.d\n", "from x import a.b\n", "from x import *, a\n", "from x import (*)\n",
  "from x import a,\n", "from . import\n", "import .a\n", "from x import (a, b\n", "from x import ()\n",
  "from .x import y as z\n", "from __future__ import braces\n", "from __future__ import spam\n",
  "'''doc'''\nfrom __future__ import annotations, spam\n", "x = 1\nfrom __future__ import spam\n",
  "from __future__ import (annotations,)\nfrom __future__ import spam\n", "def f():\n    from __future__ import spam\n",
  // global / return / raise / assert
  "global a.b\n", "nonlocal\n", "global\n", "return from\n", "raise from x\n", "assert\n", "assert x,\n",
  "raise X from\n", "return *a\n", "return *a, b\n", "x = yield *a, b\n", "for x in *a: pass\n",
  // with
  "with a as 1: pass\n", "with (a as b, c as d): pass\n", "with (a, b) as c: pass\n", "with (a as b): pass\n",
  "with a as b, : pass\n", "with (a as b,): pass\n", "with (): pass\n", "with a as (b, c,): pass\n",
  "with (a, *b): pass\n", "with (*a): pass\n", "with a as *b: pass\n", "with a as f(): pass\n",
  // match
  "match x:\n    case 1+1: pass\n", "match x:\n    case a.b(): pass\n", "match x:\n    case {**_}: pass\n",
  "match x:\n    case x as _: pass\n", "match x:\n    case *a: pass\n", "match x:\n    case C(a=1, b): pass\n",
  "match x:\n    case f'x': pass\n", "match x:\n    case -a: pass\n", "match x:\n    case 1j + 1: pass\n",
  "match x:\n    case 1 + 1: pass\n", "match x:\n    case a as b.c: pass\n", "match x:\n    case {a: 1}: pass\n",
  "match x:\n    case {1: a, **b, 2: c}: pass\n", "match x:\n    case (*a, *b): pass\n", "match x:\n    case a | b: pass\n",
  "match x:\n    case _ | a: pass\n", "match x:\n    case [a, a]: pass\n", "match x:\n    case {'a': 1, 'a': 2}: pass\n",
  "match x:\n    case 1:\n        pass\n    case\n", "match x\n    case 1: pass\n", "match x:\ncase 1: pass\n",
  "match x:\n    pass\n", "match:\n    case 1: pass\n", "match x:\n    case 1 if: pass\n", "match x:\n    case (1): pass\n",
  "match x:\n    case (1,): pass\n", "match x:\n    case [1,]: pass\n", "match x:\n    case C(a, b=c, d=e,): pass\n",
  "match x:\n    case C(**a): pass\n", "match x:\n    case -0j: pass\n", "match x:\n    case -1.5 - 0j: pass\n",
  "match x:\n    case 0x1f | 0o7 | 0b1: pass\n", "match x:\n    case a.b as c | d: pass\n",
  "match = [1]\nmatch[0] = 2\n", "match(x)\n", "match (x):\n    case y: pass\n", "match x, *y:\n    case z: pass\n",
  "match -x:\n    case _: pass\n", "match not x:\n    case _: pass\n", "match lambda: x:\n    case _: pass\n",
  "match x if y else z:\n    case _: pass\n", "match x := y:\n    case _: pass\n", "match yield:\n    case _: pass\n",
  "match *x:\n    case _: pass\n", "match:\n    pass\n", "match = 1\nmatch.case = 2\n", "match x:\n    case case: pass\n",
  // soft keywords
  "type X = int\n", "type X[T] = list[T]\n", "type(x)\n", "type = 1\n", "type X\n", "type X = \n",
  "type X[] = int\n", "type x.y = int\n", "_ = 1\n", "case = 1\n", "print(match, case, type, _)\n",
  // type parameters
  "def f[](): pass\n", "def f[*T: int](): pass\n", "def f[**P: int](): pass\n", "def f[T, *Ts, **P](): pass\n",
  "def f[T=int, U](): pass\n", "def f[T: int = str](): pass\n", "def f[*Ts = *tuple[int]](): pass\n",
  "class A[T](B, metaclass=M): pass\n", "class A[](): pass\n", "def f[T](x: T) -> T: ...\n",
  "def f[T: (yield)](): pass\n", "def f[T](a: (T := 1)): pass\n",
  // decorators
  "@\ndef f(): pass\n", "@x\n", "@x\nx = 1\n", "@x y\ndef f(): pass\n", "@x[0].y(z)\ndef f(): pass\n",
  "@(yield)\ndef f(): pass\n", "@x := y\ndef f(): pass\n", "@x\nasync def f(): pass\n", "@x\nasync with y: pass\n",
  // async
  "async x = 1\n", "async def f(): await x\n", "async with a: pass\n", "async for x in y: pass\n",
  "async def f():\n    async with a as b, c: pass\n", "def f():\n    [x async for x in y]\n",
  "async def f():\n    return [await x async for x in y]\n", "async lambda: 0\n",
  // unicode and odd characters
  "x = 1 → 2\n", "a\u00a0b\n", "é = 1\n", "ℌ = 1\n", "Ａ = 1\n", "x = ﬁ\n", "a$b\n", "a?b\n", "`a`\n",
  "x\u200b = 1\n", "\u2028x = 1\n", "x = '\u2028'\n", "# \u00ff comment\nx = 1\n", "\ufeffx = 1\n",
  // layout
  "x = (1,\n", "x = [1,\n 2\n", "x = {1:\n", "x = )\n", "x = (]\n", "x = ([)]\n", "(\n", ")\n",
  "if x:\n    pass\n  ", "if x:\n    pass\n\t\n", "x = 1\n\n\n", "\n\n\nx = 1", "   \n", "#\n", "\\\n\\\n",
  "if x:\n    pass\n\n    pass\n", "x = (\n# c\n1)\n", "x = [1, # c\n 2]\n", "\f\fx = 1\n",
  "if x:\n  \fa = 1\n", "if True:\n    x = 1\n\fy = 2\n", "def f():\r\n    return 1\r\n", "x = 1\r\r\ny = 2\r\n",
  "if x:\n    pass\n    \\\n\n", "x = 1 + \\\n# c\n2\n", "x = 1\n\\\n", "\\\nx = 1\n", "if x:\n    \\\n    pass\n",
  "x = 1 \\\n\n", "x = (1 \\\n + 2)\n", "x = '''a\\\nb'''\n",
  "(" + "(".repeat(150) + "x" + ")".repeat(150) + ")\n", "(" + "(".repeat(199) + ")".repeat(199) + ")\n",
  "[".repeat(201) + "]".repeat(201) + "\n",
];

/** Invalid in every supported version: the oracle must agree, and so must we. */
const MUST_REJECT = [
  "x = = 1\n", "f() = 1\n", "del f()\n", "f(**a, *b)\n", "def f(*): pass\n", "print x\n", "if x\n    pass\n",
  "  x = 1\n", "if x:\n\ta\n        b\n", "0777\n", "'abc\n", "f'{}'\n", "x := 1\n", "class A(x for x in y): pass\n",
  "match x:\n    case {**_}: pass\n", "x = (1,\n",
];

const ORACLE_MINORS = [11, 14] as const;

function ourResult(path: string, minor: number): { dump: string; dumpPos: string } | { error: unknown } {
  try {
    const source = decodeSource(readFileSync(path), path);
    const { module } = parseSource(source, { minor });
    return { dump: dumpAst(module, source, { minor }), dumpPos: dumpAst(module, source, { minor, positions: true }) };
  } catch (e) {
    return { error: e };
  }
}

function checkAgainst(r: OracleRecord, minor: number): void {
  const ours = ourResult(r.path, minor);
  if (r.ok) {
    if ("error" in ours) throw new Error(`we reject what CPython 3.${minor} accepts: ${String(ours.error)}`);
    expect(ours.dump).toBe(r.dump);
    expect(ours.dumpPos).toBe(r.dumpPos);
  } else {
    expect("error" in ours, `CPython 3.${minor} rejects (${r.error?.message}), we accept`).toBe(true);
    expect((ours as { error: unknown }).error).toBeInstanceOf(PythonSyntaxError);
  }
}

const fixtureFiles = walk(FIXTURES);
let snippetDir = "";
const snippetFiles: string[] = [];

beforeAll(() => {
  snippetDir = mkdtempSync(join(tmpdir(), "tsrs-parser-"));
  mkdirSync(snippetDir, { recursive: true });
  SNIPPETS.forEach((s, i) => {
    const p = join(snippetDir, `s${String(i).padStart(4, "0")}.py`);
    writeFileSync(p, s, "utf8");
    snippetFiles.push(p);
  });
});

describe.each(ORACLE_MINORS)("differential against CPython 3.%i", (minor) => {
  let fixtureRecords: OracleRecord[] = [];
  let snippetRecords: OracleRecord[] = [];
  beforeAll(async () => {
    fixtureRecords = await oracle(minor, "ast", fixtureFiles);
    snippetRecords = await oracle(minor, "ast", snippetFiles);
  });

  it("fixture corpus is non-trivial", () => {
    expect(fixtureFiles.length).toBeGreaterThan(30);
    expect(fixtureRecords.filter((r) => r.ok).length).toBeGreaterThan(25);
  });

  it.each(fixtureFiles.map((f) => relative(FIXTURES, f)))("fixture %s", (rel) => {
    const r = fixtureRecords.find((x) => x.path === join(FIXTURES, rel));
    expect(r).toBeDefined();
    checkAgainst(r!, minor);
  });

  it("snippets: same verdict and same tree", () => {
    const failures: string[] = [];
    snippetRecords.forEach((r, i) => {
      try {
        checkAgainst(r, minor);
      } catch (e) {
        failures.push(`${JSON.stringify(SNIPPETS[i])}: ${(e as Error).message.split("\n")[0]}`);
      }
    });
    expect(failures).toEqual([]);
    // the table must exercise both outcomes
    expect(snippetRecords.filter((r) => r.ok).length).toBeGreaterThan(80);
    expect(snippetRecords.filter((r) => !r.ok).length).toBeGreaterThan(150);
  });

  it("snippets that are invalid everywhere are rejected by CPython and by us", () => {
    for (const s of MUST_REJECT) {
      const i = SNIPPETS.indexOf(s);
      expect(i, s).toBeGreaterThanOrEqual(0);
      expect(snippetRecords[i]!.ok, `oracle accepted ${JSON.stringify(s)}`).toBe(false);
      expect(() => parseModule(s, { minor }), s).toThrow(PythonSyntaxError);
    }
  });

  it("error lines, columns and messages agree with CPython for most rejected snippets", () => {
    let rejected = 0;
    let sameLine = 0;
    let samePlace = 0;
    let sameMessage = 0;
    snippetRecords.forEach((r, i) => {
      if (r.ok || !r.error || r.error.line === null) return;
      rejected++;
      try {
        parseModule(SNIPPETS[i]!, { minor });
      } catch (e) {
        if (!(e instanceof PythonSyntaxError)) return;
        if (e.line === r.error.line) sameLine++;
        if (e.line === r.error.line && e.col === r.error.col) samePlace++;
        if (e.message === r.error.message) sameMessage++;
      }
    });
    expect(sameLine / rejected).toBeGreaterThan(0.95);
    expect(samePlace / rejected).toBeGreaterThan(0.75);
    expect(sameMessage / rejected).toBeGreaterThan(0.75);
  });
});

// ---------------------------------------------------------------- version gating

/** [source, first minor that accepts it]. */
const GATES: Array<[string, number]> = [
  ["@x[0]\ndef f(): pass\n", 9],
  ["@(yield)\ndef f(): pass\n", 9],
  ["with (a as b, c): pass\n", 9],
  ["match x:\n    case 1: pass\n", 10],
  ["try:\n    pass\nexcept* E:\n    pass\n", 11],
  ["a[*b]\n", 11],
  ["def f(*a: *b): pass\n", 11],
  ["def f[T](): pass\n", 12],
  ["class A[T]: pass\n", 12],
  ["type X = int\n", 12],
  ["f'{\"a\"}' and f\"{\"b\"}\"\n", 12],
  ["f'{x:{y:{z}}}'\n", 12],
  ["def f[T=int](): pass\n", 13],
  ["try:\n    pass\nexcept A, B:\n    pass\n", 14],
  ["t'{x}'\n", 14],
];

describe("version gating", () => {
  it.each(GATES)("%j needs 3.%i", (src, since) => {
    for (let minor = 8; minor <= 14; minor++) {
      if (minor >= since) expect(() => parseModule(src, { minor }), `3.${minor}`).not.toThrow();
      else expect(() => parseModule(src, { minor }), `3.${minor}`).toThrow(PythonSyntaxError);
    }
  });

  it("names the version in the message", () => {
    expect(() => parseModule("match x:\n    case 1: pass\n", { minor: 9 })).toThrow(/3\.10/);
    expect(() => parseModule("type X = int\n", { minor: 11 })).toThrow(/3\.12/);
    expect(() => parseModule("try:\n    pass\nexcept* E:\n    pass\n", { minor: 10 })).toThrow(/3\.11/);
    expect(() => parseModule("t'x'\n", { minor: 13 })).toThrow(/3\.14/);
  });

  it("soft keywords stay names at every version", () => {
    const src = "match = 1\ncase = 2\ntype = 3\n_ = 4\nmatch.x = type(x).y = 2\nprint(match, case, type, _)\nmatch(x)\n";
    for (let minor = 8; minor <= 14; minor++) {
      const { module } = parseModule(src, { minor });
      expect(module.body.length).toBe(7);
      expect(module.body[0]!._type).toBe("Assign");
    }
  });
});

// ---------------------------------------------------------------- robustness

function outcome(src: string | Uint8Array, minor = 14): "ok" | "error" {
  try {
    if (typeof src === "string") parseModule(src, { minor });
    else parseSource(decodeSource(src, "<bytes>"), { minor });
    return "ok";
  } catch (e) {
    if (e instanceof PythonSyntaxError) return "error";
    throw e;
  }
}

describe("stress", () => {
  it("10,000 nested parentheses: a clean 'too many nested parentheses'", () => {
    const t0 = performance.now();
    expect(() => parseModule("(".repeat(10_000) + "x" + ")".repeat(10_000) + "\n")).toThrow(/too many nested parentheses/);
    expect(() => parseModule("[".repeat(10_000) + "]".repeat(10_000) + "\n")).toThrow(/too many nested parentheses/);
    expect(() => parseModule("{".repeat(10_000) + "}".repeat(10_000) + "\n")).toThrow(/too many nested parentheses/);
    expect(outcome("(".repeat(199) + "x" + ")".repeat(199) + "\n")).toBe("ok");
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it("long operator chains and deep unary/lambda/conditional nesting end cleanly", () => {
    const t0 = performance.now();
    expect(outcome("a" + " + a".repeat(100_000) + "\n")).toBe("ok");
    expect(outcome("x = " + "a if b else ".repeat(500) + "c\n")).toBe("ok");
    for (const src of [
      "-".repeat(100_000) + "x\n",
      "not ".repeat(100_000) + "x\n",
      "lambda: ".repeat(100_000) + "x\n",
      "a if b else ".repeat(100_000) + "x\n",
      "a" + "**a".repeat(100_000) + "\n",
      "await ".repeat(100_000) + "x\n",
      "f'{".repeat(1000) + "x" + "}'".repeat(1000) + "\n",
    ]) {
      expect(["ok", "error"]).toContain(outcome(src));
    }
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("deeply nested blocks: accepted up to CPython's 100 levels, then IndentationError", () => {
    const nest = (n: number): string => {
      let s = "";
      for (let i = 0; i < n; i++) s += " ".repeat(i) + "if x:\n";
      return s + " ".repeat(n) + "pass\n";
    };
    expect(outcome(nest(98))).toBe("ok");
    expect(() => parseModule(nest(150))).toThrow(/too many levels of indentation/);
  });

  it("a 10 MB file parses in a few seconds", () => {
    const line = "x = [1, 2.5, 'abc', f(a, b=c), {k: v for k, v in d.items()}]  # comment\n";
    const src = line.repeat(Math.ceil(10_000_000 / line.length));
    const t0 = performance.now();
    const { module, comments } = parseModule(src);
    expect(module.body.length).toBe(Math.ceil(10_000_000 / line.length));
    expect(comments.length).toBe(module.body.length);
    // ~2 s on an idle machine; generous for shared CI cores
    expect(performance.now() - t0).toBeLessThan(15_000);
  });

  it("random bytes and random token soup give a clean result", () => {
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const t0 = performance.now();
    for (let k = 0; k < 20; k++) {
      const b = new Uint8Array(20_000);
      for (let i = 0; i < b.length; i++) b[i] = Math.floor(rnd() * 256);
      expect(outcome(b)).toBe("error");
      const ascii = new Uint8Array(20_000);
      for (let i = 0; i < ascii.length; i++) ascii[i] = 1 + Math.floor(rnd() * 126);
      expect(["ok", "error"]).toContain(outcome(ascii));
    }
    const words = ["(", ")", "[", "]", "{", "}", ":", ";", ",", ".", "=", "+", "*", "**", " ", "\n", "\t", "\\", "'", '"', "#",
      "f'", "x", "0", "1.5", "if", "else", "def", "class", "lambda", "yield", "await", "async", "for", "in", "not", "match", "case", "    "];
    for (let k = 0; k < 50; k++) {
      let s = "";
      for (let i = 0; i < 2000; i++) s += words[Math.floor(rnd() * words.length)];
      expect(["ok", "error"]).toContain(outcome(s, k % 2 ? 11 : 14));
    }
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});

// ---------------------------------------------------------------- API

describe("API", () => {
  it("collects every comment as offsets, in order", () => {
    const src = "x = 1  # one\n# two\ns = '# not a comment'\nf(a,  # three\n  b)\nf'{x # four\n}'\n";
    const { comments } = parseModule(src, { minor: 14 });
    expect(comments.map((c) => src.slice(c.start, c.end))).toEqual(["# one", "# two", "# three", "# four"]);
  });

  it("errors carry file, CPython-style line and column, and kind", () => {
    try {
      parseModule("x = 1\nif x\n    pass\n", { path: "m.py" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PythonSyntaxError);
      const err = e as PythonSyntaxError;
      expect(err.file).toBe("m.py");
      expect(err.line).toBe(2);
      expect(err.message).toBe("expected ':'");
    }
    expect(() => parseModule("if x:\npass\n")).toThrow(/expected an indented block after 'if' statement on line 1/);
    try {
      parseModule("if x:\n\ta\n        b\n");
    } catch (e) {
      expect((e as PythonSyntaxError).kind).toBe("TabError");
    }
  });

  it("defaults to Python 3.14", () => {
    expect(() => parseModule("t'{x}'\n")).not.toThrow();
  });
});
