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
  test("minifyBatch minifies files in input order, with a result cache when given a folder", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "tsrs-api-batch-"));
    const items = ["a.py", "b.py"].map((name, i) => {
      writeFileSync(join(dir, name), `def f${i}(value):\n    doubled = value * 2\n    return doubled\n`);
      return { path: join(dir, name), display: name, planPath: name, preset: null, bytes: 40 };
    });
    const settings = tsrs.mergeMinifySettings(tsrs.DEFAULT_MINIFY_SETTINGS, { minor: 11 });
    const data = { settings, externalNames: null, planOnly: false, cacheDir: join(dir, "cache") };
    const first = await tsrs.minifyBatch(items, 1, data);
    expect(first.results.map((r) => new TextDecoder().decode(r.output))).toEqual(["def f0(value):a=value*2;return a\n", "def f1(value):a=value*2;return a\n"]);
    const again = await tsrs.minifyBatch(items, 1, data);
    expect(again.cache).toMatchObject({ hits: 2, misses: 0 });
  });
  test("the analysis entry points are exported", () => {
    for (const fn of [tsrs.findDeadCode, tsrs.planSlim, tsrs.writeSlim, tsrs.analyzeEnvironment, tsrs.findEnvironment]) {
      expect(typeof fn).toBe("function");
    }
  });
  test("the README's MinifyPool example runs against the built package entry", async () => {
    const { existsSync, mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
    const { dirname, join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const { fileURLToPath, pathToFileURL } = await import("node:url");
    const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
    const entry = join(root, "dist/index.js");
    // `npm test` builds first; worker threads need the compiled worker.
    expect(existsSync(entry)).toBe(true);
    const pkg = (await import(pathToFileURL(entry).href)) as typeof tsrs;
    // the example in the README, with a real file
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme).toContain("const pool = new MinifyPool({ settings, externalNames: null, planOnly: false }, 2);");
    const dir = mkdtempSync(join(tmpdir(), "tsrs-api-pool-"));
    const app = join(dir, "app.py");
    writeFileSync(app, 'def f(alpha):\n    """Doc."""\n    beta = alpha + 1\n    return beta\n');
    const settings = pkg.mergeMinifySettings(pkg.DEFAULT_MINIFY_SETTINGS, { minor: 11 });
    const pool = new pkg.MinifyPool({ settings, externalNames: null, planOnly: false }, 2);
    try {
      const { results, threads } = await pool.minify([{ path: app, display: "app.py", planPath: "app.py", preset: null }]);
      expect(threads).toBe(2);
      expect(results[0]!.status).toBe("minified");
      expect(new TextDecoder().decode(results[0]!.output)).toBe("def f(alpha):a=alpha+1;return a\n");
    } finally {
      await pool.close();
    }
  });
});
