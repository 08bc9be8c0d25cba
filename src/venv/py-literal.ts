/**
 * Reads one module-level literal assignment (`NAME = {...}` or `NAME: T = {...}`) from Python
 * source without a full parse: strings, numbers, booleans, None, lists, tuples and dicts. Used for
 * generated files with a known shape (editable-install finders' `MAPPING`), where a full parse of
 * every such file would be wasted work. Anything else gives `undefined`.
 */

export type PyLiteral = string | number | boolean | null | PyLiteral[] | { [key: string]: PyLiteral };

export function readLiteralAssignment(source: string, name: string): PyLiteral | undefined {
  const re = new RegExp(`^${name}[ \\t]*(?::[^=\\n]*)?=[ \\t]*`, "m");
  const m = re.exec(source);
  if (!m) return undefined;
  const p = new LiteralReader(source, m.index + m[0].length);
  try {
    return p.value();
  } catch {
    return undefined;
  }
}

class LiteralReader {
  constructor(
    private readonly s: string,
    private i: number,
  ) {}

  private skip(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\\") this.i++;
      else if (c === "#") {
        while (this.i < this.s.length && this.s[this.i] !== "\n") this.i++;
      } else return;
    }
  }

  private fail(): never {
    throw new SyntaxError(`unsupported literal at ${this.i}`);
  }

  value(): PyLiteral {
    this.skip();
    const c = this.s[this.i];
    if (c === "{") return this.dict();
    if (c === "[" || c === "(") return this.seq(c === "[" ? "]" : ")");
    if (c === '"' || c === "'") return this.str();
    if (c !== undefined && /[rRuUbB]/.test(c) && /["']/.test(this.s[this.i + 1] ?? "")) return this.str();
    const word = /^(True|False|None|-?\d+(?:\.\d+)?)/.exec(this.s.slice(this.i, this.i + 40));
    if (!word) this.fail();
    this.i += word[0].length;
    return word[0] === "True" ? true : word[0] === "False" ? false : word[0] === "None" ? null : Number(word[0]);
  }

  private dict(): { [key: string]: PyLiteral } {
    const out: { [key: string]: PyLiteral } = {};
    this.i++;
    for (;;) {
      this.skip();
      if (this.s[this.i] === "}") {
        this.i++;
        return out;
      }
      const k = this.value();
      if (typeof k !== "string") this.fail();
      this.skip();
      if (this.s[this.i++] !== ":") this.fail();
      out[k] = this.value();
      this.skip();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== "}") this.fail();
    }
  }

  private seq(close: string): PyLiteral[] {
    const out: PyLiteral[] = [];
    this.i++;
    for (;;) {
      this.skip();
      if (this.s[this.i] === close) {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.skip();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== close) this.fail();
    }
  }

  private str(): string {
    let raw = false;
    while (/[rRuUbB]/.test(this.s[this.i]!)) {
      if (/[rR]/.test(this.s[this.i]!)) raw = true;
      this.i++;
    }
    const q = this.s[this.i]!;
    const triple = this.s.startsWith(q.repeat(3), this.i);
    const end = triple ? q.repeat(3) : q;
    this.i += end.length;
    let out = "";
    while (this.i < this.s.length) {
      if (this.s.startsWith(end, this.i)) {
        this.i += end.length;
        return out;
      }
      const c = this.s[this.i]!;
      if (c === "\\" && !raw) {
        const n = this.s[this.i + 1]!;
        this.i += 2;
        const simple: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', "0": "\0", "\n": "" };
        if (n in simple) out += simple[n];
        else if (n === "x" || n === "u" || n === "U") {
          const len = n === "x" ? 2 : n === "u" ? 4 : 8;
          out += String.fromCodePoint(parseInt(this.s.slice(this.i, this.i + len), 16));
          this.i += len;
        } else out += "\\" + n;
        continue;
      }
      if (!triple && c === "\n") this.fail();
      out += c;
      this.i++;
    }
    this.fail();
  }
}
