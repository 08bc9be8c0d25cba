/**
 * The result cache (src/minify/cache.ts): a re-run is answered from it with the very same bytes;
 * anything that changes the output (content, settings, paths, the names other files import) misses;
 * a damaged entry is ignored, never served; apply-plan runs and `--no-cache` runs leave it alone.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { minifyBatch, type BatchData, type BatchItem } from "../../src/minify/batch.js";
import { MinifyCache } from "../../src/minify/cache.js";
import { DEFAULT_SETTINGS, mergeSettings } from "../../src/minify/options.js";
import { minifySource } from "../../src/minify/pipeline.js";
import { sha256 } from "../../src/minify/plan.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/minify");

function files(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) files(p, out);
    else if (n === "input.py") out.push(p);
  }
  return out;
}

function entries(dir: string): string[] {
  try {
    return files2(dir);
  } catch {
    return [];
  }
}
function files2(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) files2(p, out);
    else out.push(p);
  }
  return out;
}

const settings = mergeSettings(DEFAULT_SETTINGS, { minor: 12 });

function setup(): { tree: string; items: BatchItem[]; cacheDir: string } {
  const tree = mkdtempSync(join(tmpdir(), "tsrs-cache-tree-"));
  const inputs = files(FIXTURES);
  for (const f of inputs) cpSync(f, join(tree, relative(FIXTURES, f)));
  const items = files(tree).map((p) => ({ path: p, display: relative(tree, p), planPath: relative(tree, p), preset: null, bytes: statSync(p).size }));
  return { tree, items, cacheDir: mkdtempSync(join(tmpdir(), "tsrs-cache-")) };
}

const bytesOf = (r: { output: Uint8Array }): string => Buffer.from(r.output).toString("latin1");

describe("minify result cache", () => {
  test("a re-run is answered from the cache with the same results, byte for byte", async () => {
    const { items, cacheDir } = setup();
    const data: BatchData = { settings, externalNames: null, planOnly: false, cacheDir };
    const plain = await minifyBatch(items, 1, { ...data, cacheDir: null });
    const first = await minifyBatch(items, 1, data);
    expect(first.cache).toMatchObject({ hits: 0, misses: items.length });
    const cached = first.results.filter((r) => !r.diagnostics.some((d) => d.code === "TSRS900")).length;
    expect(first.cache!.writes).toBe(cached);
    const second = await minifyBatch(items, 1, data);
    expect(second.cache).toMatchObject({ hits: cached, writes: 0 });
    const strip = (r: (typeof plain.results)[number]) => ({ ...r, output: bytesOf(r), perf: undefined });
    expect(second.results.map(strip)).toEqual(plain.results.map(strip));
    expect(first.results.map(strip)).toEqual(plain.results.map(strip));
    expect(plain.cache).toBeNull();
  });

  test("content, settings, paths and external names are part of the key", async () => {
    const { items, cacheDir } = setup();
    const data: BatchData = { settings, externalNames: null, planOnly: false, cacheDir };
    await minifyBatch(items, 1, data);
    // Other settings: all miss.
    const other = await minifyBatch(items, 1, { ...data, settings: mergeSettings(settings, { removeDocstrings: false }) });
    expect(other.cache!.hits).toBe(0);
    // External names (rename-globals): all miss.
    const ext = await minifyBatch(items, 1, { ...data, externalNames: ["helper"] });
    expect(ext.cache!.hits).toBe(0);
    // One file changed: that one misses, and its result is the new content's.
    const changed = items[0]!;
    writeFileSync(changed.path, readFileSync(changed.path, "utf8") + "\ndef _added(a_long_name):\n    return a_long_name\n");
    const after = await minifyBatch(items, 1, data);
    expect(after.cache!.misses).toBe(1);
    expect(bytesOf(after.results[0]!)).toBe(bytesOf(minifySource(readFileSync(changed.path), changed.display, settings, { planPath: changed.planPath })));
    // Same bytes under another path: a miss (the result names its path).
    const moved = await minifyBatch([{ ...items[1]!, display: "elsewhere.py", planPath: "elsewhere.py" }], 1, data);
    expect(moved.cache!.hits).toBe(0);
    expect(moved.results[0]!.path).toBe("elsewhere.py");
  });

  test("a damaged entry is a miss, never served", async () => {
    const { items, cacheDir } = setup();
    const data: BatchData = { settings, externalNames: null, planOnly: false, cacheDir };
    const first = await minifyBatch(items, 1, data);
    const minified = first.results.findIndex((r) => r.status === "minified");
    const item = items[minified]!;
    const cache = new MinifyCache(cacheDir, { settings, externalNames: null });
    const key = cache.key(sha256(readFileSync(item.path)), item.display, item.planPath);
    const entry = entries(cacheDir).find((p) => p.endsWith(key))!;
    const raw = readFileSync(entry);
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 0x20; // flip a bit of the stored output
    writeFileSync(entry, raw);
    expect(cache.get(key, readFileSync(item.path))).toBeNull();
    expect(cache.stats.damaged).toBe(1);
    writeFileSync(entry, "not a cache entry");
    const again = await minifyBatch(items, 1, data);
    expect(again.cache!.damaged).toBe(1);
    expect(bytesOf(again.results[minified]!)).toBe(bytesOf(first.results[minified]!));
    // …and the entry is written anew.
    expect((await minifyBatch(items, 1, data)).cache!.hits).toBe(again.cache!.hits + 1);
  });

  test("no cache for plan-only runs and preset plans", async () => {
    const { items, cacheDir } = setup();
    await minifyBatch(items, 1, { settings, externalNames: null, planOnly: true, cacheDir });
    expect(entries(cacheDir)).toEqual([]);
    const run = await minifyBatch(items.map((i) => ({ ...i, preset: [] })), 1, { settings, externalNames: null, planOnly: false, cacheDir });
    expect(run.cache).toMatchObject({ hits: 0, writes: 0 });
    expect(entries(cacheDir)).toEqual([]);
  });
});
