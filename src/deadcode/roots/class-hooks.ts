/**
 * Classes registered by being defined: when a base defines `__init_subclass__`, or a metaclass
 * runs code on class creation (a plugin registry, an ORM model, a command table), the class
 * statement itself has an effect and the class is used even if nothing names it. Known harmless
 * metaclasses (`abc.ABCMeta`, `type`, `enum.EnumMeta`…) do not count.
 */
import { DefKind } from "../../graph/callgraph/facts.js";
import type { Program } from "../../graph/callgraph/program.js";
import type { RootCollector } from "./types.js";

const HARMLESS_METACLASSES = new Set([
  "abc.ABCMeta", "builtins.type", "enum.EnumMeta", "enum.EnumType", "typing.Protocol", "typing_extensions.Protocol",
  "typing.NamedTupleMeta", "typing._ProtocolMeta",
]);

/** Why defining `cls` runs code of the program or an unknown library, or null. */
function registration(p: Program, cls: number, ancestors: readonly number[]): string | null {
  for (const a of [cls, ...ancestors]) {
    if (a !== cls && (p.membersOf.get(a) ?? []).some((m) => p.name(m) === "__init_subclass__")) return `${p.qual(a)}.__init_subclass__`;
    const meta = p.classes.get(a)?.metaclass;
    if (meta && !HARMLESS_METACLASSES.has(meta)) return `metaclass ${meta.startsWith("def:") ? p.qual(p.fileBase[p.defFile[a]!]! + Number(meta.slice(4).split(".")[0])) : meta.replace(/^\?/, "")}`;
  }
  return null;
}

export const classHookRoots: RootCollector = {
  kind: "class-hook",
  collect(ctx) {
    const p = ctx.program;
    for (const [cls] of p.classes) {
      if (p.kind(cls) !== DefKind.Class || p.file(cls).external) continue;
      const why = registration(p, cls, ctx.ancestry.of(cls).ancestors);
      if (why) ctx.root(cls, { kind: "class-hook", detail: `defining it runs ${why}` });
    }
  },
};
