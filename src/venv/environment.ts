/**
 * Finds and describes a Python environment on disk without running it: a venv (`pyvenv.cfg`, POSIX
 * `bin/` + `lib/pythonX.Y/site-packages`, optional `lib64`, or the Windows `Scripts/` +
 * `Lib/site-packages` layout) or a plain prefix (conda-style: no `pyvenv.cfg`, the same folders).
 *
 * Missing or non-Python paths are a typed {@link VenvError}; smaller damage (an interpreter link that
 * points nowhere, an unreadable entry) comes back as diagnostics on the environment.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from "node:fs";
import { arch, platform } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { Codes } from "../diagnostics/codes.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { VenvError } from "./errors.js";
import { parsePyvenvCfg, parseVersionText, type PyvenvCfg } from "./pyvenv-cfg.js";
import { stdlibModuleNames } from "./stdlib.js";

export type EnvLayout = "posix" | "windows";
export type EnvKind = "venv" | "prefix";

export interface PythonVersion {
  major: number;
  minor: number;
  /** Null when only `X.Y` is known (from a `lib/pythonX.Y` folder name). */
  micro: number | null;
  /** "t" for a free-threaded build (`lib/python3.13t`), else "". */
  abiFlags: string;
}

/** What PEP 508 markers and extension-module tags need to know about the target platform. */
export interface PlatformInfo {
  sysPlatform: string;
  osName: string;
  platformSystem: string;
  platformMachine: string;
}

export interface InterpreterLink {
  /** Absolute path of the entry in `bin/` (or `Scripts/`, or the prefix). */
  path: string;
  /** The link's target as stored (symbolic links only), else null. */
  target: string | null;
  /** Whether the entry resolves to an existing file. */
  ok: boolean;
}

export interface Environment {
  /** Absolute path of the environment's root. */
  root: string;
  kind: EnvKind;
  layout: EnvLayout;
  cfg: PyvenvCfg | null;
  version: PythonVersion;
  /** `bin/` or `Scripts/` (for a Windows prefix: the root). */
  binDir: string;
  /** Interpreter entries found (`python`, `python3`, `python3.11`, `python.exe`…), sorted by path. */
  interpreters: InterpreterLink[];
  /** `lib/python3.11` (POSIX) or `Lib` (Windows). */
  libDir: string;
  /** Site folders in `sys.path` order: purelib, then platlib when it is a different folder. */
  siteDirs: string[];
  includeSystemSitePackages: boolean;
  /** `home` from pyvenv.cfg (the base interpreter's folder), if any. */
  home: string | null;
  /** The base installation's site folders (existing ones), when `include-system-site-packages`. */
  systemSiteDirs: string[];
  platform: PlatformInfo;
  /** Standard-library module names of this version. */
  stdlib: ReadonlySet<string>;
  problems: Diagnostic[];
}

