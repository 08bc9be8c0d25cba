/**
 * Explicit re-exports: `import x as x` and `from m import x as x` (the PEP 484 convention that
 * type checkers honour) say the module offers `x` to others, in any mode.
 */
import { DefFlag, DefKind } from "../../graph/callgraph/facts.js";
import type { RootCollector } from "./types.js";

export const reExportRoots: RootCollector = {
  kind: "re-export",
  collect(ctx) {
    const p = ctx.program;
    for (let d = 0; d < p.defCount; d++) {
      if (p.kind(d) === DefKind.Import && p.flags(d) & DefFlag.ReExport) ctx.root(d, { kind: "re-export", detail: `re-exported as '${p.name(d)}'` });
    }
  },
};
