/**
 * Scripts: files run directly — `__main__.py` (`python -m pkg`), modules with an
 * `if __name__ == "__main__":` block, and executable files without a `.py` extension whose first
 * line is a Python shebang (`bin/tool`). Their module code is a root; extension-less scripts are
 * found here and added to the program, since their uses of the project count.
 */
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { DEFAULT_SKIP_DIRS, projectEntries } from "../../files/collect.js";
import { FileFlag } from "../../graph/callgraph/facts.js";
import type { RootCollector } from "./types.js";

const SHEBANG = /^#![^\n]*\bpython[0-9.]*\b/;
const SKIP = new Set([...DEFAULT_SKIP_DIRS, "site-packages", "__pypackages__", "node_modules"]);

/** Extension-less files with a Python shebang under `dir` (sorted). */
export function findScriptFiles(dir: string, depth = 0): string[] {
  if (depth > 6) return [];
  const entries = projectEntries(dir, depth);
  if (!entries) return [];
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) out.push(...findScriptFiles(full, depth + 1));
    } else if (e.isFile() && !e.name.includes(".")) {
      try {
        const head = readFileSync(full).subarray(0, 200).toString("latin1");
        if (SHEBANG.test(head)) out.push(full);
      } catch {
        /* unreadable: not ours to judge */
      }
    }
  }
  return out;
}

export const scriptRoots: RootCollector = {
  kind: "script",
  collect(ctx) {
    const p = ctx.program;
    p.files.forEach((f, i) => {
      if (f.external) return;
      const base = basename(f.path);
      if (base === "__main__.py") ctx.root(p.moduleNode(i), { kind: "script", detail: `python -m ${f.module.replace(/\.__main__$/, "")}` });
      else if (f.facts.flags & FileFlag.ScriptMain) ctx.root(p.moduleNode(i), { kind: "script", detail: `script ${f.rel}` });
      else if (!base.includes(".")) ctx.root(p.moduleNode(i), { kind: "script", detail: `executable ${f.rel}` });
    });
  },
};
