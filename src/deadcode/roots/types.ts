/**
 * What a root kind is: a named collector that marks the definitions (or module code, or attribute
 * names) the program uses from outside its own code — the runtime, a test runner, a framework, the
 * user. One kind per file in this folder; `ROOT_KINDS` in index.ts runs them in order.
 */
import type { Pyproject } from "../../config/pyproject.js";
import type { PytestNaming } from "../../config/pytest.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { Program } from "../../graph/callgraph/program.js";
import type { ClassAncestry } from "../hierarchy.js";

export type RootKind =
  | "module-code"
  | "script"
  | "entry-point"
  | "test"
  | "decorator"
  | "class-hook"
  | "dunder"
  | "protocol"
  | "override"
  | "library-api"
  | "explicit"
  | "keep-comment"
  | "re-export"
  | "whitelist"
  | "config-file";

export interface RootMark {
  kind: RootKind;
  /** Human-readable detail ("console script 'tool'", "pytest fixture", …). */
  detail: string;
}

export interface RootSettings {
  mode: "library" | "app";
  /** `--root` and `[tool.tsrs.deadcode] roots`. */
  roots: readonly string[];
  /** Whitelist files (absolute paths). */
  whitelist: readonly string[];
  noopDecorators: readonly string[];
}

export interface RootContext {
  program: Program;
  settings: RootSettings;
  /** The analysed folder. */
  projectDir: string;
  /** Project configuration files found in the tree (pyproject.toml, setup.cfg, setup.py). */
  configFiles: readonly string[];
  pyproject: Pyproject | null;
  /** pytest's test names (`python_files`, `python_classes`, `python_functions`). */
  testNaming: PytestNaming;
  ancestry: ClassAncestry;
  /** Marks a definition or module-code node as used from outside. */
  root(node: number, mark: RootMark): void;
  /** Marks a definition and the definitions enclosing it (a method named by path needs its class). */
  rootWithParents(node: number, mark: RootMark): void;
  /** Marks an attribute name as used on unknown receivers (every definition of that name). */
  rootAttr(name: string, mark: RootMark): void;
  /** Problems worth telling the user (a `--root` that matches nothing). */
  diagnostics: Diagnostic[];
}

export interface RootCollector {
  kind: RootKind;
  collect(ctx: RootContext): void;
}
