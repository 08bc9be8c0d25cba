/**
 * Whitelist files: names the user declares used. A `.py` file in vulture's style — every name in
 * it (`my_function`, `MyClass.method`, `_.attribute`) counts as used: plain names keep every
 * definition of that name, attribute names keep every member of that name. Any other file holds
 * one root name per line (as `--root`; `#` starts a comment).
 */
import { readFileSync } from "node:fs";
import { Codes } from "../../diagnostics/codes.js";
import type * as A from "../../python/ast.js";
import { parseModule } from "../../python/parser.js";
import { forEachChild } from "../../graph/module-facts.js";
import { rootByNames } from "./explicit.js";
import type { RootCollector } from "./types.js";

export const whitelistRoots: RootCollector = {
  kind: "whitelist",
  collect(ctx) {
    const p = ctx.program;
    for (const file of ctx.settings.whitelist) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (e) {
        ctx.diagnostics.push({ code: Codes.ReadError, severity: "error", message: `whitelist: ${(e as Error).message}`, file, line: 0, col: 0 });
        continue;
      }
      const mark = { kind: "whitelist" as const, detail: `whitelist ${file.slice(file.lastIndexOf("/") + 1)}` };
      if (!file.endsWith(".py")) {
        const specs = text.split(/\r?\n/).map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
        rootByNames(ctx, specs, () => mark, "whitelist name");
        continue;
      }
      let module: A.Module;
      try {
        module = parseModule(text, { path: file }).module;
      } catch (e) {
        ctx.diagnostics.push({ code: Codes.SyntaxError, severity: "error", message: `whitelist: ${(e as Error).message}`, file, line: 0, col: 0 });
        continue;
      }
      const names = new Set<string>();
      const attrs = new Set<string>();
      const visit = (n: A.Node): void => {
        if (n._type === "Name") names.add(n.id);
        else if (n._type === "Attribute") attrs.add(n.attr);
        forEachChild(n, visit);
      };
      visit(module);
      for (const name of [...names].sort()) {
        for (const d of p.topByName.get(name) ?? []) ctx.root(d, mark);
        for (const d of p.membersByName.get(name) ?? []) ctx.root(d, mark);
      }
      for (const a of [...attrs].sort()) ctx.rootAttr(a, mark);
    }
  },
};
