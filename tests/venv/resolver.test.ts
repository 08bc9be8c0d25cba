/** Module resolution in the order CPython's import system uses. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleResolver } from "../../src/graph/resolver.js";
import { stdlibModuleNames } from "../../src/venv/stdlib.js";

const root = mkdtempSync(join(tmpdir(), "tsrs-resolve-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(base: string, files: string[]): string {
  for (const f of files) {
    const p = join(root, base, f);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, "");
  }
  return join(root, base);
}

const project = tree("project", ["app.py", "json.py", "ns/proj_part/__init__.py"]);
const site = tree("site", [
  "pkg/__init__.py", "pkg/sub.py", "pkg/tests/test_x.py", "pkg/conftest.py", "pkg/inner/__init__.py", "pkg/inner/deep.py",
  "pkg/data/readme.txt",
  "dual.py", "dual.cpython-311-x86_64-linux-gnu.so",
  "old.cpython-310-x86_64-linux-gnu.so",
  "stable.abi3.so",
  "bytecode.pyc",
  "both/__init__.py", "both.py",
  "ns/site_part/__init__.py",
  "typing.py",
]);
const extra = tree("extra", ["ns/extra_part/mod.py", "pkg/shadowed.py"]);
const editable = tree("editable", ["edpkg/__init__.py", "edpkg/m.py"]);

const r = new ModuleResolver({
  projectRoots: [project],
  entries: [
    { dir: site, origin: "site", tag: -1 },
    { dir: extra, origin: "pth", tag: 3 },
  ],
  editable: [{ name: "edpkg", path: join(editable, "edpkg"), tag: 7 }, { name: "pkg", path: join(editable, "nope"), tag: 8 }],
  stdlib: stdlibModuleNames(11),
  minor: 11,
});

const kind = (name: string): string | null => {
  const m = r.resolve(name);
  return m ? `${m.kind}:${m.origin}${m.file ? ":" + m.file.slice(root.length + 1) : ""}` : null;
};

describe("module resolution", () => {
  it("orders project, standard library, site folders, then editable finders", () => {
    expect(kind("app")).toBe("source:project:project/app.py");
    expect(kind("json")).toBe("source:project:project/json.py"); // the script folder shadows the stdlib
    expect(kind("typing")).toBe("stdlib:stdlib"); // the stdlib shadows site-packages
    expect(kind("os.path")).toBe("stdlib:stdlib");
    expect(kind("edpkg.m")).toBe("source:editable:editable/edpkg/m.py");
    expect(kind("pkg")).toBe("package:site:site/pkg/__init__.py");
  });

  it("prefers packages, then extension modules, then source, then byte code", () => {
    expect(kind("both")).toBe("package:site:site/both/__init__.py");
    expect(kind("dual")).toBe("extension:site:site/dual.cpython-311-x86_64-linux-gnu.so");
    expect(kind("stable")).toBe("extension:site:site/stable.abi3.so");
    expect(kind("old")).toBeNull(); // built for another Python
    expect(kind("bytecode")).toBe("bytecode:site:site/bytecode.pyc");
  });

  it("joins namespace portions across the search path and resolves sub-modules in them", () => {
    const ns = r.resolve("ns")!;
    expect(ns.kind).toBe("namespace");
    expect(ns.dirs.map((d) => d.slice(root.length + 1))).toEqual(["project/ns", "site/ns", "extra/ns"]);
    expect(kind("ns.extra_part.mod")).toBe("source:project:extra/ns/extra_part/mod.py");
    expect(kind("pkg.shadowed")).toBeNull(); // a regular package does not search other entries
    r.extendPath(r.resolve("pkg")!); // … unless it extends its __path__ (pkgutil-style)
    expect(kind("pkg.shadowed")).toBe("source:site:extra/pkg/shadowed.py");
  });

  it("lists a package's modules for keeping it whole, without its tests or data folders", () => {
    expect(r.submodules(r.resolve("pkg")!).map((m) => m.name)).toEqual(["pkg.inner", "pkg.inner.deep", "pkg.shadowed", "pkg.sub"]);
  });
});
