/**
 * Dunder names: `__init__`, `__eq__`, `__enter__`… are called by the interpreter, never by name;
 * module-level `__all__`, `__version__`, `__getattr__` (PEP 562) are read by tools and the import
 * system. Members count once their class is used.
 */
import { DefKind } from "../../graph/callgraph/facts.js";
import type { RootCollector } from "./types.js";

export function isDunder(name: string): boolean {
  return name.length > 4 && name.startsWith("__") && name.endsWith("__");
}

export const dunderRoots: RootCollector = {
  kind: "dunder",
  collect(ctx) {
    const p = ctx.program;
    for (let d = 0; d < p.defCount; d++) {
      if (p.kind(d) === DefKind.Import) continue;
      const name = p.name(d);
      if (isDunder(name)) ctx.root(d, { kind: "dunder", detail: `special name ${name}` });
    }
  },
};
