/**
 * Overrides of external base methods: a method of a class deriving from a standard-library class
 * that has a member of the same name (`json.JSONEncoder.default`, `threading.Thread.run`,
 * `unittest.TestCase.setUp`, `logging.Handler.emit`, `socketserver.BaseRequestHandler.handle`), or
 * matching a prefix the base calls by computed name (`ast.NodeVisitor.visit_*`, `cmd.Cmd.do_*`),
 * is called by the base machinery once the class is used — a mixin's method too, when a class
 * inheriting it derives from such a base. (Overrides of the program's own classes are handled by
 * liveness: alive when the overridden method is.)
 */
import { DefFlag, DefKind } from "../../graph/callgraph/facts.js";
import type { RootCollector } from "./types.js";

export const overrideRoots: RootCollector = {
  kind: "override",
  collect(ctx) {
    const p = ctx.program;
    for (let d = 0; d < p.defCount; d++) {
      if (!(p.flags(d) & DefFlag.Member) || p.kind(d) === DefKind.Import) continue;
      const base = ctx.ancestry.overriddenExternal(d);
      if (base !== null) ctx.root(d, { kind: "override", detail: `overrides ${base}.${p.name(d)}` });
    }
  },
};
