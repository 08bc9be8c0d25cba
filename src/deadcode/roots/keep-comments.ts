/**
 * `# tsrs: keep` on a definition's line (or alone on the line above it): the user says it is used.
 * It is a root, so what it uses is kept too.
 */
import { DefFlag } from "../../graph/callgraph/facts.js";
import type { RootCollector } from "./types.js";

export const keepCommentRoots: RootCollector = {
  kind: "keep-comment",
  collect(ctx) {
    const p = ctx.program;
    for (let d = 0; d < p.defCount; d++) {
      if (p.flags(d) & DefFlag.Keep) ctx.rootWithParents(d, { kind: "keep-comment", detail: "# tsrs: keep" });
    }
  },
};
