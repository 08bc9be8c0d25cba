/**
 * Unparser: hand-written tricky cases (tests/fixtures/unparse) round-trip through CPython 3.11 and
 * 3.14, plus direct checks of parentheses, quoting and errors on small trees.
 */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { ELLIPSIS, PyComplex, type Constant, type Expr, type FormattedValue, type JoinedStr, type Module } from "../../src/python/ast.js";
import { UnparseError, unparse } from "../../src/python/unparse.js";
import { oracle } from "../oracle/oracle.js";
import { parseSource } from "../../src/python/parser.js";
import { cpythonTrees } from "../oracle/bridge.js";
import { roundTrip } from "./unparse-roundtrip.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/unparse");
const files = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".py"))
  .sort()
  .map((f) => join(FIXTURES, f));

describe.each([11, 14] as const)("round trip through CPython 3.%i", (minor) => {
  test("every fixture round-trips and is idempotent", async () => {
    const accepted = (await oracle(minor, "ast", files)).filter((r) => r.ok).map((r) => r.path);
    // Fixtures named *-py314.py use syntax newer than 3.11; all others must be valid everywhere.
    const expected = files.filter((f) => minor === 14 || !f.endsWith("-py314.py"));
    expect(accepted).toEqual(expected);
    const result = await roundTrip(minor, files, mkdtempSync(join(tmpdir(), `tsrs-unparse-${minor}-`)));
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(expected.length);
  }, 120_000);

  test("our parser's trees unparse exactly like CPython's", async () => {
    for (const t of await cpythonTrees(minor, files)) {
      const ours = parseSource(t.source, { minor }).module;
      expect(unparse(ours, { minor }), t.path).toBe(unparse(t.module, { minor }));
    }
  }, 120_000);
});

const loc = { start: 0, end: 0 };
const name = (id: string): Expr => ({ _type: "Name", id, ctx: "Load", ...loc });
const num = (n: number): Expr => ({ _type: "Constant", value: BigInt(n), kind: null, ...loc });
const str = (s: string): Expr => ({ _type: "Constant", value: s, kind: null, ...loc });

describe("direct output", () => {
  test("minimal parentheses", () => {
    const pow: Expr = { _type: "BinOp", left: num(1), op: "Pow", right: num(2), ...loc };
    expect(unparse({ _type: "UnaryOp", op: "USub", operand: pow, ...loc })).toBe("-1 ** 2");
    const neg: Expr = { _type: "UnaryOp", op: "USub", operand: num(1), ...loc };
    expect(unparse({ _type: "BinOp", left: neg, op: "Pow", right: num(2), ...loc })).toBe("(-1) ** 2");
    expect(unparse({ _type: "Attribute", value: num(1), attr: "real", ctx: "Load", ...loc })).toBe("1 .real");
    const tuple: Expr = { _type: "Tuple", elts: [name("a"), name("b")], ctx: "Load", ...loc };
    expect(unparse(tuple)).toBe("(a, b)");
    const mod: Module = { _type: "Module", body: [{ _type: "Expr", value: tuple, ...loc }], type_ignores: [] };
    expect(unparse(mod)).toBe("a, b\n");
  });

  test("constants no parser produces still print as valid source", () => {
    const c = (value: Constant["value"]): Expr => ({ _type: "Constant", value, kind: null, ...loc });
    expect(unparse(c(Infinity))).toBe("1e309");
    expect(unparse(c(NaN))).toBe("(1e309-1e309)");
    expect(unparse(c(new PyComplex(0, Infinity)))).toBe("1e309j");
    expect(unparse(c(ELLIPSIS))).toBe("...");
    expect(unparse(c(new Uint8Array([0, 39])))).toBe(`b"\\x00'"`);
    expect(unparse({ _type: "BinOp", left: c(-2n), op: "Pow", right: num(2), ...loc })).toBe("(-2) ** 2");
    expect(unparse({ _type: "Attribute", value: c(-1n), attr: "real", ctx: "Load", ...loc })).toBe("(-1).real");
    expect(unparse({ _type: "Set", elts: [], ...loc })).toBe("{*()}");
  });

  test("modules end with one newline; empty modules are empty", () => {
    expect(unparse({ _type: "Module", body: [], type_ignores: [] })).toBe("");
    const body: Module["body"] = [{ _type: "Pass", ...loc }];
    expect(unparse({ _type: "Module", body, type_ignores: [] })).toBe("pass\n");
  });

  test("a leading string stays a docstring", () => {
    const doc = (s: string): Module => ({ _type: "Module", body: [{ _type: "Expr", value: str(s), ...loc }], type_ignores: [] });
    expect(unparse(doc("Title.\n\nBody.\n"))).toBe('"""Title.\n\nBody.\n"""\n');
    expect(unparse(doc("one line"))).toBe("'one line'\n");
    expect(unparse(doc("trailing  \nspace"))).toBe("'trailing  \\nspace'\n");
  });

  test("f-strings before 3.12 keep quotes and backslashes out of replacement fields", () => {
    const field = (key: string): FormattedValue => ({
      _type: "FormattedValue",
      conversion: -1,
      format_spec: null,
      value: { _type: "Subscript", value: name("d"), slice: str(key), ctx: "Load", ...loc },
      ...loc,
    });
    const fstring = (...values: JoinedStr["values"]): Expr => ({ _type: "JoinedStr", values, ...loc });
    expect(unparse(fstring(str("it's ") as Constant, field("k")), { minor: 11 })).toBe(`f"it's {d['k']}"`);
    expect(() => unparse(fstring(field("a\\b")), { minor: 11 })).toThrow(UnparseError);
    expect(unparse(fstring(field("a\\b")), { minor: 12 })).toBe(`f"{d['a\\\\b']}"`);
  });

  test("constructs newer than the target are refused", () => {
    const alias: Module = {
      _type: "Module",
      body: [{ _type: "TypeAlias", name: { _type: "Name", id: "X", ctx: "Store", ...loc }, type_params: [], value: name("int"), ...loc }],
      type_ignores: [],
    };
    expect(() => unparse(alias, { minor: 11 })).toThrow(UnparseError);
    expect(unparse(alias, { minor: 12 })).toBe("type X = int\n");
  });
});
