#!/usr/bin/env node
/**
 * Bundles the compiled CLI and each worker-thread entry, under dist/bundle/ (same relative paths
 * as in dist/): `tsrs` is started for every save or commit, and loading one file instead of ~160
 * modules takes 50–60 ms less per process and per worker thread (measured on Node 20: `tsrs minify
 * one.py` 170 → 110 ms). What an entry loads lazily (each command of the CLI) is split into chunks
 * beside it, read only when used (`tsrs --version` 100 → 70 ms, `tsrs minify one.py` 110 → 100 ms).
 * The library API (dist/index.js) stays unbundled.
 *
 * Code that finds files next to itself (`new URL("./worker.js", import.meta.url)`, the result
 * cache's build fingerprint) must see the path it would have in the bundle folder's mirror of
 * dist/: every `import.meta.url` of a module dist/<rel> is replaced by that path, computed from
 * where the bundle file itself is at run time.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist");
const OUT = join(DIST, "bundle");
const posix = (p) => p.split(sep).join("/");

/**
 * The CLI and every worker-thread entry it may start: each module of dist/ that a compiled module
 * names as `new URL("./x.js", import.meta.url)` (how worker threads are started), so a new worker
 * is bundled without being listed here.
 */
function entries() {
  const found = new Set(["cli/main.js"]);
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (full !== OUT) walk(full);
      } else if (e.name.endsWith(".js")) {
        for (const m of readFileSync(full, "utf8").matchAll(/new URL\("(\.{1,2}\/[^"]+\.js)", import\.meta\.url\)/g)) {
          found.add(posix(relative(DIST, resolve(dirname(full), m[1]))));
        }
      }
    }
  };
  walk(DIST);
  return [...found].sort();
}

/** Replaces `import.meta.url` in each module of dist/ by its path in the bundle folder. */
const moduleUrls = {
  name: "module-urls",
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      const rel = posix(relative(DIST, args.path));
      if (rel.startsWith("..") || !text.includes("import.meta.url")) return undefined;
      return { contents: text.replaceAll("import.meta.url", `__tsrsModuleUrl(${JSON.stringify(rel)})`), loader: "js" };
    });
  },
};

const ENTRIES = entries();
// Chunk names carry a hash: start from an empty folder, so that no chunk of an older build stays.
rmSync(OUT, { recursive: true, force: true });
for (const entry of ENTRIES) {
  const up = "../".repeat(entry.split("/").length - 1) || "./";
  await build({
    entryPoints: [join(DIST, entry)],
    // Split: what a command loads lazily (`await import(...)`) is a chunk beside the entry, read only
    // when that command runs (`tsrs --version` 100 → 75 ms). Chunks sit in the entry's folder, so
    // the banner's root below holds for them too.
    outdir: dirname(join(OUT, entry)),
    entryNames: "[name]",
    chunkNames: `${basename(entry, ".js")}-chunk-[hash]`,
    splitting: true,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    legalComments: "none",
    plugins: [moduleUrls],
    banner: {
      // CommonJS dependencies (commander) call require(); bundled ESM has none of its own.
      js: [
        "import { createRequire as __tsrsCreateRequire } from 'node:module';",
        "const require = __tsrsCreateRequire(import.meta.url);",
        // globalThis.URL: a bundled module's own top-level `URL` (a regex, say) must not shadow it here.
        `const __tsrsRoot = new globalThis.URL(${JSON.stringify(up)}, import.meta.url);`,
        "const __tsrsModuleUrl = (rel) => new globalThis.URL(rel, __tsrsRoot).href;",
      ].join("\n"),
    },
  });
}
