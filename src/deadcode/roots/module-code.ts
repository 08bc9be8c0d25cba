/**
 * Module code: the statements at the top level of every project module run when the module is
 * imported or executed, and nothing tells us a module is never loaded (plugins, `python -m`,
 * `importlib`, frameworks loading apps by name), so every project module's code is a root. What it
 * defines is used only if that code (or other live code) uses it.
 */
import type { RootCollector } from "./types.js";

export const moduleCodeRoots: RootCollector = {
  kind: "module-code",
  collect(ctx) {
    const p = ctx.program;
    p.files.forEach((f, i) => {
      if (!f.external) ctx.root(p.moduleNode(i), { kind: "module-code", detail: `module ${f.module}` });
    });
  },
};
