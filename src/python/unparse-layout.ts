/**
 * The unparser's whitespace decisions, kept apart from its syntax decisions: statements arrive as a
 * tree of rendered simple statements and compound clauses, and a layout turns that tree into text.
 * The pretty layout (one statement per line, `indent` per level) is the only one today; a compact
 * printer for the minifier supplies its own layout (`;`-joining, bodies on the header line, one-space
 * indentation) and its own {@link Spacing} without touching the syntax side.
 */

/** A statement after rendering: either one logical line or a compound statement's clauses. */
export type RenderedStmt = RenderedSimple | RenderedCompound;

export interface RenderedSimple {
  kind: "simple";
  /** The statement's text; may contain newlines only inside a string literal (docstrings). */
  text: string;
}

export interface RenderedCompound {
  kind: "compound";
  /** `@decorator` expressions, without the `@`. */
  decorators: string[];
  /** `if …` / `elif …` / `else`, `try` / `except …` / `finally`, `match …` (its cases are nested compounds). */
  clauses: RenderedClause[];
}

export interface RenderedClause {
  /** The clause header without its trailing colon, e.g. `for x in y`. */
  header: string;
  body: RenderedStmt[];
}

/** Separators inside statements and expressions. */
export interface Spacing {
  /** Between list items: `, `. */
  comma: string;
  /** Around a binary operator token such as `+`, `==`, `|`, `:=`, `=` in assignments. */
  binary(op: string): string;
  /** Between a key or annotation and what follows: `: `. */
  colon: string;
  /** `=` of a keyword argument or unannotated parameter default. */
  keywordEq: string;
  /** `=` of an annotated parameter default, a type parameter default. */
  annotatedEq: string;
}

export const PRETTY_SPACING: Spacing = {
  comma: ", ",
  binary: (op) => ` ${op} `,
  colon: ": ",
  keywordEq: "=",
  annotatedEq: " = ",
};

export interface Layout {
  /** Turns a statement list (a module body) into source text, with one trailing newline if non-empty. */
  module(body: RenderedStmt[]): string;
  /** Turns statements into text without the trailing newline. */
  statements(body: RenderedStmt[]): string;
}

/** One statement per line, bodies indented by `indent` per level, no trailing whitespace. */
export function prettyLayout(indent: string): Layout {
  const emit = (body: RenderedStmt[], depth: number, out: string[]): void => {
    const pad = indent.repeat(depth);
    for (const stmt of body) {
      if (stmt.kind === "simple") {
        out.push(pad + stmt.text);
        continue;
      }
      for (const d of stmt.decorators) out.push(pad + "@" + d);
      for (const clause of stmt.clauses) {
        out.push(pad + clause.header + ":");
        emit(clause.body, depth + 1, out);
      }
    }
  };
  const statements = (body: RenderedStmt[]): string => {
    const out: string[] = [];
    emit(body, 0, out);
    return out.join("\n");
  };
  return {
    statements,
    module: (body) => (body.length === 0 ? "" : statements(body) + "\n"),
  };
}