const LIB_PYTHON = /^python(\d+)\.(\d+)(t?)$/;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function listDir(p: string): string[] {
  try {
    return readdirSync(p).sort();
  } catch {
    return [];
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** Accepts the environment folder or an interpreter inside it (`.venv/bin/python`). */
function normaliseRoot(path: string): string {
  const abs = resolve(path);
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    throw new VenvError(Codes.EnvNotFound, abs, `no such environment: ${abs}`, { cause: e });
  }
  if (st.isDirectory()) return abs;
  const name = basename(abs).toLowerCase();
  if (/^python[\d.]*t?(\.exe)?$/.test(name)) {
    const bin = dirname(abs);
    const b = basename(bin).toLowerCase();
    return b === "bin" || b === "scripts" ? dirname(bin) : bin;
  }
  throw new VenvError(Codes.EnvNotFound, abs, `not a directory: ${abs}`);
}

function hostPlatform(layout: EnvLayout): PlatformInfo {
  if (layout === "windows") {
    const machine = arch() === "arm64" ? "ARM64" : arch() === "ia32" ? "x86" : "AMD64";
    return { sysPlatform: "win32", osName: "nt", platformSystem: "Windows", platformMachine: machine };
  }
  const p = platform();
  const sysPlatform = p === "win32" ? "linux" : p;
  const system = sysPlatform === "darwin" ? "Darwin" : sysPlatform === "linux" ? "Linux" : sysPlatform === "freebsd" ? "FreeBSD" : sysPlatform;
  const a = arch();
  const machine =
    a === "x64" ? "x86_64" : a === "arm64" ? (sysPlatform === "darwin" ? "arm64" : "aarch64") : a === "ia32" ? "i686" : a;
  return { sysPlatform, osName: "posix", platformSystem: system, platformMachine: machine };
}

/** Candidate `lib/pythonX.Y` folders under `lib` and `lib64`, with the version their name gives. */
function libPythonDirs(root: string): { dir: string; major: number; minor: number; t: string }[] {
  const out: { dir: string; major: number; minor: number; t: string }[] = [];
  for (const lib of ["lib", "lib64"]) {
    for (const name of listDir(join(root, lib))) {
      const m = LIB_PYTHON.exec(name);
      if (m && isDir(join(root, lib, name))) out.push({ dir: join(root, lib, name), major: Number(m[1]), minor: Number(m[2]), t: m[3]! });
    }
  }
  return out;
}

/** Describes the environment at `path` (a venv, a prefix, or an interpreter inside one). */
export function findEnvironment(path: string): Environment {
  const root = normaliseRoot(path);
  const problems: Diagnostic[] = [];
  const warn = (code: Diagnostic["code"], message: string, file = root): void => {
    problems.push({ code, severity: "warning", message, file, line: 0, col: 0 });
  };

  let cfg: PyvenvCfg | null = null;
  const cfgPath = join(root, "pyvenv.cfg");
  if (existsSync(cfgPath)) {
    try {
      cfg = parsePyvenvCfg(readFileSync(cfgPath, "utf8"));
    } catch (e) {
      throw new VenvError(Codes.EnvBroken, cfgPath, `cannot read ${cfgPath}: ${(e as Error).message}`, { cause: e });
    }
  }

  const windows = isDir(join(root, "Lib", "site-packages")) && !isDir(join(root, "lib", "site-packages")) && libPythonDirs(root).length === 0;
  const layout: EnvLayout = windows ? "windows" : "posix";
  const cfgVersion = cfg ? parseVersionText(cfg.values.get("version") ?? cfg.values.get("version_info") ?? "") : null;

  let libDir: string;
  let version: PythonVersion;
  const siteDirs: string[] = [];
  if (layout === "windows") {
    libDir = join(root, "Lib");
    siteDirs.push(join(libDir, "site-packages"));
    if (!cfgVersion) {
      throw new VenvError(Codes.EnvBroken, root, `cannot tell the Python version of ${root}: no version in pyvenv.cfg`);
    }
    version = { ...cfgVersion, abiFlags: "" };
  } else {
    const candidates = libPythonDirs(root);
    const withSite = candidates.filter((c) => isDir(join(c.dir, "site-packages")));
    if (candidates.length === 0) {
      if (!cfg) {
        throw new VenvError(Codes.EnvNotPython, root, `not a Python environment: ${root} (no pyvenv.cfg, no lib/pythonX.Y/site-packages)`);
      }
      throw new VenvError(Codes.EnvBroken, root, `broken environment: ${root} has pyvenv.cfg but no lib/pythonX.Y folder`);
    }
    let chosen = candidates.filter((c) => cfgVersion && c.major === cfgVersion.major && c.minor === cfgVersion.minor);
    if (chosen.length === 0) chosen = withSite.length > 0 ? withSite : candidates;
    const versions = new Set(chosen.map((c) => `${c.major}.${c.minor}${c.t}`));
    if (versions.size > 1) {
      throw new VenvError(
        Codes.EnvBroken,
        root,
        `ambiguous environment: ${root} holds several Python versions (${[...versions].sort().join(", ")}) and pyvenv.cfg names none of them`,
      );
    }
    const first = chosen.find((c) => basename(dirname(c.dir)) === "lib") ?? chosen[0]!;
    libDir = first.dir;
    version = {
      major: first.major,
      minor: first.minor,
      micro: cfgVersion && cfgVersion.minor === first.minor ? cfgVersion.micro : null,
      abiFlags: first.t,
    };
    for (const c of chosen) {
      const site = join(c.dir, "site-packages");
      if (isDir(site) && !siteDirs.some((s) => sameFile(s, site))) siteDirs.push(site);
    }
    if (siteDirs.length === 0) {
      // Debian-style prefixes keep third-party code in lib/python3/dist-packages.
      const deb = join(root, "lib", `python${first.major}`, "dist-packages");
      if (!cfg && isDir(deb)) siteDirs.push(deb);
      else throw new VenvError(Codes.EnvBroken, root, `broken environment: no site-packages folder in ${libDir}`);
    }
  }

  const binDir = layout === "windows" ? (isDir(join(root, "Scripts")) ? join(root, "Scripts") : root) : join(root, "bin");
  const interpreters: InterpreterLink[] = [];
  const interpName = layout === "windows" ? /^pythonw?(_d)?\.exe$/i : /^python(\d+(\.\d+t?)?)?$/;
  for (const name of listDir(binDir)) {
    if (!interpName.test(name)) continue;
    const p = join(binDir, name);
    let target: string | null = null;
    try {
      if (lstatSync(p).isSymbolicLink()) target = readlinkSync(p);
    } catch {
      continue;
    }
    const ok = isFile(p);
    interpreters.push({ path: p, target, ok });
    if (!ok) warn(Codes.EnvBroken, `interpreter link ${name} points to a missing file (${target ?? "?"})`, p);
  }
  if (interpreters.length === 0) warn(Codes.EnvBroken, `no Python interpreter in ${binDir}`, binDir);

  const includeSystem = (cfg?.values.get("include-system-site-packages") ?? "false").toLowerCase() === "true";
  const home = cfg?.values.get("home") ?? null;
  const systemSiteDirs: string[] = [];
  if (includeSystem && home) {
    const prefix = basename(home).toLowerCase() === "bin" ? dirname(home) : home;
    const xy = `${version.major}.${version.minor}${version.abiFlags}`;
    const candidates =
      layout === "windows"
        ? [join(prefix, "Lib", "site-packages")]
        : [
            join(prefix, "lib", `python${xy}`, "site-packages"),
            join(prefix, "local", "lib", `python${xy}`, "dist-packages"),
            join(prefix, "lib", `python${version.major}`, "dist-packages"),
            join(prefix, "lib", `python${xy}`, "dist-packages"),
          ];
    for (const c of candidates) if (isDir(c) && !systemSiteDirs.some((s) => sameFile(s, c))) systemSiteDirs.push(c);
  }

  return {
    root,
    kind: cfg ? "venv" : "prefix",
    layout,
    cfg,
    version,
    binDir,
    interpreters,
    libDir,
    siteDirs,
    includeSystemSitePackages: includeSystem,
    home,
    systemSiteDirs,
    platform: hostPlatform(layout),
    stdlib: stdlibModuleNames(version.minor),
    problems,
  };
}

/** "3.11.7" or "3.11" (and "3.13t" for free-threaded builds). */
export function formatVersion(v: PythonVersion): string {
  return `${v.major}.${v.minor}${v.micro === null ? "" : `.${v.micro}`}${v.abiFlags}`;
}

/** PEP 508 marker variables of the environment (its Python and platform, not tsrs's host's). */
export function markerEnvironment(env: Environment): Record<string, string> {
  const v = env.version;
  const full = `${v.major}.${v.minor}.${v.micro ?? 0}`;
  return {
    python_version: `${v.major}.${v.minor}`,
    python_full_version: full,
    os_name: env.platform.osName,
    sys_platform: env.platform.sysPlatform,
    platform_system: env.platform.platformSystem,
    platform_machine: env.platform.platformMachine,
    platform_release: "",
    platform_version: "",
    platform_python_implementation: "CPython",
    implementation_name: "cpython",
    implementation_version: full,
  };
}
