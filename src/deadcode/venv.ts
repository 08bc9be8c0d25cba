/**
 * `--venv VENV`: reachability continues into site-packages. The modules the project's import
 * statements load are resolved as CPython would over the environment's `sys.path` (project roots,
 * the standard library, site folders, `.pth` additions, editable finders), read, and linked into
 * the program as external files — then their imports, breadth-first. Calls into dependencies
 * follow their code; callbacks come back through it (attribute names their live code uses reach
 * the project's members; a project class deriving from a library base inherits what the base's
 * live machinery calls). Dependency code is never reported; the report says per distribution how
 * much of it the project can reach.
 */
import { Codes } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { DefKind, EdgeKind, type FileFacts } from "../graph/callgraph/facts.js";
import type { Program } from "../graph/callgraph/program.js";
import type { ModuleResolver } from "../graph/resolver.js";
import { findEnvironment, formatVersion, type Environment } from "../venv/environment.js";
import { readInstallation, type Installation } from "../venv/installation.js";
import { resolverFor } from "../venv/resolver.js";

export interface VenvContext {
  env: Environment;
  inst: Installation;
  resolver: ModuleResolver;
}

export interface DependencyInput {
  path: string;
  module: string;
  isPackage: boolean;
  dist: string;
}

export function openVenv(venv: string, projectRoots: readonly string[]): VenvContext {
  const env = findEnvironment(venv);
  const inst = readInstallation(env);
  const resolver = resolverFor(env, inst, projectRoots);
  return { env, inst, resolver };
}

/** Modules an analysed file's import statements load (dotted names, absolute). */
export function loadedModules(facts: FileFacts): string[] {
  const out: string[] = [];
  for (let e = 0; e < facts.edgeKind.length; e++) if (facts.edgeKind[e] === EdgeKind.Load) out.push(facts.edgeStr[e]!);
  for (const s of facts.starImports) out.push(s);
  return out;
}

/**
 * The dependency files reached from the given facts, transitively: `load` reads one (returning its
 * facts, or null when it cannot be analysed). Project modules are skipped (`isProject`).
 */
export function collectDependencies(
  venv: VenvContext,
  start: readonly FileFacts[],
  isProject: (module: string) => boolean,
  load: (input: DependencyInput) => FileFacts | null,
): { inputs: DependencyInput[]; facts: FileFacts[] } {
  const inputs: DependencyInput[] = [];
  const facts: FileFacts[] = [];
  const seenNames = new Set<string>();
  const seenFiles = new Set<string>();
  const queue: string[] = [];
  const enqueue = (f: FileFacts): void => {
    for (const m of loadedModules(f)) queue.push(m);
  };
  for (const f of start) enqueue(f);
  while (queue.length > 0) {
    const name = queue.shift()!;
    const parts = name.split(".");
    for (let k = 1; k <= parts.length; k++) {
      const prefix = parts.slice(0, k).join(".");
      if (seenNames.has(prefix)) continue;
      seenNames.add(prefix);
      if (isProject(prefix)) continue;
      const r = venv.resolver.resolve(prefix);
      if (!r) break;
      if (r.kind === "stdlib" || r.origin === "project") break;
      if (!r.file || !r.file.endsWith(".py") || seenFiles.has(r.file)) continue;
      seenFiles.add(r.file);
      const owners = venv.inst.owners.get(r.file) ?? [];
      const dist = owners.length > 0 ? venv.inst.dists[owners[0]!]!.name : "(unowned)";
      const input: DependencyInput = { path: r.file, module: r.name, isPackage: r.kind === "package", dist };
      const f = load(input);
      if (!f) continue;
      inputs.push(input);
      facts.push(f);
      enqueue(f);
    }
  }
  return { inputs, facts };
}

export interface DependencyReport {
  name: string;
  version: string;
  /** Python files the distribution installs. */
  pythonFiles: number;
  /** Files the project's imports load (transitively). */
  loadedFiles: number;
  /** Functions, classes, methods and properties in the loaded files. */
  definitions: number;
  /** Those the project can reach. */
  reachable: number;
  /** Bytes of the distribution's Python files, and of the loaded ones. */
  bytes: number;
  loadedBytes: number;
}

/** How much of each distribution's code the project reaches (sorted by name). */
export function dependencyReports(venv: VenvContext, program: Program, alive: Uint8Array): DependencyReport[] {
  const byDist = new Map<string, DependencyReport>();
  const sizes = venv.inst.sizes;
  for (const d of venv.inst.dists) {
    if (d.kind === "unowned") continue;
    const py = d.files.filter((f) => f.endsWith(".py"));
    byDist.set(d.name, {
      name: d.name,
      version: d.version,
      pythonFiles: py.length,
      loadedFiles: 0,
      definitions: 0,
      reachable: 0,
      bytes: py.reduce((n, f) => n + (sizes.get(f) ?? 0), 0),
      loadedBytes: 0,
    });
  }
  program.files.forEach((f, fi) => {
    if (!f.external) return;
    const r = byDist.get(f.dist);
    if (!r) return;
    if (alive[program.moduleNode(fi)]) {
      r.loadedFiles++;
      r.loadedBytes += sizes.get(f.path) ?? 0;
    }
    const base = program.fileBase[fi]!;
    f.facts.defKind.forEach((k, i) => {
      if (k === DefKind.Import || k === DefKind.Variable) return;
      r.definitions++;
      if (alive[base + i]) r.reachable++;
    });
  });
  return [...byDist.values()].filter((r) => r.loadedFiles > 0 || r.pythonFiles > 0).sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
}

export function venvDiagnostics(venv: VenvContext): Diagnostic[] {
  return venv.env.problems.filter((p) => p.severity !== "info").map((p) => ({ ...p, code: p.code ?? Codes.EnvBroken }));
}

export function describeVenv(venv: VenvContext): string {
  return `${venv.env.root} (Python ${formatVersion(venv.env.version)})`;
}
