/**
 * Expression precedence for printing Python (the unparser and the minifier's compact printer): the
 * levels of CPython's grammar, lowest first, the operator tables, and the level of an expression
 * node as written. A sub-expression is parenthesised when its level is below what its place needs.
 */
import type { Expr } from "./ast.js";

export const P = {
  NAMED_EXPR: 0, // x := y
  TUPLE: 1, // a, b
  YIELD: 2, // yield, yield from
  TEST: 3, // a if b else c, lambda
  OR: 4,
  AND: 5,
  NOT: 6,
  CMP: 7,
  BOR: 8,
  BXOR: 9,
  BAND: 10,
  SHIFT: 11,
  ARITH: 12,
  TERM: 13,
  FACTOR: 14, // unary + - ~
  POWER: 15,
  AWAIT: 16,
  ATOM: 17,
} as const;
export type Level = (typeof P)[keyof typeof P];

/** Binary operators: spelling and level. */
export const BINOP: Readonly<Record<string, readonly [string, Level]>> = {
  BitOr: ["|", P.BOR], BitXor: ["^", P.BXOR], BitAnd: ["&", P.BAND],
  LShift: ["<<", P.SHIFT], RShift: [">>", P.SHIFT],
  Add: ["+", P.ARITH], Sub: ["-", P.ARITH],
  Mult: ["*", P.TERM], MatMult: ["@", P.TERM], Div: ["/", P.TERM], Mod: ["%", P.TERM], FloorDiv: ["//", P.TERM],
  Pow: ["**", P.POWER],
};
export const CMPOP: Readonly<Record<string, string>> = {
  Eq: "==", NotEq: "!=", Lt: "<", LtE: "<=", Gt: ">", GtE: ">=", Is: "is", IsNot: "is not", In: "in", NotIn: "not in",
};
/** f-string conversions by code point (`!s`, `!r`, `!a`). */
export const CONVERSIONS: Readonly<Record<number, string>> = { 115: "!s", 114: "!r", 97: "!a" };

/**
 * The level of an expression by its own syntax. Printers refine it where their output differs
 * (a negative number literal prints as a unary minus; the compact printer's starred items).
 */
export function exprLevel(e: Expr): Level {
  switch (e._type) {
    case "NamedExpr": return P.NAMED_EXPR;
    case "Tuple": return e.elts.length === 0 ? P.ATOM : P.TUPLE;
    case "Yield": case "YieldFrom": return P.YIELD;
    case "Lambda": case "IfExp": return P.TEST;
    case "BoolOp": return e.op === "Or" ? P.OR : P.AND;
    case "UnaryOp": return e.op === "Not" ? P.NOT : P.FACTOR;
    case "Compare": return P.CMP;
    case "BinOp": return BINOP[e.op]![1];
    case "Await": return P.AWAIT;
    default: return P.ATOM;
  }
}

/** The level for a place that takes a walrus but not a bare tuple or `yield`. */
export function namedOk(e: Expr): Level {
  return e._type === "NamedExpr" ? P.NAMED_EXPR : P.TEST;
}
/** The level for a place that takes a bare tuple but not `yield`. */
export function noYieldTuple(e: Expr): Level {
  return e._type === "Yield" || e._type === "YieldFrom" ? P.TEST : P.TUPLE;
}
