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
 * Two kinds of values are followed:
 *  - stack entries: what `traceback.extract_stack/extract_tb/walk_stack/walk_tb` and
 *    `inspect.stack/trace/getframeinfo/getouterframes/getinnerframes` return, their items
 *    (subscripts, loop variables) and variables assigned from them (also through `or` and
 *    conditional expressions: pyparsing's `line = line or extract_stack(limit=2)[-1]`);
 *  - line numbers: `f_lineno`, `tb_lineno`, `co_firstlineno` of anything, `.lineno` and the items
 *    `[1]`, `[2]` or a slice of a stack entry (FrameSummary and FrameInfo tuples), and variables
 *    assigned from them.
 * The module computes with line numbers when one is an operand of `+` or `-` (also `+=`), or is
 * compared with another or with an integer. Only displaying them (logging's `findCaller`,
 * traceback formatting) or concatenating stack lists does not count: reported line numbers change
 * with any minified layout, and nothing depends on them.
 * Only the statements whose text holds a source are read (a module-level statement, or a method of
 * a class): a line number is computed with in the function that reads it. Variables are matched
 * by name across those (a variable of one function and one of the same name elsewhere count as
 * one): that can only keep more files' layout, never fewer.
 */
import type { AugAssign, Expr, Located, Module, Node, Stmt } from "../python/ast.js";
import { watchNames, type SourceFile } from "../python/source.js";
import { forEachChild, lastName } from "../python/walk.js";

/** Attributes holding a line number of running code. */
const LINE_ATTRIBUTES = new Set(["f_lineno", "tb_lineno", "co_firstlineno"]);
/** Functions returning stack entries (frame summaries, frame infos), by last name. */
const STACK_FUNCTIONS = new Set(["extract_stack", "extract_tb", "walk_stack", "walk_tb", "getframeinfo", "getouterframes", "getinnerframes"]);
/** `inspect.stack()` and `inspect.trace()`: too common names to count unqualified. */
const INSPECT_FUNCTIONS = new Set(["stack", "trace"]);
watchNames(...LINE_ATTRIBUTES, ...STACK_FUNCTIONS, ...INSPECT_FUNCTIONS, "inspect");

/** The first place where the module computes with line numbers of running code, else null. */
export function lineArithmeticOf(module: Module, source: SourceFile): Located | null {
  let any = false;
  for (const n of LINE_ATTRIBUTES) if (source.mayHoldName(n)) any = true;
  for (const n of STACK_FUNCTIONS) if (source.mayHoldName(n)) any = true;
  if (!any && !(source.mayHoldName("inspect") && (source.mayHoldName("stack") || source.mayHoldName("trace")))) return null;

  /** Variables holding stack entries, and variables holding line numbers. */
  const entries = new Set<string>();
  const lines = new Set<string>();

  const isEntry = (e: Expr): boolean => {
    switch (e._type) {
      case "Call": {
        const f = e.func;
        const name = lastName(f);
        if (name === null) return false;
        return STACK_FUNCTIONS.has(name) || (INSPECT_FUNCTIONS.has(name) && f._type === "Attribute" && f.value._type === "Name" && f.value.id === "inspect");
      }
      case "Subscript":
        return isEntry(e.value);
      case "Name":
        return entries.has(e.id);
      case "BoolOp":
        return e.values.some(isEntry);
      case "IfExp":
        return isEntry(e.body) || isEntry(e.orelse);
      default:
        return false;
    }
  };
  const isLine = (e: Expr): boolean => {
    switch (e._type) {
      case "Attribute":
        return LINE_ATTRIBUTES.has(e.attr) || (e.attr === "lineno" && isEntry(e.value));
      case "Subscript": {
        const i = e.slice;
        const lineIndex = i._type === "Slice" || (i._type === "Constant" && (i.value === 1n || i.value === 2n));
        return lineIndex && isEntry(e.value);
      }
      case "Name":
        return lines.has(e.id);
      case "BinOp":
        return (e.op === "Add" || e.op === "Sub") && (isLine(e.left) || isLine(e.right));
      case "BoolOp":
        return e.values.some(isLine);
      case "IfExp":
        return isLine(e.body) || isLine(e.orelse);
      default:
        return false;
    }
  };

  // One walk: the bindings, the places that may compute, and whether any source is there at all.
  const bindings: Array<[Node, Expr, boolean]> = [];
  const candidates: Array<Expr | AugAssign> = [];
  let sources = false;
  const visit = (n: Node): void => {
    switch (n._type) {
      case "Assign":
        for (const t of n.targets) bindings.push([t, n.value, false]);
        break;
      case "AnnAssign":
        if (n.value) bindings.push([n.target, n.value, false]);
        break;
      case "NamedExpr":
        bindings.push([n.target, n.value, false]);
        break;
      case "For":
      case "AsyncFor":
      case "comprehension":
        bindings.push([n.target, n.iter, true]);
        break;
      case "withitem":
        if (n.optional_vars) bindings.push([n.optional_vars, n.context_expr, false]);
        break;
      case "BinOp":
        if (n.op === "Add" || n.op === "Sub") candidates.push(n);
        break;
      case "AugAssign":
        if (n.op === "Add" || n.op === "Sub") candidates.push(n);
        break;
      case "Compare":
        candidates.push(n);
        break;
      case "Attribute":
        if (LINE_ATTRIBUTES.has(n.attr)) sources = true;
        break;
      case "Call":
        if (isEntry(n)) sources = true;
        break;
    }
    forEachChild(n, visit);
  };
  // Only the statements (a module-level statement, or a method of a class) whose text holds a
  // source are walked: a line number is computed with where it is read.
  const text = source.text;
  const hits: number[] = [];
  for (const word of [...LINE_ATTRIBUTES, ...STACK_FUNCTIONS, "stack(", "trace("])
    for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length)) hits.push(i);
  const holdsHit = (n: Located): boolean => hits.some((h) => h >= n.start && h < n.end);
  const pick = (body: readonly Stmt[]): void => {
    for (const st of body) {
      if (!holdsHit(st)) continue;
      if (st._type === "ClassDef") pick(st.body);
      else visit(st);
    }
  };
  pick(module.body);
  if (!sources || candidates.length === 0) return null;

  for (let changed = true; changed; ) {
    changed = false;
    const add = (set: Set<string>, names: string[]): void => {
      for (const n of names)
        if (!set.has(n)) {
          set.add(n);
          changed = true;
        }
    };
    for (const [target, value, iterates] of bindings) {
      if (isEntry(value)) {
        add(entries, boundNames(target));
        // `for frame, lineno in walk_stack(None)`: an unpacked entry's parts may be line numbers.
        if (iterates && target._type !== "Name") add(lines, boundNames(target));
      } else if (!iterates && isLine(value)) add(lines, boundNames(target));
    }
  }

  const intConstant = (e: Expr): boolean => e._type === "Constant" && typeof e.value === "bigint";
  for (const n of candidates) {
    if (n._type === "BinOp" ? isLine(n.left) || isLine(n.right) : n._type === "AugAssign" ? isLine(n.target) || isLine(n.value) : false) return n;
    if (n._type === "Compare") {
      const operands = [n.left, ...n.comparators];
      const count = operands.filter(isLine).length;
      if (count >= 2 || (count === 1 && operands.some(intConstant))) return n;
    }
  }
  return null;
}

/** Names a target binds (`a`, `a, (b, *c)`); attributes and subscripts bind none. */
function boundNames(t: Node): string[] {
  if (t._type === "Name") return [t.id];
  if (t._type === "Tuple" || t._type === "List") return t.elts.flatMap(boundNames);
  if (t._type === "Starred") return boundNames(t.value);
  return [];
}
