/**
 * Whether a module computes with the line numbers of running code — then the compact layout,
 * which joins and moves lines, would change what it computes, and the file keeps its line
 * structure (pipeline.ts prints it in preserve layout).
 *
 * The case that made this: pyparsing's `_trim_arity` (also vendored in pip and setuptools) takes
 * `traceback.extract_stack(limit=2)[-1]`, adds a constant `LINE_DIFF` to its line number, and
 * compares the result with the line a `TypeError` was raised at, to tell "the parse action takes
 * fewer arguments" from an error inside it; on joined lines every such action fails.
 *
 * Line numbers come from frames, tracebacks and code objects: `f_lineno`, `tb_lineno`,
 * `co_firstlineno`, and from `traceback.extract_stack/extract_tb/walk_stack/walk_tb`,
 * `inspect.stack/trace/getframeinfo/getouterframes/getinnerframes`. A variable assigned from an
 * expression holding one (or holding such a variable) carries line numbers too. The module
 * computes with them when one is an operand of `+` or `-`, or is compared with another or with
 * an integer. Only displaying them (logging's `findCaller`, traceback formatting) does not count:
 * reported line numbers change with any minified layout, and nothing depends on them.
 * Variables are matched by name across the module (a variable of one function and one of the same
 * name elsewhere count as one): that can only keep more files' layout, never fewer.
 */
import type { AugAssign, Expr, Located, Module, Node } from "../python/ast.js";
import type { SourceFile } from "../python/source.js";
import { forEachChild } from "../python/walk.js";

/** Attributes holding a line number of running code. */
const LINE_ATTRIBUTES = new Set(["f_lineno", "tb_lineno", "co_firstlineno"]);
/** Functions returning line numbers of running code (frame summaries, frame infos), by last name. */
const LINE_FUNCTIONS = new Set(["extract_stack", "extract_tb", "walk_stack", "walk_tb", "getframeinfo", "getouterframes", "getinnerframes"]);
/** `inspect.stack()` and `inspect.trace()`: too common names to count unqualified. */
const INSPECT_FUNCTIONS = new Set(["stack", "trace"]);

/** The first place where the module computes with line numbers of running code, else null. */
export function lineArithmeticOf(module: Module, source: SourceFile): Located | null {
  let any = false;
  for (const n of LINE_ATTRIBUTES) if (source.mayHoldName(n)) any = true;
  for (const n of LINE_FUNCTIONS) if (source.mayHoldName(n)) any = true;
  if (!any && !source.mayHoldName("inspect")) return null;

  const isSource = (e: Expr): boolean => {
    if (e._type === "Attribute") return LINE_ATTRIBUTES.has(e.attr);
    if (e._type !== "Call") return false;
    const f = e.func;
    if (f._type === "Name") return LINE_FUNCTIONS.has(f.id);
    if (f._type === "Attribute") return LINE_FUNCTIONS.has(f.attr) || (INSPECT_FUNCTIONS.has(f.attr) && f.value._type === "Name" && f.value.id === "inspect");
    return false;
  };
  if (!findIn(module, isSource)) return null;

  // Variables carrying line numbers, to a fixpoint: `a = extract_stack()[-1]`, `b = (a[0], a[1] + 7)`.
  const carriers = new Set<string>();
  const carries = (e: Node): boolean => findIn(e, (x) => isSource(x) || (x._type === "Name" && carriers.has(x.id))) !== null;
  const assignments: Array<[Node[], Node]> = [];
  collectAssignments(module, assignments);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [targets, value] of assignments) {
      if (!carries(value)) continue;
      for (const t of targets)
        for (const name of boundNames(t))
          if (!carriers.has(name)) {
            carriers.add(name);
            changed = true;
          }
    }
  }

  return findIn(module, (e: Expr | AugAssign) => {
    if (e._type === "BinOp") return (e.op === "Add" || e.op === "Sub") && (carries(e.left) || carries(e.right));
    if (e._type === "AugAssign") return (e.op === "Add" || e.op === "Sub") && (carries(e.target) || carries(e.value));
    if (e._type === "Compare") {
      const operands = [e.left, ...e.comparators];
      const carrying = operands.filter(carries).length;
      return carrying >= 2 || (carrying === 1 && operands.some(isIntConstant));
    }
    return false;
  }) as Located | null;
}

function isIntConstant(e: Expr): boolean {
  return e._type === "Constant" && typeof e.value === "bigint";
}

/** The first node (pre-order) below and including `root` matching `test`. */
function findIn(root: Node, test: (n: Expr) => boolean): Node | null {
  let found: Node | null = null;
  const visit = (n: Node): void => {
    if (found) return;
    if (test(n as Expr)) {
      found = n;
      return;
    }
    forEachChild(n, visit);
  };
  visit(root);
  return found;
}

/** Every (targets, value) binding of the module: assignments, walrus, for loops, with items. */
function collectAssignments(root: Node, out: Array<[Node[], Node]>): void {
  const visit = (n: Node): void => {
    switch (n._type) {
      case "Assign":
        out.push([n.targets, n.value]);
        break;
      case "AnnAssign":
        if (n.value) out.push([[n.target], n.value]);
        break;
      case "AugAssign":
        out.push([[n.target], n.value]);
        break;
      case "NamedExpr":
        out.push([[n.target], n.value]);
        break;
      case "For":
      case "AsyncFor":
        out.push([[n.target], n.iter]);
        break;
      case "comprehension":
        out.push([[n.target], n.iter]);
        break;
      case "withitem":
        if (n.optional_vars) out.push([[n.optional_vars], n.context_expr]);
        break;
    }
    forEachChild(n, visit);
  };
  visit(root);
}

/** Names a target binds (`a`, `a, (b, *c)`); attributes and subscripts bind none. */
function boundNames(t: Node): string[] {
  if (t._type === "Name") return [t.id];
  if (t._type === "Tuple" || t._type === "List") return t.elts.flatMap(boundNames);
  if (t._type === "Starred") return boundNames(t.value);
  return [];
}
