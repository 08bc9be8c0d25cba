/**
 * Roots the user names: `--root NAME` and `[tool.tsrs.deadcode] roots`. A name matches a
 * definition by its full dotted name (`pkg.mod.Cls.meth`, `pkg.mod:Cls.meth`), its qualified name
 * within the module (`Cls.meth`) or its plain name (`meth`); `*` and `?` are globs. A name that
 * matches nothing is reported (TSRS112) — probably a typo.
 */
import { Codes } from "../../diagnostics/codes.js";
import { moduleNames, type Program } from "../../graph/callgraph/program.js";
import { globToRegExp } from "../glob.js";
import type { RootContext, RootCollector, RootMark } from "./types.js";

/** Definitions matching a root name (see the module comment). */
export function matchDefs(program: Program, spec: string): number[] {
  const norm = spec.trim().replace(":", ".");
  const re = globToRegExp(norm);
  const out: number[] = [];
  for (let d = 0; d < program.defCount; d++) {
    if (program.file(d).external) continue;
    const qual = program.qual(d);
    const file = program.file(d);
    // The module by any name it can be imported by (namespace folders: `acme.tool.cli` and `tool.cli`).
    const full = moduleNames(file).some((m) => re.test(`${m}.${qual}`));
    if (full || re.test(qual) || re.test(program.name(d))) out.push(d);
  }
  return out;
}

export function rootByNames(ctx: RootContext, specs: readonly string[], mark: (spec: string) => RootMark, origin: string): void {
  for (const spec of specs) {
    if (!spec.trim()) continue;
    const defs = matchDefs(ctx.program, spec);
    for (const d of defs) ctx.rootWithParents(d, mark(spec));
    if (defs.length === 0) {
      ctx.diagnostics.push({ code: Codes.DeadcodeUnknownRoot, severity: "warning", message: `${origin} '${spec}' matches no definition`, file: "", line: 0, col: 0 });
    }
  }
}

export const explicitRoots: RootCollector = {
  kind: "explicit",
  collect(ctx) {
    rootByNames(ctx, ctx.settings.roots, (spec) => ({ kind: "explicit", detail: `--root ${spec}` }), "root");
  },
};
