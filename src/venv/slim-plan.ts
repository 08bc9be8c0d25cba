/**
 * Decides what a slim venv keeps: the distributions the project's code can import, transitively
 * through third-party code, plus what imports do not show but the code needs at run time.
 *
 * A distribution is kept whole when one of its modules is reached by the import graph, and also:
 * - its `.pth` file runs code at startup (other than the known-harmless setuptools distutils shim);
 * - it provides entry points in a group that kept code reads (`pytest11`, `myapp.plugins`…);
 *   the entry points' modules become roots; console scripts of kept distributions are roots too
 *   (run on demand: their optional imports, even at module level, are optional features);
 * - a kept distribution's code is opaque (an extension module, byte code only, unparsable), so its
 *   declared requirements (markers evaluated for the venv) are kept in its stead;
 * - it is another copy of a kept distribution, or co-owns a needed file no kept one owns;
 * - it installs the project itself (an editable or regular install of the code folder's packages);
 * - `--keep` names it. `--drop` wins over everything, with a warning when code needs it.
 * Only its metadata is kept when code reads it by name (`importlib.metadata.version("x")`).
 *
 * Everything else is dropped. Decisions carry a reason; imports carry the chain that reached them.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join, relative, resolve, sep } from "node:path";
import { decodeSource, type SourceFile } from "../python/source.js";
import { Codes } from "../diagnostics/codes.js";
import { compareDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { declaredRequirements, type DeclaredRequirement } from "../config/requirements.js";
import type { Pyproject } from "../config/pyproject.js";
import { isTable } from "../config/pyproject.js";
import { FactsStore } from "../graph/facts-store.js";
import { ImportGraphBuilder, type GraphNode, type UnresolvedImport } from "../graph/import-graph.js";
import { ImportFlag, ModuleFlag } from "../graph/module-facts.js";
import { collectProject, DEFAULT_EXCLUDES, describeFiles, type Project } from "../graph/project.js";
import type { ModuleResolver, ResolvedModule } from "../graph/resolver.js";
import { findEnvironment, markerEnvironment, type Environment } from "./environment.js";
import { entryPointModule } from "./metadata.js";
import { canonicalName } from "./names.js";
import { readInstallation, type Distribution, type Installation } from "./installation.js";
import { resolverFor } from "./resolver.js";
import { moduleNamesInFile } from "./binary-imports.js";
import { evaluateMarker, type Requirement } from "./requirement.js";

/** Files beside the code that python-dotenv loads for the frameworks that use it. */
const DOTENV_FILES = [".env", ".flaskenv"];

export interface SlimPlanOptions {
  codeDir: string;
  venv: string;
  /** Entry files (absolute, or relative to `cwd`); null: the whole code folder. */
  entries?: readonly string[] | null;
  /** Include code under `tests/` and test files (default true). */
  includeTests?: boolean;
  /** Paths relative to the code folder that are not runtime code (default DEFAULT_EXCLUDES). */
  exclude?: readonly string[] | null;
  keep?: readonly string[];
  drop?: readonly string[];
  /**
   * Also follow third-party imports that are inside functions and guarded by `except ImportError`
   * (optional features of libraries); default false.
   */
  keepOptional?: boolean;
  /** The `--verify` command: `python -m X` and console-script names in it are roots. */
  verify?: string | null;
  /** Folder for the module-facts cache; null: no cache. */
  cacheDir?: string | null;
  /** The project's pyproject.toml (for declared requirements), if any. */
  pyproject?: Pyproject | null;
  /** Working directory for relative paths and reports. */
  cwd?: string;
  /** Worker threads parsing ahead of the import walk (default 1: none). */
  jobs?: number;
}

export type KeepLevel = "whole" | "metadata" | "none";

export type KeepReason =
  | { kind: "import"; node: number }
  | { kind: "requested" }
  | { kind: "startup-hook"; pth: string }
  | { kind: "entry-point"; group: string; name: string; consumer: number }
  | { kind: "console-script"; name: string }
  | { kind: "native-requires"; of: number }
  | { kind: "metadata"; node: number }
  | { kind: "duplicate"; of: number }
  | { kind: "shared-file"; file: string; node: number }
  | { kind: "project-install"; node: number }
  | { kind: "unknown-files" }
  | { kind: "companion"; of: number }
  | { kind: "implied"; detail: string };

export interface DistPlan {
  id: number;
  level: KeepLevel;
  reason: KeepReason | null;
  /** Dropped by `--drop` (or config) although something needed it. */
  droppedOnRequest: boolean;
}

export interface RequirementFinding {
  key: string;
  /** Installed distribution name when installed. */
  name: string | null;
  file: string;
  line: number;
  detail: string;
}

