/** The standard-library module lists are data; check them against the interpreters we have. */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { isStdlibModule, stdlibModuleNames } from "../../src/venv/stdlib.js";

function python3(): { minor: number; names: string[] } | null {
  const r = spawnSync("python3", ["-c", "import sys, json; print(json.dumps([sys.version_info[1], sorted(sys.stdlib_module_names)]))"], { encoding: "utf8" });
  if (r.status !== 0) return null;
  const [minor, names] = JSON.parse(r.stdout) as [number, string[]];
  return { minor, names };
}

describe("standard library module names", () => {
  const py = python3();
  it.skipIf(!py)("match sys.stdlib_module_names of the machine's python3", () => {
    expect([...stdlibModuleNames(py!.minor)].sort()).toEqual(py!.names);
  });

  it("match CPython 3.14 (pyodide)", async () => {
    const require = createRequire(import.meta.url);
    const mod = (await import("pyodide")) as unknown as { loadPyodide?: (o: object) => Promise<{ runPython(c: string): unknown }>; default?: { loadPyodide: (o: object) => Promise<{ runPython(c: string): unknown }> } };
    const load = mod.loadPyodide ?? mod.default!.loadPyodide;
    const indexURL = dirname(require.resolve("pyodide/package.json")) + "/";
    const pyodide = await load({ indexURL, stdout: () => {}, stderr: () => {} });
    const names = JSON.parse(pyodide.runPython("import sys, json; json.dumps(sorted(sys.stdlib_module_names))") as string) as string[];
    expect([...stdlibModuleNames(14)].sort()).toEqual(names);
  });

  it("answers for dotted names and differs across versions", () => {
    expect(isStdlibModule("xml.etree.ElementTree", 11)).toBe(true);
    expect(isStdlibModule("tomllib", 10)).toBe(false);
    expect(isStdlibModule("distutils.core", 11)).toBe(true);
    expect(isStdlibModule("distutils", 12)).toBe(false);
    expect(isStdlibModule("zoneinfo", 8)).toBe(false);
    expect(isStdlibModule("annotationlib", 14)).toBe(true);
    expect(isStdlibModule("requests", 14)).toBe(false);
  });
});
