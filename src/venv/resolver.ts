/** The module resolver of an environment: its search path (`.pth` entries included) and editable installs. */
import { ModuleResolver, type EditableMapping, type SearchPathEntry } from "../graph/resolver.js";
import type { Environment } from "./environment.js";
import type { Installation } from "./installation.js";

export function resolverFor(env: Environment, inst: Installation, projectRoots: readonly string[]): ModuleResolver {
  const entries: SearchPathEntry[] = inst.searchPath.map((s) => ({ dir: s.dir, origin: s.kind, tag: s.pth }));
  const editable: EditableMapping[] = [];
  inst.pth.forEach((p, i) => {
    if (!p.editable) return;
    for (const [name, path] of [...p.editable.mapping].sort((a, b) => (a[0] < b[0] ? -1 : 1))) editable.push({ name, path, tag: i });
  });
  return new ModuleResolver({
    projectRoots,
    entries,
    editable,
    stdlib: env.stdlib,
    minor: env.version.minor,
    abiFlags: env.version.abiFlags,
  });
}
