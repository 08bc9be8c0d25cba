/**
 * Batches on worker threads (src/parallel/pool.ts through src/minify/batch.ts): any number of
 * threads, heaviest files first, results in input order and identical to minifying each file on
 * its own. Worker threads need the compiled worker, so this runs against dist/ (after a build).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { DEFAULT_SETTINGS, mergeSettings } from "../../src/minify/options.js";
import { minifySource, type MinifyResult } from "../../src/minify/pipeline.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const DIST = join(ROOT, "dist");
const FIXTURES = join(ROOT, "tests/fixtures/minify");

function pyFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) pyFiles(p, out);
    else if (name.endsWith(".py")) out.push(p);
  }
  return out;
}

describe.skipIf(!existsSync(join(DIST, "minify/worker.js")))("minify batches on worker threads", () => {
  test("any number of threads gives each file's own result, in input order", async () => {
    const { runPool } = (await import(pathToFileURL(join(DIST, "parallel/pool.js")).href)) as typeof import("../../src/parallel/pool.js");
    const task = (await import(pathToFileURL(join(DIST, "minify/task.js")).href)) as typeof import("../../src/minify/task.js");
    const settings = mergeSettings(DEFAULT_SETTINGS, { minor: 12 });
    const files = pyFiles(FIXTURES).filter((f) => f.endsWith("input.py"));
    const items = files.map((f) => ({ path: f, display: f, planPath: f, preset: null, bytes: statSync(f).size }));
    const data = { settings, externalNames: null, planOnly: false };
    const expected = files.map((f) => minifySource(readFileSync(f), f, settings, { planPath: f }));
    const strip = (r: MinifyResult): unknown => ({ ...r, output: Buffer.from(r.output).toString("latin1") });
    for (const [jobs, callerWorks] of [[1, true], [2, true], [2, false], [3, false]] as const) {
      const seen: number[] = [];
      const results = await runPool(items, jobs, {
        workerUrl: pathToFileURL(join(DIST, "minify/worker.js")),
        inline: (item, d) => task.minifyFileTask(item, d as typeof data),
        data,
        chunk: 3,
        weights: items.map((i) => i.bytes),
        callerWorks,
        onResult: (i) => seen.push(i),
      });
      expect(results.map(strip), `jobs ${jobs}, caller works ${callerWorks}`).toEqual(expected.map(strip));
      expect([...seen].sort((a, b) => a - b)).toEqual(items.map((_, i) => i));
    }
  });

  test("small batches stay on the calling thread; big ones get a thread per 4 MB, per 12 MB below 4 cores", async () => {
    const batch = (await import(pathToFileURL(join(DIST, "minify/batch.js")).href)) as typeof import("../../src/minify/batch.js");
    const items = (n: number, bytes: number) => Array.from({ length: n }, (_, i) => ({ path: `${i}.py`, display: "", planPath: "", preset: null, bytes }));
    expect(batch.batchThreads(items(10, 10_000), 8, 8)).toBe(0);
    expect(batch.batchThreads(items(10, 250_000), 8, 8)).toBe(0);
    expect(batch.batchThreads(items(10, 310_000), 8, 8)).toBe(1);
    expect(batch.batchThreads(items(100, 100_000), 8, 8)).toBe(2);
    expect(batch.batchThreads(items(100, 100_000), 1, 8)).toBe(1);
    expect(batch.batchThreads(items(100, 100_000), 8, 2)).toBe(1);
    expect(batch.batchThreads(items(100, 230_000), 8, 2)).toBe(1);
    expect(batch.batchThreads(items(100, 250_000), 8, 2)).toBe(2);
    expect(batch.batchThreads(items(100, 330_000), 8, 2)).toBe(2);
    expect(batch.batchThreads(items(100, 330_000), 2, 2)).toBe(2);
  });

  test("a MinifyPool keeps its threads between batches and gives each file's own result", async () => {
    const batch = (await import(pathToFileURL(join(DIST, "minify/batch.js")).href)) as typeof import("../../src/minify/batch.js");
    const settings = mergeSettings(DEFAULT_SETTINGS, { minor: 12 });
    const files = pyFiles(FIXTURES).filter((f) => f.endsWith("input.py"));
    const items = files.map((f) => ({ path: f, display: f, planPath: f, preset: null, bytes: statSync(f).size }));
    const expected = files.map((f) => minifySource(readFileSync(f), f, settings, { planPath: f }));
    const strip = (r: MinifyResult): unknown => ({ ...r, output: Buffer.from(r.output).toString("latin1") });
    const pool = new batch.MinifyPool({ settings, externalNames: null, planOnly: false }, 2);
    try {
      expect(pool.threads).toBe(2);
      for (const round of [items, [...items].reverse(), items.slice(0, 3)]) {
        const progress: number[] = [];
        const run = await pool.minify(round, { onProgress: (done) => progress.push(done) });
        expect(run.threads).toBe(2);
        expect(run.results.map(strip)).toEqual(round.map((i) => strip(expected[items.indexOf(i)]!)));
        expect(progress.at(-1)).toBe(round.length);
      }
      // one batch at a time
      const first = pool.minify(items);
      await expect(pool.minify(items)).rejects.toThrow(/running a batch already/);
      await first;
    } finally {
      await pool.close();
    }
    await expect(pool.minify(items)).rejects.toThrow(/closed/);
    expect(() => new batch.MinifyPool({ settings, externalNames: null, planOnly: false }, 0)).toThrow(/positive integer/);
  });

  test("a tree is scanned and minified on the same worker threads, with the same facts and results as on the calling thread", async () => {
    const batch = (await import(pathToFileURL(join(DIST, "minify/batch.js")).href)) as typeof import("../../src/minify/batch.js");
    const reads = (await import(pathToFileURL(join(DIST, "minify/tree-reads.js")).href)) as typeof import("../../src/minify/tree-reads.js");
    const root = mkdtempSync(join(tmpdir(), "tsrs-tree-batch-"));
    const files: Record<string, string> = {
      "core.py": "import sys\n_registry = {}\ndef _private(x):\n  '''Doubles.'''\n  return 2 * x\ndef render(t):\n  return t.format(**sys._getframe(1).f_locals)\n",
      "docs.py": "from core import _private\nUSAGE = _private.__doc__.upper()\n",
      "app.py": "from core import render\ndef greet(person):\n  '''Greets.'''\n  greeting = 'hi'\n  return render('{greeting} {person}')\n",
      "tests_reader.py": "import core\nassert core._registry == {}\n",
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
    const minified = ["app.py", "core.py", "docs.py"].map((rel) => ({ path: join(root, rel), rel }));
    const readers = [{ path: join(root, "tests_reader.py"), rel: "tests_reader.py" }];
    const settings = mergeSettings(DEFAULT_SETTINGS, { minor: 12, renameGlobals: true });
    const options = { minor: 12, docs: true, frames: true, external: true, cacheDir: null };
    const run = async (bytes: number) => {
      // Sizes claimed: big ones put the batch on threads (the files are read as they are).
      const items = minified.map((f) => ({ path: f.path, display: f.rel, planPath: f.rel, preset: null, bytes }));
      return batch.minifyTree(items, 2, { settings, externalNames: null, planOnly: false }, new reads.TreeScan(root, minified, readers, options));
    };
    const inline = await run(100);
    const threaded = await run(6_000_000);
    expect(inline.threads).toBe(0);
    expect(threaded.threads).toBeGreaterThan(0);
    expect(threaded.facts).toEqual(inline.facts);
    expect(inline.facts.externalNames).toContain("_registry");
    expect(inline.facts.reads!.docNames).toEqual(["_private"]);
    expect(inline.facts.reads!.frameReaders).toEqual(["render"]);
    const text = (r: { results: MinifyResult[] }) => r.results.map((x) => Buffer.from(x.output).toString());
    expect(text(threaded)).toEqual(text(inline));
    const [app, core] = text(inline);
    // What the scan found reached the minifier on both: the docstring read elsewhere is kept, the
    // private global a reader outside the minified files uses keeps its name, the frame reader's
    // caller keeps its local's.
    expect(core).toContain("Doubles.");
    expect(core).toContain("_registry=");
    expect(app).toContain("greeting=");
    expect(app).not.toContain("Greets.");
    rmSync(root, { recursive: true, force: true });
  });

  test("a worker thread that dies fails its batch with the reason, and the pool stays failed", async () => {
    const { WorkerPool } = (await import(pathToFileURL(join(DIST, "parallel/pool.js")).href)) as typeof import("../../src/parallel/pool.js");
    const dir = mkdtempSync(join(tmpdir(), "tsrs-pool-"));
    const worker = join(dir, "worker.mjs");
    writeFileSync(
      worker,
      `import { serveWorker } from ${JSON.stringify(pathToFileURL(join(DIST, "parallel/worker.js")).href)};\n` +
        `serveWorker((n) => { if (n === 13) process.exit(7); return n * 2; });\n`,
    );
    const pool = new WorkerPool<number, number>(pathToFileURL(worker), 2, null);
    try {
      expect(await pool.run([1, 2, 3, 4, 5], { chunk: 2 })).toEqual([2, 4, 6, 8, 10]);
      await expect(pool.run([1, 13, 3], { chunk: 1 })).rejects.toThrow(/exited with code 7/);
      await expect(pool.run([1])).rejects.toThrow(/exited with code 7/);
    } finally {
      await pool.close();
    }
    const none = new WorkerPool<number, number>(pathToFileURL(worker), 0, null);
    await expect(none.run([1])).rejects.toThrow(/needs the inline handler/);
    expect(await none.run([1, 2], { inline: (n) => n + 1 })).toEqual([2, 3]);
    await none.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
