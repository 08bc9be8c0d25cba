/** The public API works from the package entry point, without the CLI. */
import { describe, expect, test } from "vitest";
import * as tsrs from "../../src/index.js";

describe("public API", () => {
  test("parse, dump, scopes, unparse, check", () => {
    const { module } = tsrs.parseModule("def f(a):\n    return a + 1\n", { minor: 11 });
    const source = tsrs.sourceFromString("def f(a):\n    return a + 1\n");
    expect(tsrs.dumpAst(module, null, { minor: 11 })).toMatch(/^Module\(body=\[FunctionDef\(name='f'/);
    const model = tsrs.buildSemanticModel(module, source, { minor: 11 });
    expect(tsrs.symtableDump(model, 11).children[0]!.symbols).toEqual({ a: ["local", "parameter", "referenced"] });
    expect(tsrs.unparse(module, { minor: 11 })).toBe("def f(a):\n    return a + 1\n");
    const bad = tsrs.checkSyntax(new TextEncoder().encode("x = (\n"), "bad.py", { minor: 14 });
    expect(bad).toMatchObject({ code: tsrs.Codes.SyntaxError, file: "bad.py", line: 1 });
  });
  test("minifySource minifies bytes with the default settings", () => {
    const src = new TextEncoder().encode('def area(width, height):\n    """Doc."""\n    result = width * height\n    return result\n');
    const r = tsrs.minifySource(src, "a.py", tsrs.DEFAULT_MINIFY_SETTINGS);
    expect(new TextDecoder().decode(r.output)).toBe("def area(width,height):a=width*height;return a\n");
  });
  test("the analysis entry points are exported", () => {
    for (const fn of [tsrs.findDeadCode, tsrs.planSlim, tsrs.writeSlim, tsrs.analyzeEnvironment, tsrs.findEnvironment]) {
      expect(typeof fn).toBe("function");
    }
  });
});
