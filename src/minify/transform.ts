/**
 * The transform contract: `{ name, run(module, ctx) }`. A transform rewrites the module in place and
 * records what it did in `ctx.changes`, which the layout-preserving writer turns into source edits
 * and the safety net checks against the original.
 */
import type { Arg, Assign, AsyncFunctionDef, FunctionDef, Module, Node, Stmt } from "../python/ast.js";
import type { SourceFile } from "../python/source.js";
import type { SemanticModel } from "../semantic/index.js";
import type { DocKeep } from "./doc-reads.js";
import type { MinifySettings } from "./options.js";
import type { ScopePlan } from "./plan.js";

export interface RemovedStatement {
  stmt: Stmt;
  why: "docstring" | "pass";
  /** The `pass` put in its place when the block would otherwise be empty. */
  replacement: Stmt | null;
}

/** One identifier occurrence renamed: `node[field]` (or `node[field][index]`) was `from`. */
export interface RenamedIdentifier {
  node: Node;
  field: string;
  index: number;
  from: string;
  to: string;
  /** The identifier's offsets in the source. */
  start: number;
  end: number;
}

/** A parameter read through a short alias: `stmt` (`a=param`) was inserted at the top of the body. */
export interface ParameterAlias {
  arg: Arg;
  stmt: Assign;
  fn: FunctionDef | AsyncFunctionDef;
  /** Index in the original body before which the aliases of `fn` stand (after leading strings). */
  at: number;
}

export interface ChangeLog {
  removed: RemovedStatement[];
  renamed: RenamedIdentifier[];
  aliases: ParameterAlias[];
  /** Per scope: the rename plan that was applied (built only when wanted). */
  scopes: ScopePlan[];
  /** Variables renamed plus parameters aliased. */
  renamedCount: number;
}

export interface TransformContext {
  readonly settings: MinifySettings;
  readonly source: SourceFile;
  /** The semantic model of the input (built on first use). */
  model(): SemanticModel;
  /** The model if some transform already built it, else null (for cheap optional use). */
  builtModel(): SemanticModel | null;
  /** Whether the rename plan is wanted (plans, apply-plan); otherwise it is not built. */
  readonly wantPlan: boolean;
  readonly changes: ChangeLog;
  /** Rename decisions to apply instead of computing them (apply-plan), keyed by scope id. */
  readonly presetPlan: ReadonlyMap<string, ScopePlan> | null;
  /** Module-level names other files of the tree can reach (for rename-globals). */
  readonly externalNames: ReadonlySet<string> | null;
  /** Docstrings of this file the rest of the tree reads (minify-dir), or null. */
  readonly docKeep: DocKeep | null;
}

export interface Transform {
  readonly name: string;
  /** Whether the settings switch this transform on. */
  enabled(settings: MinifySettings): boolean;
  run(module: Module, ctx: TransformContext): void;
}
