/**
 * The build's fingerprint, for keys of caches that hold what tsrs computed (minified files, scan
 * and call-graph facts): the version, and the size and mtime of each compiled module of the
 * analysers — a rebuild (or an edit of the installed files) changes it, so results of an older
 * build are never served. In the bundled CLI (dist/bundle/, see scripts/bundle.mjs) the same
 * folders hold the bundles that contain all of them (cli/main.js, the workers).
 */
import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { VERSION } from "../version.js";

const FOLDERS = [
  "cli",
  "python",
  "semantic",
  "minify",
  "minify/rename",
  "minify/transforms",
  "diagnostics",
  "graph",
  "graph/callgraph",
  "deadcode",
  "deadcode/roots",
  "deadcode/known",
  "files",
];

let fingerprint: string | null = null;

export function buildFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = createHash("sha256").update(VERSION);
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  for (const sub of FOLDERS) {
    let names: string[];
    try {
      names = readdirSync(join(root, sub)).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      if (!n.endsWith(".js") && !n.endsWith(".ts")) continue;
      try {
        const st = statSync(join(root, sub, n));
        h.update(`\0${sub}/${n}\0${st.size}\0${st.mtimeMs}`);
      } catch {
        /* vanished: leave it out */
      }
    }
  }
  return (fingerprint = h.digest("hex"));
}
