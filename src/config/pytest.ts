/**
 * pytest's naming conventions as a project configures them (`python_files`, `python_classes`,
 * `python_functions`): which files are test modules, which classes and functions tests. Read
 * from the first of pytest.ini, .pytest.ini, pyproject.toml (`[tool.pytest.ini_options]`),
 * tox.ini (`[pytest]`) and setup.cfg (`[tool:pytest]`) in the project folder that has pytest's
 * section — pytest's own order. A file that cannot be read or parsed gives the defaults.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "smol-toml";
import { isTable } from "./pyproject.js";

export interface PytestNaming {
  /** Globs of test module file names (`test_*.py`). */
  files: string[];
  /** Test class names: prefixes, or globs when they hold a wildcard (`Test`). */
  classes: string[];
  /** Test function and method names: prefixes or globs (`test`). */
  functions: string[];
}

export const DEFAULT_PYTEST_NAMING: PytestNaming = { files: ["test_*.py", "*_test.py"], classes: ["Test"], functions: ["test"] };

type Section = Record<string, string | string[]>;

/** The `[section]` of an ini file: `key = value` with indented continuation lines; null if absent. */
function iniSection(text: string, name: string): Section | null {
  let inside = false;
  let found = false;
  let key: string | null = null;
  const out: Section = {};
  for (const raw of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      inside = header[1]!.trim() === name;
      found ||= inside;
      key = null;
      continue;
    }
    if (!inside || /^\s*[#;]/.test(raw)) continue;
    if (/^\s+\S/.test(raw) && key) {
      out[key] = `${out[key] as string} ${raw.trim()}`;
      continue;
    }
    const kv = /^([\w.-]+)\s*[=:]\s*(.*)$/.exec(raw.trim());
    if (kv) {
      key = kv[1]!;
      out[key] = kv[2]!;
    }
  }
  return found ? out : null;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** pytest's section of the project's configuration, or null when none has one. */
function pytestSection(dir: string): Section | null {
  for (const [file, section] of [["pytest.ini", "pytest"], [".pytest.ini", "pytest"]] as const) {
    const text = read(join(dir, file));
    if (text !== null) return iniSection(text, section) ?? {};
  }
  const toml = read(join(dir, "pyproject.toml"));
  if (toml !== null) {
    try {
      const tool = parse(toml).tool;
      const ini = isTable(tool) && isTable(tool.pytest) ? tool.pytest.ini_options : undefined;
      if (isTable(ini)) {
        const out: Section = {};
        for (const [k, v] of Object.entries(ini)) if (typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"))) out[k] = v as string | string[];
        return out;
      }
    } catch {
      // malformed: the other files may still say
    }
  }
  for (const [file, section] of [["tox.ini", "pytest"], ["setup.cfg", "tool:pytest"]] as const) {
    const text = read(join(dir, file));
    const s = text === null ? null : iniSection(text, section);
    if (s) return s;
  }
  return null;
}

function words(v: string | string[] | undefined): string[] | null {
  if (v === undefined) return null;
  const list = (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(/\s+/)).filter((x) => x !== "");
  return list.length ? list : null;
}

export function pytestNaming(projectDir: string): PytestNaming {
  const s = pytestSection(projectDir);
  if (!s) return DEFAULT_PYTEST_NAMING;
  return {
    files: words(s.python_files) ?? DEFAULT_PYTEST_NAMING.files,
    classes: words(s.python_classes) ?? DEFAULT_PYTEST_NAMING.classes,
    functions: words(s.python_functions) ?? DEFAULT_PYTEST_NAMING.functions,
  };
}

/** fnmatch-style glob (`*`, `?`, `[…]`) as a whole-string regular expression. */
function globRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        const body = glob.slice(i + 1, end);
        re += `[${body.startsWith("!") ? "^" + body.slice(1) : body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** Whether a file (its path relative to the project, POSIX) is a test module by `python_files`. */
export function isPytestFile(naming: PytestNaming, rel: string): boolean {
  const base = rel.slice(rel.lastIndexOf("/") + 1);
  // A pattern with a path separator matches the path's end, one without the file name.
  return naming.files.some((g) => (g.includes("/") ? globRegExp(`*${g.startsWith("/") ? "" : "/"}${g}`).test(`/${rel}`) : globRegExp(g).test(base)));
}

/** Whether a name is a test name by `python_functions`/`python_classes` patterns (prefix, or glob with a wildcard). */
export function matchesPytestName(patterns: readonly string[], name: string): boolean {
  return patterns.some((p) => (/[*?[]/.test(p) ? globRegExp(p).test(name) : name.startsWith(p)));
}
