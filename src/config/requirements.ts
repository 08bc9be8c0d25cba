/**
 * What a project declares it needs, from `pyproject.toml` (PEP 621 `[project]` dependencies and
 * optional dependencies, PEP 735 `[dependency-groups]`, Poetry's tables) or, without those,
 * `requirements*.txt` next to it. Used to compare declarations with what the code imports.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { canonicalName } from "../venv/names.js";
import { isTable, type Pyproject } from "./pyproject.js";

export interface DeclaredRequirement {
  /** PEP 503 normalised name. */
  key: string;
  /** As written. */
  text: string;
  /** Where: "project.dependencies", "project.optional-dependencies.test", "requirements.txt"… */
  source: string;
  file: string;
  /** 1-based line of the declaration when found, else 0. */
  line: number;
  /** A dependency for development only (optional/group/dev tables, requirements-dev.txt). */
  dev: boolean;
}

const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  return i < 0 ? 0 : text.slice(0, i).split("\n").length;
}

function fromList(out: DeclaredRequirement[], list: unknown, source: string, py: Pyproject, dev: boolean): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (typeof item !== "string") continue;
    const m = NAME.exec(item);
    if (!m) continue;
    out.push({ key: canonicalName(m[1]!), text: item.trim(), source, file: py.path, line: lineOf(py.text, item), dev });
  }
}

function fromPoetry(out: DeclaredRequirement[], table: unknown, source: string, py: Pyproject, dev: boolean): void {
  if (!isTable(table)) return;
  for (const name of Object.keys(table)) {
    if (name.toLowerCase() === "python") continue;
    out.push({ key: canonicalName(name), text: name, source, file: py.path, line: lineOf(py.text, `${name} =`), dev });
  }
}

export function declaredRequirements(py: Pyproject | null, codeDir: string): DeclaredRequirement[] {
  const out: DeclaredRequirement[] = [];
  if (py) {
    const project = py.data.project;
    if (isTable(project)) {
      fromList(out, project.dependencies, "project.dependencies", py, false);
      if (isTable(project["optional-dependencies"])) {
        for (const [extra, list] of Object.entries(project["optional-dependencies"])) {
          fromList(out, list, `project.optional-dependencies.${extra}`, py, true);
        }
      }
    }
    const groups = py.data["dependency-groups"];
    if (isTable(groups)) for (const [g, list] of Object.entries(groups)) fromList(out, list, `dependency-groups.${g}`, py, true);
    const tool = py.data.tool;
    const poetry = isTable(tool) ? tool.poetry : undefined;
    if (isTable(poetry)) {
      fromPoetry(out, poetry.dependencies, "tool.poetry.dependencies", py, false);
      fromPoetry(out, poetry["dev-dependencies"], "tool.poetry.dev-dependencies", py, true);
      if (isTable(poetry.group)) {
        for (const [g, t] of Object.entries(poetry.group)) if (isTable(t)) fromPoetry(out, t.dependencies, `tool.poetry.group.${g}.dependencies`, py, true);
      }
    }
    if (out.length > 0) return out;
  }
  const dir = py ? dirname(py.path) : codeDir;
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => /^requirements.*\.txt$/.test(n)).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    const file = join(dir, n);
    if (!existsSync(file)) continue;
    const lines = readFileSync(file, "utf8").split(/\r?\n/);
    lines.forEach((raw, i) => {
      const line = raw.replace(/\s#.*$/, "").trim();
      if (!line || line.startsWith("#") || line.startsWith("-")) return;
      const m = NAME.exec(line);
      if (m) out.push({ key: canonicalName(m[1]!), text: line, source: n, file, line: i + 1, dev: n !== "requirements.txt" });
    });
  }
  return out;
}
