/**
 * Framework registrations: a decorated function or class is a root unless every decorator is
 * known to register nothing — `@app.route`, `@pytest.fixture`, `@receiver(...)`, `@cli.command()`,
 * `@atexit.register` may store it where a framework calls it from. Known no-ops are the standard
 * ones (`property`, `staticmethod`, `functools.lru_cache`, `dataclass`, `typing.overload`…), the
 * property accessors (`@x.setter`), decorators named in `[tool.tsrs.deadcode] noop-decorators`,
 * and project functions that only wrap their argument (they store it nowhere).
 */
import { DefFlag, DefKind } from "../../graph/callgraph/facts.js";
import type { Program } from "../../graph/callgraph/program.js";
import { isKnownNoopDecorator } from "../known/decorators.js";
import { globToRegExp } from "../glob.js";
import type { RootCollector } from "./types.js";

/** Whether one decorator descriptor (from the facts) registers nothing. */
export function isNoopDecorator(program: Program, def: number, descriptor: string, userNoop: readonly RegExp[]): boolean {
  const called = descriptor.endsWith("()");
  const d = called ? descriptor.slice(0, -2) : descriptor;
  if (userNoop.some((r) => r.test(d))) return true;
  if (d.startsWith("def:")) {
    const rest = d.slice(4);
    const dot = rest.indexOf(".");
    const local = Number(dot < 0 ? rest : rest.slice(0, dot));
    const target = program.fileBase[program.defFile[def]!]! + local;
    const tail = dot < 0 ? "" : rest.slice(dot + 1);
    if (tail === "setter" || tail === "getter" || tail === "deleter") return true;
    if (tail) return false;
    return isPureFunction(program, target, called);
  }
  if (d.startsWith("?")) return false;
  if (isKnownNoopDecorator(d)) return true;
  // An import of a project function: look at the function itself.
  const r = program.resolvePath(d);
  const fns = r.end.filter((x) => program.kind(x) === DefKind.Function || program.kind(x) === DefKind.Method);
  return fns.length > 0 && fns.every((x) => isPureFunction(program, x, called));
}

function isPureFunction(program: Program, def: number, called: boolean): boolean {
  const k = program.kind(def);
  if (k !== DefKind.Function && k !== DefKind.Method) return false;
  return (program.flags(def) & (called ? DefFlag.PureDecoratorFactory : DefFlag.PureDecorator)) !== 0;
}

export const decoratorRoots: RootCollector = {
  kind: "decorator",
  collect(ctx) {
    const p = ctx.program;
    const userNoop = ctx.settings.noopDecorators.map(globToRegExp);
    for (let d = 0; d < p.defCount; d++) {
      if (!(p.flags(d) & DefFlag.Decorated)) continue;
      if (p.file(d).external) continue;
      const registering = p.decorators(d).find((x) => !isNoopDecorator(p, d, x, userNoop));
      if (registering !== undefined) ctx.root(d, { kind: "decorator", detail: `decorated with @${describeDecorator(p, d, registering)}` });
    }
  },
};

/** A readable form of a decorator descriptor (`app.route`, `pytest.fixture`). */
export function describeDecorator(p: Program, def: number, descriptor: string): string {
  const called = descriptor.endsWith("()");
  let d = called ? descriptor.slice(0, -2) : descriptor;
  if (d.startsWith("def:")) {
    const rest = d.slice(4);
    const dot = rest.indexOf(".");
    const local = Number(dot < 0 ? rest : rest.slice(0, dot));
    const target = p.fileBase[p.defFile[def]!]! + local;
    d = p.qual(target) + (dot < 0 ? "" : rest.slice(dot));
  } else if (d.startsWith("?")) d = d.slice(1) || "…";
  return d + (called ? "(…)" : "");
}