export interface SlimPlan {
  env: Environment;
  inst: Installation;
  project: Project;
  graph: ImportGraphBuilder;
  dists: DistPlan[];
  diagnostics: Diagnostic[];
  declared: DeclaredRequirement[];
  /** Declared (non-dev) requirements the code never imports. */
  unusedRequirements: RequirementFinding[];
  /** Distributions the code imports directly without declaring them. */
  undeclaredDependencies: RequirementFinding[];
  stats: {
    modules: number;
    parsed: number;
    cached: number;
    failed: number;
    parsedBytes: number;
    projectFiles: number;
    /** Optional imports of libraries not followed (see `keepOptional`). */
    optionalSkipped: number;
    /** Milliseconds reading the venv, walking the import graph, and the rest. */
    ms: { venv: number; graph: number; report: number };
  };
}

/** 1-based line of an offset in a (project) file, 0 if it cannot be read; files decoded once. */
function lineLookup(): (file: string, pos: number) => number {
  const sources = new Map<string, SourceFile | null>();
  return (file, pos) => {
    let s = sources.get(file);
    if (s === undefined) {
      try {
        s = decodeSource(readFileSync(file), file);
      } catch {
        s = null;
      }
      sources.set(file, s);
    }
    return s ? s.lineOf(Math.max(0, pos)) : 0;
  };
}

/** Hooks whose absence changes nothing for code that does not import what they shim. */
const HARMLESS_HOOK_MODULES = new Set(["_distutils_hack"]);

/**
 * Whether a module is loaded whenever the project's code is: the chain of first imports from a
 * root down to it has no optional step (handled ImportError, in a function, under a run-time
 * condition, lazy or computed).
 */
function surelyLoaded(nodes: readonly GraphNode[], id: number): boolean {
  for (let depth = 0; depth < 10_000; depth++) {
    const n = nodes[id]!;
    if (n.parent < 0) return true;
    if (n.speculative || (n.reason !== "import" && n.reason !== "parent" && n.reason !== "star")) return false;
    const parent = nodes[n.parent]!;
    const imp = parent.facts?.imports.find((i) => i.pos === n.pos);
    // The project's own imports in functions and branches are its code paths, not optional features.
    const mask = parent.module.origin === "project" ? HANDLED_MASK : UNCONDITIONAL_MASK;
    if (imp === undefined || imp.flags & mask) return false;
    id = n.parent;
  }
  return false;
}

/** Import flags under which a missing target may be intended (handled, deferred, never run, probed). */
const HANDLED_MASK = ImportFlag.Optional | ImportFlag.Fallback | ImportFlag.TypeOnly | ImportFlag.Dynamic | ImportFlag.Probe | ImportFlag.IfLoaded;
const UNCONDITIONAL_MASK = HANDLED_MASK | ImportFlag.Deferred | ImportFlag.Conditional;

