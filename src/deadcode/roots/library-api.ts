/**
 * Library mode: the public API is used by code we cannot see. Roots are the module-level names
 * without a leading underscore of every importable, non-private module (imports count only in
 * `__init__.py`, where they re-export), and the public members of public classes. `__all__`
 * entries are kept by the module code that lists them, in every mode.
 *
 * Not API: test files, private modules (`_impl.py`, `_vendor/`), and files outside the packages
 * that are not meant to be imported (`setup.py`, `conftest.py`, `docs/`, `examples/`, `scripts/`).
 */
import { DefFlag, DefKind } from "../../graph/callgraph/facts.js";
import type { ProgramFile } from "../../graph/callgraph/program.js";
import type { RootCollector } from "./types.js";

const NOT_API_FILES = new Set(["setup", "conftest", "noxfile", "fabfile", "manage", "__main__"]);
const NOT_API_DIRS = new Set(["docs", "doc", "examples", "example", "scripts", "tools", "bench", "benchmarks", "benchmark", "tests", "test"]);

export function isApiModule(f: ProgramFile): boolean {
  if (f.external || f.isTest) return false;
  const parts = f.module.split(".");
  if (parts.some((p) => p.startsWith("_") && !(p.startsWith("__") && p.endsWith("__")))) return false;
  if (NOT_API_FILES.has(parts[parts.length - 1]!)) return false;
  const first = f.rel.split("/")[0]!;
  if (f.rel.includes("/") && NOT_API_DIRS.has(first)) return false;
  return true;
}

const isPublic = (name: string): boolean => !name.startsWith("_");

export const libraryApiRoots: RootCollector = {
  kind: "library-api",
  collect(ctx) {
    if (ctx.settings.mode !== "library") return;
    const p = ctx.program;
    const api = p.files.map(isApiModule);
    const publicDef = (d: number): boolean => {
      if (!api[p.defFile[d]!]) return false;
      for (let x = d; x >= 0; x = p.defParent[x]!) {
        if (!isPublic(p.name(x))) return false;
        const parent = p.defParent[x]!;
        if (parent >= 0 && p.kind(parent) !== DefKind.Class) return false; // locals are not API
      }
      return true;
    };
    for (let d = 0; d < p.defCount; d++) {
      if (!publicDef(d)) continue;
      const kind = p.kind(d);
      const parent = p.defParent[d]!;
      if (kind === DefKind.Import) {
        if (parent !== -1 || !p.file(d).isPackage) continue;
      }
      if (p.flags(d) & DefFlag.InMain) continue;
      ctx.root(d, { kind: "library-api", detail: parent === -1 ? `public name of ${p.file(d).module}` : "public member of a public class" });
    }
  },
};
