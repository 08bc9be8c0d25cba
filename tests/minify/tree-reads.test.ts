/**
 * tree-reads.ts: what the files of a tree read of each other — docstrings (names read anywhere,
 * packages that use unnamed docstrings as strings, `mod.__doc__`) and functions that read their
 * caller's variables through its frame — and how minify-dir uses it.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/minify/options.js";
import { minifySource } from "../../src/minify/pipeline.js";
import { scanTree, treeReads } from "../../src/minify/tree-reads.js";

function tree(files: Record<string, string>): { root: string; rels: string[] } {
  const root = mkdtempSync(join(tmpdir(), "tsrs-treereads-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, ".."), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return { root, rels: Object.keys(files).sort() };
}

const ALL = { minor: 12, docs: true, frames: true };

describe("treeReads", () => {
  test("docstrings: names reach every file; unnamed string uses keep the whole package; mod.__doc__ keeps the module's", () => {
    const { root, rels } = tree({
      "a/__init__.py": "",
      "a/deco.py": "def extend(func):\n  func.__doc__ += 'x'\n  return func\n",
      "a/other.py": "def g():\n  '''G.'''\n",
      "b/__init__.py": "",
      "b/user.py": "from b import tools\nfrom b.x import helper\nX = helper.__doc__.split() + tools.__doc__.split()\n",
      "b/tools.py": "'''Tools.'''\n",
      "top.py": "def ｆ():\n  '''Fullwidth name read below, NFKC-normalised.'''\nX = ｆ.__ｄoc__.upper()\n",
    });
    const t = treeReads(root, rels.map((rel) => ({ path: join(root, rel), rel })), ALL);
    expect(t.docNames).toEqual(["f", "helper", "tools"]);
    const flag = (rel: string) => t.keepDocs[rels.indexOf(rel)];
    expect(flag("a/other.py")).toEqual({ all: true, classes: false, module: false });
    expect(flag("b/user.py")).toEqual({ all: false, classes: false, module: false });
    expect(flag("b/tools.py")).toEqual({ all: false, classes: false, module: true });
    expect(flag("top.py")).toEqual({ all: false, classes: false, module: false });
    expect(t.frameReaders).toEqual([]);
  });

  test("top-level modules: one unit in a project folder, each its own in a folder of installed libraries", () => {
    const files = {
      "helpers.py": "def describe(f):\n  return f.__doc__.strip()\n",
      "app.py": "def main():\n  '''Main.'''\n",
    };
    const project = tree(files);
    const site = tree({ ...files, "app-1.0.dist-info/METADATA": "Name: app\n" });
    const flags = (t: { root: string; rels: string[] }) => {
      const rels = t.rels.filter((r) => r.endsWith(".py"));
      const r = treeReads(t.root, rels.map((rel) => ({ path: join(t.root, rel), rel })), ALL);
      return Object.fromEntries(rels.map((rel, i) => [rel, r.keepDocs[i]!.all]));
    };
    // A flat project's helper may describe any of its modules' functions: all keep docstrings.
    expect(flags(project)).toEqual({ "app.py": true, "helpers.py": true });
    // In site-packages, helpers.py is a library of its own: only it keeps its docstrings.
    expect(flags(site)).toEqual({ "app.py": false, "helpers.py": true });
  });

  test("a package using unnamed docstrings as strings: files of other packages importing it keep theirs", () => {
    const { root, rels } = tree({
      "fw/__init__.py": "",
      "fw/api.py": "def util():\n  '''Util.'''\n",
      "fw/loader/__init__.py": "",
      "fw/loader/base.py": "class Command:\n  '''Base.'''\n",
      "fw/loader/core.py": "class Loaded:\n  def __init__(self, t):\n    self._type = t\n    self.help = self._type.__doc__.strip()\n",
      "plugins/__init__.py": "",
      "plugins/create.py": "from fw.loader import base\nclass Create(base.Command):\n  '''Create a thing.'''\n",
      "plugins/delete.py": "from fw import loader\nclass Delete(loader.base.Command):\n  '''Delete a thing.'''\n",
      "plugins/api.py": "import fw.api\ndef helper():\n  '''Any module of fw: its reader may see what comes through it.'''\n",
      "plugins/util.py": "import os\ndef helper():\n  '''Not importing fw.'''\n",
      "plugins/dynamic.py": "import importlib\nm = importlib.import_module('fw.loader')\ndef d():\n  '''Not an import statement.'''\n",
      "plugins/guarded.py": "try: import os, fw.loader.base as b\nexcept ImportError: b = None\ndef g():\n  '''After a block header.'''\n",
      "other/__init__.py": "",
      "other/mod.py": "X = '''\nfrom fw.loader import base\n'''  # an import line inside a string\ndef f():\n  '''F.'''\n",
    });
    const t = treeReads(root, rels.map((rel) => ({ path: join(root, rel), rel })), ALL);
    const all = (rel: string) => t.keepDocs[rels.indexOf(rel)]!.all;
    expect(all("fw/api.py")).toBe(true); // the reader's own unit
    expect(all("plugins/create.py")).toBe(true);
    expect(all("plugins/delete.py")).toBe(true);
    expect(all("plugins/api.py")).toBe(true);
    expect(all("plugins/util.py")).toBe(false);
    expect(all("plugins/dynamic.py")).toBe(false);
    expect(all("plugins/guarded.py")).toBe(true);
    // Import lines are read off the text: one inside a string counts (keeping is the safe side).
    expect(all("other/mod.py")).toBe(true);
    const noFw = tree({ "plugins/__init__.py": "", "plugins/create.py": "class Create:\n  '''Create a thing.'''\n" });
    const u = treeReads(noFw.root, noFw.rels.map((rel) => ({ path: join(noFw.root, rel), rel })), ALL);
    expect(u.keepDocs.map((k) => k.all)).toEqual([false, false]);
  });

  test("functions reading a frame's f_locals are found in any file; calls to them elsewhere keep the caller's names", () => {
    const helpers = "import sys\ndef fmt(text):\n  return text.format(**sys._getframe(1).f_locals)\ndef unrelated(x):\n  return x\n";
    const user = "from helpers import fmt\ndef greet(person):\n  greeting = 'hi'\n  return fmt('{greeting} {person}')\ndef other(values):\n  total = sum(values)\n  return total\n";
    const { root, rels } = tree({ "helpers.py": helpers, "app/user.py": user, "app/ｎfkc.py": "def spy():\n  import inspect\n  return inspect.currentframe().f_back.ｆ_locals\n" });
    const t = treeReads(root, rels.map((rel) => ({ path: join(root, rel), rel })), ALL);
    expect(t.frameReaders).toEqual(["fmt", "spy"]);
    expect(treeReads(root, rels.map((rel) => ({ path: join(root, rel), rel })), { ...ALL, frames: false }).frameReaders).toEqual([]);

    const alone = Buffer.from(minifySource(Buffer.from(user), "user.py", DEFAULT_SETTINGS).output).toString();
    const inTree = Buffer.from(minifySource(Buffer.from(user), "user.py", DEFAULT_SETTINGS, { frameReaders: new Set(t.frameReaders) }).output).toString();
    expect(alone).not.toContain("greeting=");
    expect(inTree).toContain("greeting='hi'");
    // Only the calling scope keeps its names.
    expect(inTree).not.toContain("total=");
  });
  test("with a cache folder, a parsed file's reads are kept and reused; damaged entries are ignored", () => {
    const { root, rels } = tree({
      "a.py": "def f():\n  '''F.'''\nX = f.__doc__.upper()\n",
      "b.py": "import sys\ndef who():\n  return sys._getframe(1).f_locals['x']\n",
      "c.py": "Y = 1\n",
    });
    const files = rels.map((rel) => ({ path: join(root, rel), rel }));
    const cacheDir = mkdtempSync(join(tmpdir(), "tsrs-scancache-"));
    const first = treeReads(root, files, { ...ALL, cacheDir });
    expect(first.docNames).toEqual(["f"]);
    expect(first.frameReaders).toEqual(["who"]);
    // One entry per parsed file (c.py spells neither name: not parsed, not stored).
    const entries = (): string[] =>
      readdirSync(join(cacheDir, "scan-2"))
        .flatMap((d) => readdirSync(join(cacheDir, "scan-2", d)).map((f) => join(cacheDir, "scan-2", d, f)))
        .sort();
    expect(entries()).toHaveLength(2);
    expect(treeReads(root, files, { ...ALL, cacheDir })).toEqual(first);
    // Entries are what is read: an edited entry changes the answer, a damaged one is recomputed.
    for (const entry of entries()) {
      writeFileSync(entry, JSON.stringify({ docNames: ["edited"], unknownAsString: false, classesAsString: false, frameReaders: [], externalNames: [] }));
    }
    expect(treeReads(root, files, { ...ALL, cacheDir }).docNames).toEqual(["edited"]);
    for (const entry of entries()) writeFileSync(entry, "{not json");
    expect(treeReads(root, files, { ...ALL, cacheDir })).toEqual(first);
    expect(treeReads(root, files, { ...ALL, cacheDir: null })).toEqual(first);
  });
  test("external names: every file's imported and attribute names, the excluded readers' too, cached with the rest", () => {
    const { root, rels } = tree({
      "pkg/__init__.py": "",
      "pkg/core.py": "import os\n_cache = {}\ndef _helper():\n  return os.sep\n",
      "pkg/use.py": "from pkg.core import _helper\ndef f():\n  '''F.'''\n  return _helper()\n",
      "tests/test_core.py": "from pkg import core\ndef test():\n  assert core._cache == {}\n",
    });
    const at = (rel: string) => ({ path: join(root, rel), rel });
    const minified = rels.filter((r) => r.startsWith("pkg/")).map(at);
    const readers = [at("tests/test_core.py")];
    const cacheDir = mkdtempSync(join(tmpdir(), "tsrs-scancache-"));
    const options = { ...ALL, external: true, cacheDir };
    const first = scanTree(root, minified, readers, options);
    expect(first.externalNames).toEqual(["_cache", "_helper", "core", "sep"]);
    // The readers count for names only: their docstring reads are not the tree's.
    expect(first.reads!.keepDocs).toHaveLength(minified.length);
    // Every file was parsed for its names and stored: a second scan reads them from the cache.
    const stored = readdirSync(join(cacheDir, "scan-2")).flatMap((d) => readdirSync(join(cacheDir, "scan-2", d)));
    expect(stored).toHaveLength(4);
    expect(scanTree(root, minified, readers, options)).toEqual(first);
    expect(scanTree(root, minified, readers, { ...options, cacheDir: null })).toEqual(first);
    // Without `external` nothing is collected for them.
    expect(scanTree(root, minified, readers, { ...ALL, cacheDir: null }).externalNames).toBeNull();
  });
});
