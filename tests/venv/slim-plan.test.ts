/** The slim planner's decisions on synthetic venvs (no Python needed). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { describeReason, planSlim, type SlimPlan } from "../../src/venv/slim-plan.js";
import { fakeVenv, metadata, record } from "./fake-venv.js";

const cleanup: string[] = [];
afterEach(() => {
  for (const d of cleanup.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A dist-info distribution providing the given site-relative files. */
function dist(name: string, files: Record<string, string>, ...requires: string[]): Record<string, string> {
  const info = `${name.replace(/-/g, "_")}-1.0.dist-info`;
  return {
    ...files,
    [`${info}/METADATA`]: metadata(name, "1.0", ...requires),
    [`${info}/RECORD`]: record(...Object.keys(files), `${info}/METADATA`, `${info}/RECORD`),
  };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tsrs-proj-"));
  cleanup.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

async function plan(code: Record<string, string>, site: Record<string, string>, opts: { minor?: number; keepOptional?: boolean; keep?: string[] } = {}): Promise<SlimPlan> {
  const v = fakeVenv(site, { minor: opts.minor });
  cleanup.push(v.root);
  return planSlim({ codeDir: project(code), venv: v.root, keepOptional: opts.keepOptional, keep: opts.keep, cacheDir: null });
}

function decisions(p: SlimPlan): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of p.dists) {
    const x = p.inst.dists[d.id]!;
    if (x.kind !== "unowned") out[x.name] = d.level;
  }
  return out;
}

