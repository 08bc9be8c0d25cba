/**
 * Library mode: the public API is used by code we cannot see. Roots are the module-level names
 * without a leading underscore of every importable, non-private module (imports count only in
 * `__init__.py`, where they re-export), names re-exported by `from m import *` in such a module,
 * and the public members of every class (an instance of a class from a private module, or a member
 * inherited from a private base, still reaches users; members count once their class is used). `__all__`
 * entries are kept by the module code that lists them, in every mode.
 *
 * Not API: test files, private modules (`_impl.py`), and files outside the packages that are not
 * meant to be imported (`setup.py`, `conftest.py`, `docs/`, `examples/`, `scripts/`). A vendored
 * library (`pip/_vendor/requests/`) keeps its own API: only what is private within it is private.
 */
import { DefFlag, DefKind } from "../../graph/callgraph/facts.js";
import type { ProgramFile } from "../../graph/callgraph/program.js";
import type { RootCollector } from "./types.js";

const NOT_API_FILES = new Set(["setup", "conftest", "noxfile", "fabfile", "manage", "__main__"]);
const NOT_API_DIRS = new Set(["docs", "doc", "examples", "example", "scripts", "tools", "bench", "benchmarks", "benchmark", "tests", "test"]);

/** Folders holding vendored copies of other libraries. */
const VENDOR_PARTS = new Set(["_vendor", "vendor", "_vendored", "vendored", "_vendored_packages", "third_party", "_third_party", "thirdparty", "externals", "_externals", "extern", "_extern"]);

const isPrivatePart = (p: string): boolean => p.startsWith("_") && !(p.startsWith("__") && p.endsWith("__"));

/**
 * Whether a module is importable API. A private top-level package (`_pytest`) counts as API when
 * the project has no public top-level module re-exporting it (analysed alone, it is all there is).
 */
export function isApiModule(f: ProgramFile, publicTopLevel = true): boolean {
  if (f.external || f.isTest) return false;
  const parts = f.module.split(".");
  // A vendored copy of a library (`pip._vendor.requests`) has the API of that library: only what
  // is private within it is private.
  const vendored = parts.findIndex((p, i) => i > 0 && VENDOR_PARTS.has(p));
  if (parts.slice(vendored >= 0 ? vendored + 1 : 1).some(isPrivatePart)) return false;
  if (isPrivatePart(parts[0]!) && publicTopLevel) return false;
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
    const publicTop = p.files.some((f) => !f.external && !f.isTest && !isPrivatePart(f.module.split(".")[0]!) && f.module.includes(".") === false && f.isPackage);
    const api = p.files.map((f) => isApiModule(f, publicTop));
    for (let d = 0; d < p.defCount; d++) {
      const f = p.file(d);
      if (f.external || f.isTest) continue;
      const parent = p.defParent[d]!;
      const name = p.name(d);
      if (!isPublic(name) || p.flags(d) & DefFlag.InMain) continue;
      if (parent === -1) {
        // A public name of an importable module (imports only where they re-export: packages).
        if (!api[p.defFile[d]!]) continue;
        if (p.kind(d) === DefKind.Import && !f.isPackage) continue;
        ctx.root(d, { kind: "library-api", detail: `public name of ${f.module}` });
      } else if (p.kind(parent) === DefKind.Class && p.flags(d) & DefFlag.Member) {
        // A public member of a class: instances reach callers through any public function returning
        // them, and public subclasses inherit members of private bases, wherever the class is
        // defined. Counts once the class is used.
        ctx.root(d, { kind: "library-api", detail: "public member of a public class" });
      }
    }
    // `from ._impl import *` in an API module re-exports the public names of `_impl`.
    const seen = new Set<number>();
    const reexport = (fi: number, via: string, depth: number): void => {
      if (depth > 8) return;
      for (const m of p.files[fi]!.facts.starImports) {
        for (const sf of p.modules.get(m) ?? []) {
          if (seen.has(sf)) continue;
          seen.add(sf);
          for (const [name, defs] of p.moduleDefs[sf]!) {
            if (!isPublic(name)) continue;
            for (const d of defs) if (p.kind(d) !== DefKind.Import || p.files[sf]!.isPackage) ctx.root(d, { kind: "library-api", detail: `re-exported by ${via} (import *)` });
          }
          reexport(sf, via, depth + 1);
        }
      }
    };
    p.files.forEach((f, fi) => {
      if (api[fi]) reexport(fi, f.module, 0);
    });
  },
};
