/** What the import graph reads from one module: imports with their context, and dynamic-loading facts. */
import { describe, expect, it } from "vitest";
import { extractModuleFacts, ImportFlag, ModuleFlag, type ModuleFacts } from "../../src/graph/module-facts.js";
import { parseModule } from "../../src/python/parser.js";
import { sourceFromString } from "../../src/python/source.js";

const T311 = { major: 3, minor: 11, micro: 7, sysPlatform: "linux", osName: "posix" };

function facts(src: string, target = T311): ModuleFacts {
  const source = sourceFromString(src, "m.py");
  const { module } = parseModule(src, { minor: target.minor });
  return extractModuleFacts(module, source, target);
}

/** `module[:names]` with flag letters: o optional, f fallback, t type-only, d dynamic, p probe, l deferred, c conditional, s anchor-self, L if-loaded. */
function summary(f: ModuleFacts): string[] {
  const letters: [number, string][] = [
    [ImportFlag.Optional, "o"], [ImportFlag.Fallback, "f"], [ImportFlag.TypeOnly, "t"], [ImportFlag.Dynamic, "d"],
    [ImportFlag.Probe, "p"], [ImportFlag.Deferred, "l"], [ImportFlag.Conditional, "c"], [ImportFlag.AnchorSelf, "s"],
    [ImportFlag.IfLoaded, "L"],
  ];
  return f.imports.map((i) => {
    const flags = letters.filter(([b]) => i.flags & b).map(([, l]) => l).join("");
    return `${".".repeat(i.level)}${i.module}${i.names ? `:${i.names.join(",")}` : ""}${flags ? ` ${flags}` : ""}`;
  });
}

