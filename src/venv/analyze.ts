/**
 * `tsrs analyze`: what an environment holds, as data — interpreter, version, layout, and per
 * distribution its size, file count, import names, requirements (markers evaluated for the venv),
 * and whether it ships compiled code; sorted by size (largest first), then name.
 */
import { relative, sep } from "node:path";
import { compareDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { findEnvironment, formatVersion, markerEnvironment, type Environment } from "./environment.js";
import { readInstallation, type Installation } from "./installation.js";
import { evaluateMarker } from "./requirement.js";

export interface RequirementReport {
  text: string;
  /** Whether its marker holds for this environment (without extras). */
  active: boolean;
  /** Whether a distribution of that name is installed. */
  installed: boolean;
}

export interface DistributionReport {
  name: string;
  version: string;
  kind: "dist-info" | "egg-info" | "egg-info-file" | "unowned";
  size: number;
  files: number;
  importNames: string[];
  requires: RequirementReport[];
  native: boolean;
  editable: boolean;
  installer: string | null;
  /** Metadata folder relative to the environment root (POSIX). */
  location: string;
  fileList: string;
}

export interface EnvironmentReport {
  path: string;
  kind: Environment["kind"];
  layout: Environment["layout"];
  python: string;
  interpreter: string | null;
  interpreterTarget: string | null;
  siteDirs: string[];
  includeSystemSitePackages: boolean;
  home: string | null;
  distributions: DistributionReport[];
  pth: { file: string; kind: string; paths: string[]; imports: string[] }[];
  totals: { distributions: number; files: number; size: number; native: number };
  diagnostics: Diagnostic[];
}

function rel(root: string, p: string): string {
  const r = relative(root, p);
  return (r.startsWith("..") ? p : r).split(sep).join("/");
}

export function reportEnvironment(env: Environment, inst: Installation): EnvironmentReport {
  const markers = markerEnvironment(env);
  const installed = new Set(inst.dists.filter((d) => d.kind !== "unowned").map((d) => d.key));
  const distributions: DistributionReport[] = inst.dists.map((d) => ({
    name: d.name,
    version: d.version,
    kind: d.kind,
    size: d.size,
    files: d.files.length,
    importNames: d.importNames,
    requires: d.requires.map((r) => {
      let active = false;
      try {
        active = evaluateMarker(r.marker, markers, []);
      } catch {
        active = false;
      }
      return { text: r.text, active, installed: installed.has(r.key) };
    }),
    native: d.native,
    editable: d.editable,
    installer: d.installer,
    location: rel(env.root, d.metaPath),
    fileList: d.fileList,
  }));
  distributions.sort((a, b) => b.size - a.size || (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0));
  const allFiles = new Set<string>();
  for (const d of inst.dists) for (const f of d.files) allFiles.add(f);
  let size = 0;
  for (const f of allFiles) size += inst.sizes.get(f) ?? 0;
  const interp = env.interpreters.find((i) => i.ok) ?? env.interpreters[0] ?? null;
  return {
    path: env.root,
    kind: env.kind,
    layout: env.layout,
    python: formatVersion(env.version),
    interpreter: interp ? rel(env.root, interp.path) : null,
    interpreterTarget: interp?.target ?? null,
    siteDirs: env.siteDirs.map((s) => rel(env.root, s)),
    includeSystemSitePackages: env.includeSystemSitePackages,
    home: env.home,
    distributions,
    pth: inst.pth.map((p) => ({ file: rel(env.root, p.path), kind: p.kind, paths: p.paths, imports: p.importLines })),
    totals: {
      distributions: inst.dists.filter((d) => d.kind !== "unowned").length,
      files: allFiles.size,
      size,
      native: inst.dists.filter((d) => d.native && d.kind !== "unowned").length,
    },
    diagnostics: [...inst.problems].sort(compareDiagnostics),
  };
}

/** Finds, reads and reports the environment at `path` (throws VenvError when it is not one). */
export function analyzeEnvironment(path: string): EnvironmentReport {
  const env = findEnvironment(path);
  return reportEnvironment(env, readInstallation(env));
}
