/**
 * The call-graph facts cache: one entry file per analysed file, read back by content; the one-file
 * caches of earlier versions are removed.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CallgraphFactsCache, loadAllFacts, loadFacts } from "../../src/graph/callgraph/load.js";

const entryFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

describe("CallgraphFactsCache", () => {
  test("entries are written per file, found again by content, and stale one-file caches go", async () => {
    const work = mkdtempSync(join(tmpdir(), "tsrs-facts-cache-"));
    const cacheDir = join(work, "cache");
    writeFileSync(join(work, "a.py"), "def f():\n    return 1\n");
    writeFileSync(join(work, "b.py"), "import a\na.f()\n");
    mkdirSync(cacheDir);
    const legacy = join(cacheDir, "callgraph-facts-0.0.9-3-3.12.json");
    writeFileSync(legacy, "{}");
    const inputs = [
      { path: join(work, "a.py"), module: "a", isPackage: false },
      { path: join(work, "b.py"), module: "b", isPackage: false },
    ];

    const first = new CallgraphFactsCache(cacheDir, 12);
    const loaded = await loadAllFacts(inputs, 12, first, 1);
    expect(loaded.map((l) => l.cached)).toEqual([false, false]);
    first.save();
    expect(existsSync(legacy)).toBe(false);
    const folders = readdirSync(cacheDir);
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/^callgraph-facts-.*-3\.12$/);
    expect(entryFiles(join(cacheDir, folders[0]!))).toHaveLength(2);

    const second = new CallgraphFactsCache(cacheDir, 12);
    const again = await loadAllFacts(inputs, 12, second, 1);
    expect(again.map((l) => l.cached)).toEqual([true, true]);
    expect(again.map((l) => l.facts)).toEqual(loaded.map((l) => l.facts));

    // Another module name for the same bytes is another entry (relative imports depend on it).
    const renamed = loadFacts({ ...inputs[0]!, module: "pkg.a" }, 12, second);
    expect(renamed.cached).toBe(false);
    // A changed file is analysed again.
    writeFileSync(join(work, "a.py"), "def g():\n    return 2\n");
    expect(loadFacts(inputs[0]!, 12, second).cached).toBe(false);
  });
});