describe("module facts", () => {
  it("finds imports at any depth with their context", () => {
    const f = facts(`
import os, a.b as ab
from . import sibling
from ..pkg.mod import x, y
def f():
    import inner
    class C:
        import in_class
lambda: __import__("lam")
with open("x") as fh:
    import in_with
for i in range(3):
    import in_loop
[__import__("comp") for _ in ()]
`);
    expect(summary(f)).toEqual([
      "os", "a.b", ".:sibling", "..pkg.mod:x,y", "inner l", "in_class l", "lam dl", "in_with", "in_loop", "comp d",
    ]);
  });

  it("marks optional imports, fallbacks and re-raising handlers", () => {
    const f = facts(`
try:
    import ujson as json
except ImportError:
    import json
try:
    import must
except ImportError as e:
    raise RuntimeError("install must") from e
try:
    import anything
except Exception:
    pass
`);
    expect(summary(f)).toEqual(["ujson o", "json f", "must", "anything o"]);
    expect(f.imports.map((i) => i.tryId)).toEqual([1, 1, 2, 3]);
  });

  it("prunes branches known for the target and records type-only imports", () => {
    const src = `
import sys
from typing import TYPE_CHECKING
import typing as t
if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli
if sys.version_info[:2] < (3, 8):
    import old
if sys.platform == "win32":
    import winreg
elif sys.platform.startswith("linux"):
    import linuxonly
if TYPE_CHECKING:
    import typed
else:
    import untyped
if t.TYPE_CHECKING:
    import typed2
if not TYPE_CHECKING:
    import runtime
if os.environ.get("X"):
    import maybe
if "numpy" in sys.modules:
    import numpy
`;
    expect(summary(facts(src)).slice(3)).toEqual(["tomllib", "linuxonly", "typed t", "untyped", "typed2 t", "runtime", "maybe c", "numpy L"]);
    expect(summary(facts(src, { ...T311, minor: 9, sysPlatform: "win32", osName: "nt" })).slice(3, 5)).toEqual(["tomli", "winreg"]);
  });

  it("reads literal dynamic imports, probes, resources and metadata", () => {
    const f = facts(`
import importlib, importlib.util, importlib.resources
from importlib import import_module as im
from importlib.metadata import version, entry_points
import pkg_resources
importlib.import_module("a.b")
im(".rel", __name__)
im(".rel2", package=__package__)
importlib.import_module("..up", "pkg.sub.mod")
__import__("c", fromlist=["d", "e"])
importlib.util.find_spec("probe")
importlib.resources.files("datapkg")
pkg_resources.resource_string("respkg", "x.txt")
__version__ = version("mydist")
for ep in entry_points(group="app.plugins"):
    pass
pkg_resources.iter_entry_points("old.plugins")
pm.load_setuptools_entrypoints("pytest11")
entry_points().select(group="sel")
for name in ("x1", "x2"):
    __import__(name)
`);
    expect(summary(f).slice(6)).toEqual(["a.b d", ".rel ds", ".rel2 d", "pkg.sub.up d", "c:d,e d", "probe dp", "datapkg d", "respkg d", "x1 d", "x2 d"]);
    expect(f.metadata).toEqual(["mydist"]);
    expect(f.groups).toEqual(["app.plugins", "old.plugins", "pytest11", "sel"]);
    expect(f.flags).toBe(0);
  });

  it("flags code that loads modules by computed names", () => {
    const f = facts(`
import importlib, pkgutil
def __getattr__(name):
    return importlib.import_module("." + name, __name__)
def load(n):
    return importlib.import_module(n)
def plugins():
    return [importlib.import_module(f"myapp.plugins.{m}") for m in names]
for m in pkgutil.iter_modules(__path__):
    pass
__path__ = pkgutil.extend_path(__path__, __name__)
__all__ = ["a", "b"]
__all__ += ["c"]
`);
    expect(f.flags & ModuleFlag.LazyGetattr).toBeTruthy();
    expect(f.flags & ModuleFlag.DynamicImport).toBeTruthy();
    expect(f.flags & ModuleFlag.IterModules).toBeTruthy();
    expect(f.flags & ModuleFlag.ExtendsPath).toBeTruthy();
    expect(f.dynamicPackages).toEqual(["myapp.plugins"]);
    expect(f.all).toEqual(["a", "b", "c"]);
    expect(f.dynamicPos).toBeGreaterThan(0);
  });

  it("collects settings that name modules, and pytest_plugins", () => {
    const f = facts(`
INSTALLED_APPS = ["django.contrib.admin", "rest_framework", "myapp.apps.Config"]
MIDDLEWARE = ("corsheaders.middleware.CorsMiddleware",)
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
pytest_plugins = ["pytester", "myplugins.fixtures"]
NAME = "alone"
def f():
    x = "not.collected.in.functions"
`);
    // Bare names count as items of a list, tuple, set or dict ("rest_framework"), not alone.
    expect(f.dotted).toEqual(["django.contrib.admin", "rest_framework", "myapp.apps.Config", "corsheaders.middleware.CorsMiddleware", "django.db.backends.sqlite3", "db.sqlite3", "pytester", "myplugins.fixtures"]);
    expect(summary(f)).toEqual(["pytester d", "myplugins.fixtures d"]);
  });

  it("adds the drivers that connection URLs name (imported by name when the engine is made)", () => {
    const f = facts(`
from sqlalchemy import create_engine
def engine():
    return create_engine("mysql+pymysql://user@host/db")
PG = 'postgresql://localhost/app'
MONGO = f"mongodb+srv://{host}/x"
HOME = "https://example.org/"  # not a driver
BROKER = "redis://localhost:6379/0"
`);
    expect(f.dotted).toEqual(["pymysql", "psycopg2", "pymongo", "dns", "redis"]);
  });

  it("is JSON-serialisable (cacheable) and positions map back to lines", () => {
    const src = "import a\n\n\ndef f():\n    import b\n";
    const f = facts(src);
    expect(JSON.parse(JSON.stringify(f))).toEqual(f);
    const s = sourceFromString(src, "m.py");
    expect(f.imports.map((i) => s.lineOf(i.pos))).toEqual([1, 5]);
  });
});
