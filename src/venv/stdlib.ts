/** Whether a top-level module name belongs to the standard library of a given Python version. */
import { STDLIB_311, STDLIB_DELTAS } from "./stdlib-data.js";

const cache = new Map<number, ReadonlySet<string>>();

/** The standard library's top-level module names for Python 3.`minor` (3.8 … 3.14; clamped outside). */
export function stdlibModuleNames(minor: number): ReadonlySet<string> {
  const m = Math.min(14, Math.max(8, minor));
  let set = cache.get(m);
  if (set) return set;
  const names = new Set(STDLIB_311);
  if (m < 11) {
    for (let v = 10; v >= m; v--) {
      const delta = STDLIB_DELTAS.find((d) => d[0] === v)!;
      for (const n of delta[1]) names.add(n);
      for (const n of delta[2]) names.delete(n);
    }
  } else {
    for (let v = 12; v <= m; v++) {
      const delta = STDLIB_DELTAS.find((d) => d[0] === v)!;
      for (const n of delta[1]) names.add(n);
      for (const n of delta[2]) names.delete(n);
    }
  }
  set = names;
  cache.set(m, set);
  return set;
}

/** Whether `module` (dotted or not) is in the standard library of Python 3.`minor`. */
export function isStdlibModule(module: string, minor: number): boolean {
  const dot = module.indexOf(".");
  return stdlibModuleNames(minor).has(dot < 0 ? module : module.slice(0, dot));
}
