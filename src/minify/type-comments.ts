/**
 * Comments a minified file keeps because a program reads them at run time: PEP 484 type comments.
 * TorchScript (`torch.jit.script`) reads a function's signature from the `# type:` comment lines of
 * its source (`inspect.getsource`, then every line holding `# type:`): without them every parameter
 * becomes a Tensor, and scripting code that calls such a function fails (torch's own
 * `torch.unique(x, return_counts=True)` dispatches to functions typed that way).
 *
 * Kept: every comment TorchScript counts, or whose spelling it rejects — it matches
 * `#[ \t]*type[ \t]*:`. Dropped: the plain mypy markers TorchScript skips, `# type: ignore` and
 * `# type: ignore[code]` ending their line (most type comments of typed code). Their text is kept
 * as written, to the end of the line.
 */

export interface KeptComment {
  /** Offset of the `#` in the source text. */
  start: number;
  /** The comment, to the end of its line. */
  text: string;
  /** Whether code precedes it on its line (`x = []  # type: List[int]`, `def f(x):  # type: …`). */
  trailing: boolean;
}

const TYPE_COMMENT = /^#[ \t]*type[ \t]*:/;
/** TorchScript's own test for markers it skips (torch/jit/annotations.py, `get_type_line`). */
const IGNORE_MARKER = /^# type: ignore(\[[a-zA-Z-]+\])?$/;

/** Whether a comment's text is one that must stay. */
export function isRuntimeComment(comment: string): boolean {
  return TYPE_COMMENT.test(comment) && !IGNORE_MARKER.test(comment);
}

/**
 * The comments of `text` that must stay, in source order; `skip` holds the starts of comments kept
 * anyway (the file header).
 */
export function runtimeComments(text: string, comments: ReadonlyArray<{ start: number }>, skip: ReadonlySet<number> = new Set()): KeptComment[] {
  const out: KeptComment[] = [];
  for (const c of comments) {
    if (skip.has(c.start)) continue;
    // Cheap test first: most comments are not type comments.
    let i = c.start + 1;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    if (!text.startsWith("type", i)) continue;
    const comment = text.slice(c.start, lineEndAt(text, c.start));
    if (!isRuntimeComment(comment)) continue;
    let j = c.start;
    while (j > 0 && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9 || text.charCodeAt(j - 1) === 12)) j--;
    out.push({ start: c.start, text: comment, trailing: j > 0 && text.charCodeAt(j - 1) !== 10 && text.charCodeAt(j - 1) !== 13 });
  }
  return out;
}

/** Offset of the end of the line holding `offset` (the line break, or the end of the text). */
export function lineEndAt(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

/**
 * Whether text[from, to) holds no code: white space, line breaks, backslash continuations and
 * comments only (and semicolons, with `semicolons`).
 */
export function onlyBlankBetween(text: string, from: number, to: number, semicolons = false): boolean {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 35) i = lineEndAt(text, i);
    else if (c === 32 || c === 9 || c === 12 || c === 10 || c === 13 || c === 92 || (semicolons && c === 59)) i++;
    else return false;
  }
  return true;
}