describe("slim decisions", () => {
  it("keeps transitive imports, drops the rest, explains with chains", async () => {
    const p = await plan(
      { "app.py": "import web\n" },
      {
        ...dist("web", { "web/__init__.py": "from . import routing\n", "web/routing.py": "import tmpl.engine\n" }),
        ...dist("tmpl", { "tmpl/__init__.py": "", "tmpl/engine.py": "" }),
        ...dist("unused", { "unused.py": "" }),
      },
    );
    expect(decisions(p)).toEqual({ tmpl: "whole", unused: "none", web: "whole" });
    const tmpl = p.dists.find((d) => p.inst.dists[d.id]!.name === "tmpl")!;
    expect(describeReason(tmpl.reason!, p.inst, p.graph)).toBe("imported: app.py → web → tmpl");
  });

  it("follows the import lines of a project file that does not parse, and says so", async () => {
    const p = await plan(
      { "app.py": "import web\n", "broken.py": "import tmpl.engine\ndef f(:\n    from unused_too import x\n" },
      {
        ...dist("web", { "web/__init__.py": "" }),
        ...dist("tmpl", { "tmpl/__init__.py": "", "tmpl/engine.py": "" }),
        ...dist("unused", { "unused.py": "" }),
      },
    );
    expect(decisions(p)).toEqual({ tmpl: "whole", unused: "none", web: "whole" });
    const d = p.diagnostics.find((x) => x.file.endsWith("broken.py"));
    expect(d?.message).toContain("what its import lines name is kept");
  });

  it("follows version checks and fallbacks for the venv's Python", async () => {
    const code = {
      "app.py": "import sys\ntry:\n    import tomllib\nexcept ImportError:\n    import tomli as tomllib\nif sys.version_info < (3, 10):\n    import backport\n",
    };
    const site = { ...dist("tomli", { "tomli/__init__.py": "" }), ...dist("backport", { "backport.py": "" }) };
    expect(decisions(await plan(code, site, { minor: 11 }))).toEqual({ backport: "none", tomli: "none" });
    expect(decisions(await plan(code, site, { minor: 10 }))).toEqual({ backport: "none", tomli: "whole" });
    expect(decisions(await plan(code, site, { minor: 9 }))).toEqual({ backport: "whole", tomli: "whole" });
  });

  it("treats a library's optional and interop imports as optional features", async () => {
    const site = {
      ...dist("lib", {
        "lib/__init__.py": [
          "def fancy():",
          "    try:",
          "        import colors",
          "    except ImportError:",
          "        return None",
          "def as_array(x):",
          "    import numpy",
          "    return numpy.asarray(x)",
          "def declared():",
          "    import helper",
          "",
        ].join("\n"),
      }, "helper"),
      ...dist("colors", { "colors.py": "" }),
      ...dist("numpy", { "numpy/__init__.py": "" }),
      ...dist("helper", { "helper.py": "" }),
    };
    expect(decisions(await plan({ "app.py": "import lib\n" }, site))).toEqual({ colors: "none", helper: "whole", lib: "whole", numpy: "none" });
    expect(decisions(await plan({ "app.py": "import lib\n" }, site, { keepOptional: true }))).toEqual({ colors: "whole", helper: "whole", lib: "whole", numpy: "whole" });
    // The project's own optional imports always count.
    expect(decisions(await plan({ "app.py": "def f():\n    try:\n        import colors\n    except ImportError:\n        pass\n" }, site)).colors).toBe("whole");
  });

  it("follows a library's code loaded later only as far as it needs (hypothesis in a big venv)", async () => {
    // Shaped like Debian's hypothesis: a pytest plugin importing the library in functions; the
    // library's extras (modules importing, at module level, distributions it requires only for an
    // extra), kept with it because one module imports by computed name; imports that run only once
    // another module is loaded; a module-level optional import; a console script.
    const site = {
      ...dist("hypo", {
        "hypo/__init__.py": "from hypo import core, codemods\n",
        "hypo/core.py": [
          "import sys",
          "import sorted_dep",
          "try:",
          "    import numpy",
          "except ImportError:",
          "    numpy = None",
          "def bad_django(runner):",
          "    if runner is None or 'django.test' not in sys.modules:",
          "        return False",
          "    else:",
          "        from hypo.extra.django import TestCase",
          "        return TestCase",
          "def late(x):",
          "    if 'pandas' not in sys.modules:",
          "        return None",
          "    from hypo.extra import pandas_support",
          "    return pandas_support",
          "",
        ].join("\n"),
        "hypo/codemods.py": "import importlib\ndef load(name):\n    return importlib.import_module(name)\n",
        "hypo/cli.py": "import hypo\ndef main():\n    pass\n",
        "hypo/extra/__init__.py": "",
        "hypo/extra/django.py": "import django\nTestCase = object\n",
        "hypo/extra/pandas_support.py": "import pandas\n",
        "hypo_plugin.py": "def pytest_configure(config):\n    import hypo\n",
        "hypo-1.0.dist-info/entry_points.txt": "[console_scripts]\nhypo = hypo.cli:main\n",
      }, "sorted-dep", 'django; extra == "django"', 'pandas; extra == "pandas"', 'numpy; extra == "numpy"'),
      ...dist("sorted-dep", { "sorted_dep.py": "" }),
      ...dist("numpy", { "numpy/__init__.py": "" }),
      ...dist("django", { "django/__init__.py": "", "django/test.py": "" }),
      ...dist("pandas", { "pandas/__init__.py": "" }),
    };
    const plugin = { "app.py": "import hypo_plugin\n" };
    // Loaded in a function of a library, or by its console script: the extras' imports, the
    // guarded ones and the optional one are not needs.
    expect(decisions(await plan(plugin, site))).toEqual({ django: "none", hypo: "whole", numpy: "none", pandas: "none", "sorted-dep": "whole" });
    // Imported at start-up, its module-level optional import runs; code loading django.test brings
    // what the import guarded by it needs; pandas is still loaded by nobody.
    expect(decisions(await plan({ "app.py": "import django.test\nimport hypo\n" }, site))).toEqual({ django: "whole", hypo: "whole", numpy: "whole", pandas: "none", "sorted-dep": "whole" });
    // --keep-optional follows the optional ones.
    expect(decisions(await plan(plugin, site, { keepOptional: true })).numpy).toBe("whole");
  });

  it("leaves out the extras of a package kept whole: their imports, fallbacks and the requirements of what they require", async () => {
    // Shaped like celery and kombu: modules loaded by name (backends, transports), each needing
    // what the library requires only for an extra — or what that requires in turn, as
    // kombu.transport.SQS imports botocore, which Debian's boto3 names only under its own extra.
    const site = {
      ...dist("worker", {
        "worker/__init__.py": "from worker import loader\n",
        "worker/loader.py": "import importlib\ndef backend(name):\n    return importlib.import_module('worker.backends.' + name)\n",
        "worker/backends/__init__.py": "",
        "worker/backends/db.py": "try:\n    from dbx.orm import base\nexcept ImportError:\n    from dbx.ext import base\n",
        "worker/backends/cloud.py": "from cloudcore.client import Config\ntry:\n    import cloudsdk\nexcept ImportError:\n    cloudsdk = None\n",
        "worker/backends/redisb.py": "import redis\n",
      }, 'dbx; extra == "db"', 'cloudsdk; extra == "cloud"'),
      ...dist("dbx", { "dbx/__init__.py": "", "dbx/orm.py": "base = 1\n", "dbx/ext.py": "base = 1\n" }),
      ...dist("cloudsdk", { "cloudsdk/__init__.py": "" }, 'cloudcore; extra == "crt"'),
      ...dist("cloudcore", { "cloudcore/__init__.py": "", "cloudcore/client.py": "Config = 1\n" }),
      ...dist("redis", { "redis/__init__.py": "" }),
    };
    // redis is imported unconditionally and worker does not say it is optional: kept, to be safe.
    expect(decisions(await plan({ "app.py": "import worker\n" }, site))).toEqual({ cloudcore: "none", cloudsdk: "none", dbx: "none", redis: "whole", worker: "whole" });
  });

  it("keeps python-dotenv when the project has a .env file its framework loads through it", async () => {
    const site = {
      ...dist("web", { "web/__init__.py": "def run():\n    try:\n        import dotenv\n    except ImportError:\n        return\n    dotenv.load_dotenv()\n" }),
      ...dist("python-dotenv", { "dotenv/__init__.py": "def load_dotenv():\n    pass\n" }),
    };
    expect(decisions(await plan({ "app.py": "import web\n" }, site))["python-dotenv"]).toBe("none");
    expect(decisions(await plan({ "app.py": "import web\n", ".env": "SECRET=1\n" }, site))["python-dotenv"]).toBe("whole");
  });

  it("keeps lazily loaded packages whole, and metadata-only readers get metadata", async () => {
    const p = await plan(
      { "app.py": "import lazy\nimport importlib.metadata\nprint(importlib.metadata.version('meta'))\n" },
      {
        ...dist("lazy", {
          "lazy/__init__.py": "import importlib\ndef __getattr__(name):\n    return importlib.import_module('.' + name, __name__)\n",
          "lazy/heavy.py": "import dep\n",
          "lazy/tests/test_heavy.py": "import testdep\n",
        }),
        ...dist("dep", { "dep.py": "" }),
        ...dist("testdep", { "testdep.py": "" }),
        ...dist("meta", { "meta/__init__.py": "" }),
      },
    );
    expect(decisions(p)).toEqual({ dep: "whole", lazy: "whole", meta: "metadata", testdep: "none" });
  });

  it("keeps plugins of groups kept code reads, console scripts' modules, and startup hooks", async () => {
    const p = await plan(
      { "app.py": "from importlib.metadata import entry_points\nfor ep in entry_points(group='app.plugins'):\n    ep.load()\n" },
      {
        ...dist("plug", { "plug.py": "import plugdep\n" }),
        "plug-1.0.dist-info/entry_points.txt": "[app.plugins]\np = plug:P\n",
        ...dist("plugdep", { "plugdep.py": "" }),
        ...dist("other", { "other.py": "" }),
        "other-1.0.dist-info/entry_points.txt": "[other.group]\nx = other:X\n",
        ...dist("hook", { "hook.pth": "import hookmod\n", "hookmod.py": "" }),
        "loose.pth": "import loosemod\n",
        "loosemod.py": "",
      },
    );
    expect(decisions(p)).toEqual({ hook: "whole", other: "none", plug: "whole", plugdep: "whole" });
    const loose = p.dists.find((d) => p.inst.dists[d.id]!.name === "loosemod.py")!;
    expect(loose.level).toBe("whole");
  });

  it("keeps the requirements of compiled code it cannot read", async () => {
    const p = await plan(
      { "app.py": "import fast\n" },
      {
        ...dist("fast", { "fast/__init__.py": "from ._speed import go\n", "fast/_speed.cpython-311-x86_64-linux-gnu.so": "" }, "runtime-dep", 'winonly ; sys_platform == "win32"'),
        ...dist("runtime-dep", { "runtime_dep.py": "" }),
        ...dist("winonly", { "winonly.py": "" }),
      },
    );
    expect(decisions(p)).toEqual({ fast: "whole", "runtime-dep": "whole", winonly: "none" });
  });

  it("keeps what compiled code imports by name, even undeclared and unowned (cffi's _cffi_backend)", async () => {
    const p = await plan(
      { "app.py": "import crypto\n" },
      {
        ...dist("crypto", { "crypto/__init__.py": "from . import _openssl\n", "crypto/_openssl.cpython-311-x86_64-linux-gnu.so": "\0\0_cffi_backend\0cannot import %s\0sixx\0" }),
        "_cffi_backend.cpython-311-x86_64-linux-gnu.so": "",
        ...dist("six", { "six.py": "" }),
      },
    );
    expect(decisions(p)).toEqual({ crypto: "whole", six: "none" });
    const backend = p.dists.find((d) => p.inst.dists[d.id]!.kind === "unowned")!;
    expect(backend.level).toBe("whole");
    expect(describeReason(backend.reason!, p.inst, p.graph)).toBe("imported: app.py → crypto → _cffi_backend");
  });

  it("keeps what the project's settings name by string (Django apps, middleware)", async () => {
    const p = await plan(
      {
        // "rest_framework" is named only as an app: Django imports it at start-up (`manage.py check`
        // fails without it). A lone string is not a setting naming a module.
        "settings.py": 'INSTALLED_APPS = ["django.contrib.admin", "rest_framework", "cors"]\nMIDDLEWARE = ["cors.middleware.Cors"]\nLOG = "logging.handlers.X"\nNAME = "other"\n',
      },
      {
        ...dist("Django", { "django/__init__.py": "", "django/contrib/__init__.py": "", "django/contrib/admin.py": "" }),
        ...dist("cors", { "cors/__init__.py": "", "cors/middleware.py": "" }),
        ...dist("djangorestframework", { "rest_framework/__init__.py": "" }),
        ...dist("other", { "other.py": "" }),
      },
    );
    expect(decisions(p)).toEqual({ Django: "whole", cors: "whole", djangorestframework: "whole", other: "none" });
    // A connection URL names the driver SQLAlchemy imports when the engine is made.
    const db = await plan(
      { "db.py": 'from sqlalchemy import create_engine\nENGINE = create_engine("mysql+pymysql://u@h/db")\n' },
      { ...dist("SQLAlchemy", { "sqlalchemy/__init__.py": "def create_engine(url):\n    pass\n" }), ...dist("PyMySQL", { "pymysql/__init__.py": "" }), ...dist("psycopg2", { "psycopg2/__init__.py": "" }) },
    );
    expect(decisions(db)).toEqual({ PyMySQL: "whole", SQLAlchemy: "whole", psycopg2: "none" });
  });

  it("keeps an install of the project itself, and the command --verify runs", async () => {
    const p = await plan(
      { "myapp/__init__.py": "", "myapp/cli.py": "import click\n" },
      {
        ...dist("myapp", { "myapp/__init__.py": "", "myapp/cli.py": "import click\n" }),
        ...dist("click", { "click.py": "" }),
        ...dist("runner", { "runner/__init__.py": "", "runner/__main__.py": "import runnerdep\n" }),
        "runner-1.0.dist-info/entry_points.txt": "[console_scripts]\nrun-it = runner:main\n",
        ...dist("runnerdep", { "runnerdep.py": "" }),
        ...dist("tool", { "tool.py": "" }),
        "tool-1.0.dist-info/entry_points.txt": "[console_scripts]\ntool = tool:main\n",
      },
    );
    expect(decisions(p)).toMatchObject({ myapp: "whole", click: "whole", runner: "none", tool: "none" });
    const v = fakeVenv({
      ...dist("runner", { "runner/__init__.py": "", "runner/__main__.py": "import runnerdep\n" }),
      ...dist("runnerdep", { "runnerdep.py": "" }),
      ...dist("tool", { "tool.py": "" }),
      "tool-1.0.dist-info/entry_points.txt": "[console_scripts]\ntool = tool:main\n",
    });
    cleanup.push(v.root);
    const q = await planSlim({ codeDir: project({ "app.py": "" }), venv: v.root, verify: "python -m runner && tool --check", cacheDir: null });
    expect(decisions(q)).toEqual({ runner: "whole", runnerdep: "whole", tool: "whole" });
    const r = await planSlim({ codeDir: project({ "app.py": "" }), venv: v.root, verify: "tool --check", cacheDir: null });
    expect(decisions(r)).toEqual({ runner: "none", runnerdep: "none", tool: "whole" });
  });

  it("reports unresolved imports in the project, but not optional ones", async () => {
    const p = await plan({ "app.py": "import missing_mod\ntry:\n    import optional_mod\nexcept ImportError:\n    pass\n" }, {});
    expect(p.diagnostics.filter((d) => d.code === "TSRS320").map((d) => [d.line, d.message.split("'")[1]])).toEqual([[1, "missing_mod"]]);
  });

  it("reports a library's unconditional import of a module the venv lacks, once per missing module", async () => {
    const p = await plan(
      { "app.py": "import web, other\n\ndef later():\n    import lazy_lib\n" },
      {
        ...dist("web", {
          "web/__init__.py": "from . import a, b, c\nimport compat.moves\n",
          "web/c.py": "try:\n    set\nexcept NameError:\n    from sets import Set as set\n",
          "web/a.py": "import six\n",
          "web/b.py": "from six.moves import http_client\nimport socks_missing_too\n",
          "web/opt.py": "import optional_only\n",
        }),
        ...dist("compat", { "compat/__init__.py": "" }),
        ...dist("lazy_lib", { "lazy_lib.py": "import gone_dep\n" }),
        ...dist("other", { "other/__init__.py": "try:\n    from web import opt\nexcept ImportError:\n    pass\n" }),
      },
    );
    const broken = p.diagnostics.filter((d) => d.code === "TSRS323").map((d) => [d.file.split("site-packages/")[1], d.line, d.message]);
    expect(broken).toEqual([
      ["lazy_lib.py", 1, "'gone_dep' is not installed, but lazy_lib imports it unconditionally: that import fails in this venv already (a missing dependency?)"],
      ["web/a.py", 1, "'six' is not installed, but web.a imports it unconditionally (and 1 more module the project loads): that import fails in this venv already (a missing dependency?)"],
      ["web/b.py", 2, "'socks_missing_too' is not installed, but web.b imports it unconditionally: that import fails in this venv already (a missing dependency?)"],
    ]);
  });

  it("compares declared requirements with imports (deptry-style)", async () => {
    const code = project({
      "pyproject.toml": '[project]\nname = "me"\ndependencies = ["web", "unused-dep"]\n[project.optional-dependencies]\ntest = ["testlib"]\n',
      "app.py": "import web\nimport tmpl\n",
      "tests/test_app.py": "import testlib\n",
    });
    const v = fakeVenv({ ...dist("web", { "web.py": "" }), ...dist("tmpl", { "tmpl.py": "" }), ...dist("unused-dep", { "unused_dep.py": "" }), ...dist("testlib", { "testlib.py": "" }) });
    cleanup.push(v.root);
    const py = { path: join(code, "pyproject.toml"), data: { project: { name: "me", dependencies: ["web", "unused-dep"], "optional-dependencies": { test: ["testlib"] } } }, tsrs: {}, text: "" };
    const p = await planSlim({ codeDir: code, venv: v.root, pyproject: py, cacheDir: null });
    expect(p.unusedRequirements.map((u) => u.key)).toEqual(["unused-dep"]);
    expect(p.undeclaredDependencies.map((u) => [u.key, u.line])).toEqual([["tmpl", 2]]);
  });
});