function hookModules(line: string): string[] {
  const out: string[] = [];
  const re = /__import__\(\s*['"]([\w.]+)['"]/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1]!);
  return out;
}

/** For each command of a shell line (`a && b; c | d`): `python -m X …` → module X; `X …` → command X. */
export function verifyRoots(command: string): { modules: string[]; commands: string[] } {
  const modules: string[] = [];
  const commands: string[] = [];
  for (const part of command.split(/&&|\|\||[;|]/)) {
    const words = part.trim().split(/\s+/).filter(Boolean);
    let i = 0;
    while (i < words.length && /^[A-Za-z_][\w]*=/.test(words[i]!)) i++; // VAR=value prefixes
    const first = words[i];
    if (!first) continue;
    const base = first.split("/").pop()!;
    if (/^python[\d.]*$/.test(base)) {
      const m = words.indexOf("-m", i + 1);
      if (m > 0 && words[m + 1]) modules.push(words[m + 1]!);
    } else commands.push(base);
  }
  return { modules, commands };
}

export async function planSlim(options: SlimPlanOptions): Promise<SlimPlan> {
  const cwd = options.cwd ?? process.cwd();
  const lineAt = lineLookup();
  const t0 = performance.now();
  const env = findEnvironment(options.venv);
  const inst = readInstallation(env);
  const tInstall = performance.now();
  const diagnostics: Diagnostic[] = [...inst.problems];
  const display = (p: string): string => {
    const r = relative(cwd, p);
    return (r && !r.startsWith("..") ? r : p).split(sep).join("/");
  };

  // ---- the project
  const includeTests = options.includeTests ?? true;
  let project: Project;
  if (options.entries && options.entries.length > 0) {
    project = describeFiles(options.codeDir, options.entries.map((e) => resolve(cwd, e)));
  } else {
    project = collectProject(options.codeDir, { exclude: options.exclude ?? DEFAULT_EXCLUDES });
  }
  for (const p of project.problems) {
    diagnostics.push({ code: Codes.ReadError, severity: "warning", message: `cannot read: ${p.reason}`, file: display(p.path), line: 0, col: 0 });
  }
  const projectFiles = project.files.filter((f) => includeTests || !f.isTest);

  // ---- search path
  const resolver = resolverFor(env, inst, project.roots);
  const store = new FactsStore(
    {
      major: env.version.major,
      minor: env.version.minor,
      micro: env.version.micro,
      sysPlatform: env.platform.sysPlatform,
      osName: env.platform.osName,
    },
    options.cacheDir ?? null,
    options.jobs ?? 1,
  );
  const graph = new ImportGraphBuilder(resolver, store);
  graph.followOptional = options.keepOptional ?? false;

  // ---- decisions
  const plans: DistPlan[] = inst.dists.map((d) => ({ id: d.id, level: "none", reason: null, droppedOnRequest: false }));
  const byKey = new Map<string, Distribution[]>();
  for (const d of inst.dists) {
    if (d.kind === "unowned") continue;
    const l = byKey.get(d.key);
    if (l) l.push(d);
    else byKey.set(d.key, [d]);
  }
  const dropKeys = new Set<string>();
  for (const name of options.drop ?? []) {
    const k = canonicalName(name);
    if (!byKey.has(k)) diagnostics.push({ code: Codes.UnknownDistribution, severity: "warning", message: `--drop ${name}: no such distribution in the venv`, file: display(env.root), line: 0, col: 0 });
    dropKeys.add(k);
  }
  const isDropped = (d: Distribution): boolean => dropKeys.has(d.key);
  const distOfFile = (file: string): number[] => inst.owners.get(file) ?? [];
  const ownersOf = (m: ResolvedModule): number[] => {
    if (m.origin === "project" || m.origin === "system" || m.origin === "stdlib") return [];
    if (m.file) {
      const o = distOfFile(m.file);
      if (o.length > 0) return o;
    }
    if ((m.origin === "pth" || m.origin === "editable") && m.tag >= 0) return inst.pthOwners[m.tag] ?? [];
    return [];
  };
  graph.blocked = (m) => ownersOf(m).some((o) => isDropped(inst.dists[o]!));
  const markerEnv = markerEnvironment(env);
  // What each distribution requires (active markers, no extras).
  const closure = requirementClosures(inst, byKey, (r) => {
    try {
      return evaluateMarker(r.marker, markerEnv, []);
    } catch {
      return true;
    }
  });
  // What each distribution requires for its extras, with everything those name in turn, under any
  // marker (kombu[sqs] is boto3, and boto3 brings botocore, which kombu.transport.SQS imports;
  // Debian's boto3 lists botocore only under its own extra).
  const everything = requirementClosures(inst, byKey, () => true);
  const extraKeys = new Map<number, Set<string>>();
  for (const d of inst.dists) {
    if (d.kind === "unowned") continue;
    const keys = new Set<string>();
    for (const r of d.requires) {
      if (!/\bextra\b/.test(r.marker ?? "")) continue;
      keys.add(r.key);
      for (const x of byKey.get(r.key) ?? []) for (const k of everything.get(x.id)!) keys.add(k);
    }
    extraKeys.set(d.id, keys);
  }
  graph.extraOnly = (from, target) => {
    const fo = ownersOf(from);
    const to = ownersOf(target);
    if (fo.length === 0 || to.length === 0 || to.some((t) => fo.includes(t))) return false;
    if (graph.declared!(from, target)) return false;
    return fo.some((f) => to.some((t) => extraKeys.get(f)?.has(inst.dists[t]!.key) ?? false));
  };
  graph.declared = (from, target) => {
    const fo = ownersOf(from);
    const to = ownersOf(target);
    if (fo.length === 0 || to.length === 0) return true;
    if (to.some((t) => fo.includes(t))) return true;
    for (const f of fo) {
      const d = inst.dists[f]!;
      if (d.kind === "unowned") return true;
      const keys = closure.get(f)!;
      if (to.some((t) => keys.has(inst.dists[t]!.key))) return true;
    }
    return false;
  };

  const newlyKept: number[] = [];
  const keepWhole = (id: number, reason: KeepReason): void => {
    const p = plans[id]!;
    if (p.level === "whole") return;
    if (isDropped(inst.dists[id]!)) {
      if (!p.droppedOnRequest) {
        p.droppedOnRequest = true;
        p.reason = reason;
      }
      return;
    }
    p.level = "whole";
    p.reason = reason;
    newlyKept.push(id);
  };
  const rootsOfDist = (d: Distribution, label: string): void => {
    for (const n of d.importNames) graph.addNameRoot(n, label);
  };

  // Roots: project files.
  for (const f of projectFiles) {
    graph.addFileRoot({ name: f.module, kind: f.isPackage ? "package" : "source", file: f.path, dirs: f.isPackage ? [join(f.path, "..")] : [], origin: "project", tag: -1 }, f.rel);
  }
  // Roots: what the verify command runs; pytest for included tests.
  const commandOwners = new Map<string, number>();
  for (const d of inst.dists) {
    for (const ep of d.entryPoints) if (ep.group === "console_scripts" || ep.group === "gui_scripts") if (!commandOwners.has(ep.name)) commandOwners.set(ep.name, d.id);
  }
  if (options.verify) {
    const v = verifyRoots(options.verify);
    for (const m of v.modules) {
      graph.addNameRoot(m, `--verify: python -m ${m}`);
      graph.addNameRoot(`${m}.__main__`, `--verify: python -m ${m}`);
    }
    for (const c of v.commands) {
      const owner = commandOwners.get(c);
      if (owner !== undefined) keepWhole(owner, { kind: "console-script", name: c });
    }
  }
  if (includeTests && projectFiles.some((f) => f.isTest) && resolver.resolve("pytest")) {
    graph.addNameRoot("pytest", "test runner for the project's tests");
  }
  // A `.env` / `.flaskenv` beside the code: frameworks load it only when python-dotenv is there
  // (`flask run`, pydantic settings, django-environ…), through imports whose absence they handle.
  const envDirs = basename(project.codeDir) === "src" ? [project.codeDir, join(project.codeDir, "..")] : [project.codeDir];
  const envFile = envDirs.flatMap((dir) => DOTENV_FILES.map((name) => join(dir, name))).find((f) => existsSync(f));
  if (envFile) graph.addNameRoot("dotenv", `${display(envFile)} (read through python-dotenv when it is installed)`);
  // Startup hooks and loose files.
  // A loose `.pth` that only runs a harmless hook (setuptools' distutils shim, when Debian's
  // setuptools does not list it) goes with the distribution providing the hook's module: kept
  // without it, it would print an error at every interpreter start.
  const adopted = new Map<number, number[]>();
  inst.pth.forEach((p, i) => {
    const owners = inst.pthOwners[i]!;
    const mods = [...new Set([...p.importedModules, ...p.importLines.flatMap(hookModules)])];
    const unowned = owners.every((o) => inst.dists[o]!.kind === "unowned");
    const harmlessHook = p.kind === "hook" && mods.some((m) => HARMLESS_HOOK_MODULES.has(m.split(".")[0]!));
    if (harmlessHook) {
      if (unowned) {
        const providers = mods.flatMap((m) => {
          const r = resolver.resolve(m);
          return r ? ownersOf(r) : [];
        });
        for (const o of owners) adopted.set(o, providers);
      }
      return;
    }
    if (p.kind === "nspkg" && unowned) {
      // `<dist>-<version>-nspkg.pth` sets up a namespace package of that distribution: without
      // it, it fails at every interpreter start.
      const stem = basename(p.path).replace(/-nspkg\.pth$/, "").replace(/-\d[^-]*$/, "");
      const providers = (byKey.get(canonicalName(stem)) ?? []).map((d) => d.id);
      if (providers.length > 0) {
        for (const o of owners) adopted.set(o, providers);
        return;
      }
    }
    if (p.kind !== "hook" && !unowned) return;
    for (const o of owners) keepWhole(o, { kind: "startup-hook", pth: p.path });
    for (const m of mods) graph.addNameRoot(m, `startup code in ${display(p.path)}`);
  });
  for (const d of inst.dists) {
    if (d.kind !== "unowned" || d.name === "__pycache__" || adopted.has(d.id)) continue;
    if (d.importNames.length === 0) keepWhole(d.id, { kind: "unknown-files" });
  }
  for (const name of options.keep ?? []) {
    const ds = byKey.get(canonicalName(name));
    if (!ds) {
      diagnostics.push({ code: Codes.UnknownDistribution, severity: "warning", message: `--keep ${name}: no such distribution in the venv`, file: display(env.root), line: 0, col: 0 });
      continue;
    }
    for (const d of ds) {
      keepWhole(d.id, { kind: "requested" });
      rootsOfDist(d, `--keep ${name}`);
    }
  }

  // The import names the project provides: its packages and the modules at its roots (not the
  // names of scripts' and tests' folders, which some stray distributions install too).
  const importable = projectFiles.filter((f) => f.isPackage || f.module.split(".").length === 1 || f.root === project.codeDir || f.root === join(project.codeDir, "src"));
  const projectTops = new Set(importable.map((f) => f.module.split(".")[0]!));
  const projectInstalls = inst.dists.filter(
    (d) => d.kind !== "unowned" && d.importNames.some((n) => projectTops.has(n.split(".")[0]!)),
  );
  // Installs whose editable finder or path entry points into the code folder.
  inst.pth.forEach((p, i) => {
    const into = (x: string): boolean => x === project.codeDir || x.startsWith(project.codeDir + sep);
    const hits = (p.editable ? [...p.editable.mapping.values()].some(into) : false) || p.paths.some(into);
    if (hits) for (const o of inst.pthOwners[i]!) if (!projectInstalls.includes(inst.dists[o]!)) projectInstalls.push(inst.dists[o]!);
  });

  // Top-level names the venv provides, for reading imports out of extension modules' binaries.
  const venvNames = new Set<string>();
  for (const d of inst.dists) for (const name of d.importNames) venvNames.add(name.split(".")[0]!);
  const compiledImports = (file: string): string[] => {
    try {
      return moduleNamesInFile(file, venvNames);
    } catch {
      return []; // unreadable: its distribution's requirements still stand in
    }
  };

  let scanned = 0;
  const opaqueDists = new Set<number>();
  const fallbackDone = new Set<number>();
  const pendingShared: { node: number; owners: number[]; file: string }[] = [];
  const groupsDone = new Set<string>();
  let projectInstallDone = false;
  for (let round = 0; round < 1000; round++) {
    await graph.runAsync();
    let changed = false;
    for (; scanned < graph.nodes.length; scanned++) {
      const n = graph.nodes[scanned]!;
      const m = n.module;
      if (m.origin === "project") {
        if (!projectInstallDone && projectInstalls.length > 0) {
          projectInstallDone = true;
          for (const d of projectInstalls) keepWhole(d.id, { kind: "project-install", node: n.id });
        }
        continue;
      }
      const owners = ownersOf(m);
      if (owners.length === 1) keepWhole(owners[0]!, { kind: "import", node: n.id });
      else if (owners.length > 1 && m.file) pendingShared.push({ node: n.id, owners, file: m.file });
      const opaque = m.kind === "extension" || m.kind === "bytecode" || n.error !== null;
      if (opaque) for (const o of owners) opaqueDists.add(o);
      if (m.kind === "extension" && m.file !== null) {
        for (const name of compiledImports(m.file)) if (graph.addImportFrom(n.id, name)) changed = true;
      }
    }
    // Entry points and hooks of newly kept distributions.
    while (newlyKept.length > 0) {
      changed = true;
      const id = newlyKept.shift()!;
      const d = inst.dists[id]!;
      for (const dup of d.duplicates) keepWhole(dup, { kind: "duplicate", of: id });
      for (const ep of d.entryPoints) {
        if (ep.group === "console_scripts" || ep.group === "gui_scripts") graph.addNameRoot(entryPointModule(ep.value), `console script ${ep.name} (${d.name})`, true);
      }
    }
    // Entry-point groups that kept code reads: every provider is a plugin of kept code.
    for (const [group, consumer] of graph.groups) {
      if (groupsDone.has(group)) continue;
      groupsDone.add(group);
      for (const d of inst.dists) {
        for (const ep of d.entryPoints) {
          if (ep.group !== group) continue;
          keepWhole(d.id, { kind: "entry-point", group, name: ep.name, consumer });
          graph.addNameRoot(entryPointModule(ep.value), `entry point ${group}:${ep.name} (${d.name})`);
          changed = true;
        }
      }
    }
    // Opaque code: its distribution's requirements stand in for the imports we cannot see.
    for (const id of opaqueDists) {
      if (fallbackDone.has(id) || plans[id]!.level !== "whole") continue;
      fallbackDone.add(id);
      for (const r of inst.dists[id]!.requires) {
        if (!evaluateMarker(r.marker, markerEnv, [])) continue;
        for (const dep of byKey.get(r.key) ?? []) {
          if (plans[dep.id]!.level === "whole") continue;
          keepWhole(dep.id, { kind: "native-requires", of: id });
          rootsOfDist(dep, `requirement of ${inst.dists[id]!.name} (compiled code)`);
          changed = true;
        }
      }
    }
    if (graph.nodes.length > scanned) continue;
    if (changed) continue;
    // Files several distributions claim: fine if one of them is kept, else keep them (once).
    for (const s of pendingShared.splice(0)) {
      if (s.owners.some((o) => plans[o]!.level === "whole")) continue;
      const pick = /(^|[/\\])__init__\.py$/.test(s.file) ? [s.owners[0]!] : s.owners;
      for (const o of pick) keepWhole(o, { kind: "shared-file", file: s.file, node: s.node });
      changed = true;
    }
    if (!changed && graph.nodes.length === scanned && newlyKept.length === 0) break;
  }
  for (const [id, providers] of adopted) {
    const by = providers.find((o) => plans[o]!.level === "whole");
    if (by !== undefined) plans[id] = { ...plans[id]!, level: "whole", reason: { kind: "companion", of: by } };
  }
  const tGraph = performance.now();
  // Metadata read by name.
  for (const [name, node] of graph.metadata) {
    for (const d of byKey.get(canonicalName(name)) ?? []) {
      if (plans[d.id]!.level === "none" && !isDropped(d)) plans[d.id] = { ...plans[d.id]!, level: "metadata", reason: { kind: "metadata", node } };
    }
  }
  await store.close();
  store.save();

  // ---- diagnostics about the project's code
  for (const u of graph.unresolved) {
    const from = graph.nodes[u.from]!;
    if (from.module.origin !== "project") continue;
    if (u.flags & (ImportFlag.Optional | ImportFlag.Fallback | ImportFlag.Probe | ImportFlag.TypeOnly)) continue;
    diagnostics.push({
      code: Codes.UnresolvedImport,
      severity: "warning",
      message: `cannot resolve import '${u.module}' (not in the project, the standard library of Python ${env.version.major}.${env.version.minor}, or the venv)`,
      file: display(from.module.file!),
      line: lineAt(from.module.file!, u.pos),
      col: 0,
    });
  }
  // ---- imports in the venv's own code that fail there already (a missing dependency): one
  // report per missing top-level module, at the first module found importing it
  const broken = new Map<string, { first: UnresolvedImport; importers: Set<string> }>();
  for (const u of graph.unresolved) {
    const from = graph.nodes[u.from]!;
    if (from.module.origin === "project" || from.module.origin === "stdlib" || from.module.file === null) continue;
    if (u.flags & UNCONDITIONAL_MASK || u.module.startsWith(".")) continue;
    const top = u.module.split(".")[0]!;
    // `six.moves.x` when `six` is there: the rest may be made at run time (sys.modules entries).
    if (resolver.resolve(top) !== null) continue;
    if (!surelyLoaded(graph.nodes, u.from)) continue;
    const b = broken.get(top);
    if (b) b.importers.add(from.module.name);
    else broken.set(top, { first: u, importers: new Set([from.module.name]) });
  }
  for (const [top, { first, importers }] of broken) {
    const from = graph.nodes[first.from]!.module;
    const more = importers.size > 1 ? ` (and ${importers.size - 1} more module${importers.size > 2 ? "s" : ""} the project loads)` : "";
    diagnostics.push({
      code: Codes.BrokenImport,
      severity: "warning",
      message: `'${top}' is not installed, but ${from.name} imports it unconditionally${more}: that import fails in this venv already (a missing dependency?)`,
      file: display(from.file!),
      line: lineAt(from.file!, first.pos),
      col: 0,
    });
  }
  for (const n of graph.nodes) {
    if (n.error && n.module.origin === "project") {
      diagnostics.push({
        code: n.error.kind === "syntax" ? Codes.SyntaxError : Codes.ReadError,
        severity: "warning",
        message: `${n.error.kind === "syntax" ? "cannot parse" : "cannot read"}: ${n.error.error}; ${n.error.fallback ? "what its import lines name is kept" : "its imports are unknown"}`,
        file: display(n.module.file!),
        line: n.error.line,
        col: 0,
      });
    } else if (n.error) {
      diagnostics.push({
        code: Codes.UnreadableModule,
        severity: "info",
        message: `cannot parse ${n.module.name} (${n.error.error}); its distribution's requirements are kept instead`,
        file: display(n.module.file!),
        line: n.error.line,
        col: 0,
      });
    }
    if (n.module.origin === "project" && n.facts && n.facts.flags & ModuleFlag.DynamicImport) {
      diagnostics.push({
        code: Codes.DynamicImport,
        severity: "info",
        message: "import by a computed name: the modules it loads cannot be known; use --keep for distributions it may need",
        file: display(n.module.file!),
        line: lineAt(n.module.file!, n.facts.dynamicPos - 1),
        col: 0,
      });
    }
  }
  for (const p of plans) {
    if (!p.droppedOnRequest || !p.reason) continue;
    const d = inst.dists[p.id]!;
    diagnostics.push({
      code: Codes.DroppedButUsed,
      severity: "warning",
      message: `${d.name} dropped on request, although ${describeReason(p.reason, inst, graph)}`,
      file: display(d.metaPath),
      line: 0,
      col: 0,
    });
  }

  // ---- declared vs. used
  const declared = declaredRequirements(options.pyproject ?? null, project.codeDir);
  const { unused, undeclared } = compareRequirements(declared, project, graph, resolver, inst, options.pyproject ?? null, ownersOf, display, lineAt, runtimeOnlyKeys(plans, inst));
  for (const u of unused) {
    diagnostics.push({ code: Codes.UnusedRequirement, severity: "info", message: u.detail, file: display(u.file), line: u.line, col: 0 });
  }
  for (const u of undeclared) {
    diagnostics.push({ code: Codes.UndeclaredDependency, severity: "info", message: u.detail, file: display(u.file), line: u.line, col: 0 });
  }

  diagnostics.sort(compareDiagnostics);
  return {
    env,
    inst,
    project,
    graph,
    dists: plans,
    diagnostics,
    declared,
    unusedRequirements: unused,
    undeclaredDependencies: undeclared,
    stats: {
      modules: graph.nodes.length,
      parsed: store.stats.parsed,
      cached: store.stats.cached,
      failed: store.stats.failed,
      parsedBytes: store.stats.bytes,
      projectFiles: projectFiles.length,
      optionalSkipped: graph.skippedOptional,
      ms: { venv: Math.round(tInstall - t0), graph: Math.round(tGraph - tInstall), report: Math.round(performance.now() - tGraph) },
    },
  };
}

/** The files a decision keeps: all of them, the metadata folder's, or none. */
export function keptFiles(plan: Pick<SlimPlan, "inst" | "dists">, id: number): string[] {
  const p = plan.dists[id]!;
  const d = plan.inst.dists[id]!;
  if (p.level === "whole") return d.files;
  if (p.level === "metadata") return d.files.filter((f) => f === d.metaPath || f.startsWith(d.metaPath + sep));
  return [];
}

/** Per distribution: the names of everything it requires, transitively, counting the requirements `counts` accepts. */
function requirementClosures(inst: Installation, byKey: Map<string, Distribution[]>, counts: (r: Requirement) => boolean): Map<number, Set<string>> {
  const direct = new Map<string, string[]>();
  for (const d of inst.dists) {
    if (d.kind === "unowned") continue;
    const keys = d.requires.filter(counts).map((r) => r.key);
    direct.set(d.key, [...(direct.get(d.key) ?? []), ...keys]);
  }
  const memo = new Map<string, Set<string>>();
  const close = (key: string): Set<string> => {
    const hit = memo.get(key);
    if (hit) return hit;
    const out = new Set<string>();
    memo.set(key, out);
    const stack = [...(direct.get(key) ?? [])];
    while (stack.length > 0) {
      const k = stack.pop()!;
      if (out.has(k)) continue;
      out.add(k);
      if (byKey.has(k)) stack.push(...(direct.get(k) ?? []));
    }
    return out;
  };
  const result = new Map<number, Set<string>>();
  for (const d of inst.dists) result.set(d.id, d.kind === "unowned" ? new Set() : close(d.key));
  return result;
}

/** Distributions needed without being imported: startup hooks and plugins of kept code. */
function runtimeOnlyKeys(plans: readonly DistPlan[], inst: Installation): Set<string> {
  const out = new Set<string>();
  for (const p of plans) {
    if (p.reason && (p.reason.kind === "startup-hook" || p.reason.kind === "entry-point")) out.add(inst.dists[p.id]!.key);
  }
  return out;
}

function compareRequirements(
  declared: DeclaredRequirement[],
  project: Project,
  graph: ImportGraphBuilder,
  resolver: ModuleResolver,
  inst: Installation,
  py: Pyproject | null,
  ownersOf: (m: ResolvedModule) => number[],
  display: (p: string) => string,
  lineAt: (file: string, pos: number) => number,
  runtimeOnly: ReadonlySet<string>,
): { unused: RequirementFinding[]; undeclared: RequirementFinding[] } {
  const unused: RequirementFinding[] = [];
  const undeclared: RequirementFinding[] = [];
  if (declared.length === 0) return { unused, undeclared };
  const projectName = py && isTable(py.data.project) && typeof py.data.project.name === "string" ? canonicalName(py.data.project.name) : null;
  // Distributions each project file imports directly, first site per key. Type-only imports
  // count as uses of a declaration (so types-only requirements are not "unused") but not as
  // run-time needs; fallbacks that never run (their `try` import resolves) count as neither.
  const used = new Map<string, { file: string; line: number; dev: boolean; module: string; name: string; typeOnly: boolean }>();
  const isTestFile = new Map(project.files.map((f) => [f.path, f.isTest]));
  for (const n of graph.nodes) {
    if (n.module.origin !== "project" || !n.facts || !n.module.file) continue;
    const isTest = isTestFile.get(n.module.file) ?? false;
    for (const imp of n.facts.imports) {
      if (imp.level > 0 || !imp.module) continue;
      if (imp.flags & ImportFlag.Fallback && !n.failedTries.includes(imp.tryId)) continue;
      const typeOnly = (imp.flags & ImportFlag.TypeOnly) !== 0;
      const r = resolver.resolve(imp.module) ?? resolver.resolve(imp.module.split(".")[0]!);
      if (!r || r.origin === "project" || r.origin === "stdlib") continue;
      for (const o of ownersOf(r)) {
        const d = inst.dists[o]!;
        if (d.kind === "unowned") continue;
        const prev = used.get(d.key);
        const better = !prev || (prev.typeOnly && !typeOnly) || (prev.dev && !isTest && prev.typeOnly === typeOnly);
        if (better) used.set(d.key, { file: n.module.file, line: lineAt(n.module.file, imp.pos), dev: isTest, module: imp.module, name: d.name, typeOnly });
      }
    }
    for (const m of n.facts.metadata) {
      const key = canonicalName(m);
      if (!used.has(key)) used.set(key, { file: n.module.file, line: 0, dev: isTest, module: m, name: m, typeOnly: true });
    }
  }
  const declaredKeys = new Set(declared.map((d) => d.key));
  const installedKeys = new Set(inst.dists.filter((d) => d.kind !== "unowned").map((d) => d.key));
  const seen = new Set<string>();
  for (const d of declared) {
    if (d.dev || seen.has(d.key) || d.key === projectName) continue;
    seen.add(d.key);
    if (used.has(d.key) || runtimeOnly.has(d.key)) continue;
    const installed = installedKeys.has(d.key);
    unused.push({
      key: d.key,
      name: installed ? inst.dists.find((x) => x.key === d.key)!.name : null,
      file: d.file,
      line: d.line,
      detail: `'${d.text}' is declared in ${d.source} but the code never imports it${installed ? "" : " (and it is not installed)"}`,
    });
  }
  for (const [key, u] of [...used].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (declaredKeys.has(key) || key === projectName || u.typeOnly) continue;
    undeclared.push({
      key,
      name: u.name,
      file: u.file,
      line: u.line,
      detail: `'${u.module}' comes from ${u.name}, which ${display(py?.path ?? project.codeDir)} does not declare${u.dev ? " (used by tests)" : ""}`,
    });
  }
  return { unused, undeclared };
}

/**
 * The import chain that reached a node, collapsed to where it enters a new distribution:
 * `["app.py", "flask", "werkzeug.wrappers"]` (the root's label first).
 */
export function importChain(plan: Pick<SlimPlan, "graph" | "inst">, nodeId: number): string[] {
  const out: string[] = [];
  let lastOwner = "";
  for (const id of plan.graph.chain(nodeId)) {
    const n = plan.graph.nodes[id]!;
    const m = n.module;
    const owner =
      m.origin === "project"
        ? "project"
        : String(plan.inst.owners.get(m.file ?? "")?.[0] ?? (m.tag >= 0 ? `pth:${m.tag}` : `ns:${m.name.split(".")[0]}`));
    if (out.length === 0 && n.rootLabel) {
      out.push(n.rootLabel);
      if (m.origin === "project") {
        lastOwner = owner;
        continue;
      }
    }
    if (owner !== lastOwner) out.push(m.name);
    lastOwner = owner;
  }
  return out;
}

/** One-line explanation of a decision (`imported: app.py → flask → werkzeug`). */
export function describeReason(r: KeepReason, inst: Installation, graph: ImportGraphBuilder): string {
  const chain = (node: number): string => importChain({ graph, inst }, node).join(" → ");
  switch (r.kind) {
    case "import":
      return `imported: ${chain(r.node)}`;
    case "requested":
      return "kept on request (--keep)";
    case "startup-hook":
      return `its ${r.pth.split(/[/\\]/).pop()} runs code at interpreter startup`;
    case "entry-point":
      return `plugin: entry point ${r.group}:${r.name}, read by ${graph.nodes[r.consumer]?.module.name ?? "?"}`;
    case "console-script":
      return `provides the command '${r.name}' (--verify)`;
    case "native-requires":
      return `required by ${inst.dists[r.of]!.name}, whose compiled code tsrs cannot read`;
    case "metadata":
      return `metadata read by ${chain(r.node)}`;
    case "duplicate":
      return `another copy of ${inst.dists[r.of]!.name}`;
    case "shared-file":
      return `owns ${r.file.split(/[/\\]/).slice(-2).join("/")}, needed by ${chain(r.node)}`;
    case "project-install":
      return "installs the project itself";
    case "unknown-files":
      return "not a module (unknown files, kept to be safe)";
    case "companion":
      return `startup hook of ${inst.dists[r.of]!.name}`;
    case "implied":
      return r.detail;
  }
}
