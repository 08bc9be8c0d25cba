/**
 * Source decoding against CPython: for each byte sequence, CPython either decodes it (we must get
 * the same text) or rejects it with SyntaxError (we must reject it too).
 */
import { spawnSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { PythonSyntaxError } from "../../src/python/errors.js";
import { parseSource } from "../../src/python/parser.js";
import { decodeSource, sourceFromString, SourceFile, utf8Length, watchNames } from "../../src/python/source.js";

const enc = (s: string): number[] => [...Buffer.from(s, "utf8")];
const latin = (s: string): number[] => [...Buffer.from(s, "latin1")];
const BOM = [0xef, 0xbb, 0xbf];

const CASES: Record<string, number[]> = {
  "plain ascii": enc("x = 1\n"),
  "utf-8 default": enc("s = 'héllo wörld €'\n"),
  "bom": [...BOM, ...enc("x = 'é'\n")],
  "bom with utf-8 cookie": [...BOM, ...enc("# -*- coding: utf-8 -*-\nx = 1\n")],
  "bom with latin-1 cookie": [...BOM, ...enc("# coding: latin-1\nx = 1\n")],
  "latin-1 cookie": [...enc("# -*- coding: latin-1 -*-\n"), ...latin("s = 'caf\xe9 \x80\x9f'\n")],
  "iso-8859-1 cookie vim style": [...enc("# vim: set fileencoding=iso-8859-1 :\n"), ...latin("s = '\xe9'\n")],
  "cp1252 cookie": [...enc("# coding=cp1252\n"), 0x73, 0x3d, 0x27, 0x80, 0x93, 0x27, 0x0a],
  "cp1252 undefined byte": [...enc("# coding=cp1252\n"), 0x73, 0x3d, 0x27, 0x81, 0x27, 0x0a],
  "cookie on line 2 after shebang": [...enc("#!/usr/bin/env python\n# coding: latin-1\n"), ...latin("s = '\xe9'\n")],
  "cookie on line 2 after code is ignored": [...enc("x = 1\n# coding: latin-1\n"), ...latin("s = '\xe9'\n")],
  "cookie on line 3 is ignored": [...enc("#\n#\n# coding: latin-1\n"), ...latin("s = '\xe9'\n")],
  "unknown encoding": enc("# coding: klingon\nx = 1\n"),
  "invalid utf-8": [...enc("x = '"), 0xff, 0xfe, ...enc("'\n")],
  "truncated utf-8": [...enc("x = '"), 0xe2, 0x82, ...enc("'\n")],
  "utf-8 surrogate bytes": [...enc("x = '"), 0xed, 0xa0, 0x80, ...enc("'\n")],
  "nul byte": [...enc("x = 1\0\n")],
  "koi8-r cookie": [...enc("# coding: koi8-r\n"), 0x73, 0x3d, 0x27, 0xc1, 0xe2, 0x27, 0x0a],
  "iso-8859-16 cookie": [...enc("# coding: iso-8859-16\n"), 0x73, 0x3d, 0x27, 0xa1, 0xfe, 0x27, 0x0a],
  "cp437 cookie": [...enc("# coding: cp437\n"), 0x73, 0x3d, 0x27, 0x80, 0xdb, 0x27, 0x0a],
  "windows-1251 alias": [...enc("# coding: windows-1251\n"), 0x73, 0x3d, 0x27, 0xc0, 0xff, 0x27, 0x0a],
  "ascii cookie with non-ascii": [...enc("# coding: ascii\n"), ...latin("s = '\xe9'\n")],
  "euc-jp cookie": [...enc("# coding: euc-jp\n"), ...enc("s = '"), 0xa4, 0xa2, ...enc("'\n")],
  "crlf": enc("x = 1\r\ny = 'é'\r\n"),
  "lone cr": enc("x = 1\ry = 2\r"),
  "empty": [],
};

/** CPython's verdict: the decoded text, or null when compile() rejects the bytes. */
function cpythonDecode(cases: Record<string, number[]>): Record<string, string | null> {
  const script = `
import sys, json, io, tokenize
out = {}
for name, data in json.load(sys.stdin).items():
    data = bytes(data)
    try:
        compile(data, name, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        out[name] = None
        continue
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    out[name] = text[1:] if text.startswith("\\ufeff") else text
print(json.dumps(out))
`;
  const r = spawnSync("python3", ["-c", script], { input: JSON.stringify(cases), encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Record<string, string | null>;
}

describe("decodeSource matches CPython", () => {
  const expected = cpythonDecode(CASES);
  test.each(Object.keys(CASES))("%s", (name) => {
    const bytes = Uint8Array.from(CASES[name]!);
    const want = expected[name];
    if (want === null) {
      expect(() => decodeSource(bytes, "t.py")).toThrow(PythonSyntaxError);
    } else {
      expect(decodeSource(bytes, "t.py").text).toBe(want);
    }
  });
});

describe("SourceFile positions", () => {
  test("lines split on \\n, \\r\\n and lone \\r only", () => {
    const s = new SourceFile("a\r\nb\rc\nd\fe\u2028f");
    expect(s.lineCount).toBe(4);
    expect(s.lineText(1)).toBe("a");
    expect(s.lineText(2)).toBe("b");
    expect(s.lineText(4)).toBe("d\fe\u2028f");
    expect(s.newline).toBe("\r\n");
  });
  test("columns are UTF-8 bytes for col_offset and code points for errors", () => {
    const text = "x = 'é😀' + y\n";
    const s = new SourceFile(text);
    const y = text.indexOf("y");
    expect(s.position(y)).toEqual({ line: 1, col: utf8Length(text, 0, y) });
    expect(s.position(y).col).toBe(15); // "x = '" 5 + é 2 + 😀 4 + "' + " 4
    expect(s.errorPosition(y)).toEqual({ line: 1, col: 1 + [...text.slice(0, y)].length });
    expect(s.offsetOf(1, s.position(y).col)).toBe(y);
  });
  test("offsetOf and position are inverse on every character of a mixed line", () => {
    const text = "ab\né€😀z\r\nq";
    const s = new SourceFile(text);
    for (let i = 0; i <= text.length; i++) {
      if (text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff) continue; // inside a pair
      const p = s.position(i);
      expect(s.offsetOf(p.line, p.col)).toBe(i);
    }
  });
  test("mayHoldName: the name as a whole word, in the NFKC-normalised text when it is not ASCII", () => {
    expect(sourceFromString("print(f.__doc__)\n").mayHoldName("__doc__")).toBe(true);
    expect(sourceFromString("import ply.lex\n").mayHoldName("ply")).toBe(true);
    expect(sourceFromString("apply(x); plyer = 1; x__doc__ = 2\n").mayHoldName("ply")).toBe(false);
    expect(sourceFromString("x__doc__ = 2; __doc__x = 3\n").mayHoldName("__doc__")).toBe(false);
    expect(sourceFromString("getdoc").mayHoldName("getdoc")).toBe(true);
    expect(sourceFromString("print(__\uff44oc__)\n").mayHoldName("__doc__")).toBe(true);
    expect(sourceFromString("s = '\u00e9'\n").mayHoldName("__code__")).toBe(false);
    expect(sourceFromString("s = '\u00e9'; f.__code__\n").mayHoldName("__code__")).toBe(true);
    // compatibility characters normalise to ASCII: fullwidth letters, the ligature ﬁ (to "fi")
    expect(sourceFromString("x = \uff46_locals\n").mayHoldName("f_locals")).toBe(true);
    expect(sourceFromString("x = \ufb01\n").mayHoldName("fi")).toBe(true);
    // a non-ASCII letter is part of the word: errs towards "may"
    expect(sourceFromString("x = \u00e9f_locals\n").mayHoldName("f_locals")).toBe(true);
    expect(sourceFromString("x = \uff58f_locals\n").mayHoldName("f_locals")).toBe(false);
  });
  test("mayHoldName after a parse: the identifiers the parser met, not spellings inside strings", () => {
    const parsed = (text: string) => {
      const source = sourceFromString(text);
      parseSource(source);
      return source;
    };
    expect(parsed("x = \uff46_locals\n").mayHoldName("f_locals")).toBe(true);
    expect(parsed("s = '\uff46_locals \u00e9'\n").mayHoldName("f_locals")).toBe(false);
    expect(parsed("s = '\u00e9'; f.__code__\n").mayHoldName("__code__")).toBe(true);
    expect(parsed("s = '\u00e9'; f.__\uff43ode__\n").mayHoldName("__code__")).toBe(true);
  });
  test("mayHoldName: watched names (found in one pass) answer as a search per name does", () => {
    // Texts that hold the names as words, inside words, at the edges, after non-ASCII characters,
    // before and after a parse. Asked first unwatched (a search per name), then watched.
    const names = ["ply", "__doc__", "f_locals", "stack", "trace", "fi", "x"];
    const texts = [
      "print(f.__doc__)\n", "import ply.lex\n", "apply(x); plyer = 1; x__doc__ = 2\n", "x__doc__ = 2; __doc__x = 3\n",
      "ply", "stack_trace = traceback.stack()\n", "trace", "x = \uff46_locals\n", "x = \ufb01\n", "x = \u00e9f_locals\n",
      "x = \uff58f_locals\n", "s = '\uff46_locals \u00e9'\n", "s = '\u00e9'; f.__\uff43ode__; stack\n", "x1 = 1\n", "(x)\r\n",
    ];
    const ask = (parse: boolean): boolean[] =>
      texts.flatMap((text) => {
        const source = sourceFromString(text);
        if (parse) {
          try {
            parseSource(source);
          } catch {
            // not Python: asked unparsed
          }
        }
        return names.map((n) => source.mayHoldName(n));
      });
    const before = [ask(false), ask(true)];
    watchNames(...names);
    expect([ask(false), ask(true)]).toEqual(before);
    expect(before[0]!.filter(Boolean).length).toBeGreaterThan(10);
    expect(before[0]!.filter((x) => !x).length).toBeGreaterThan(10);
    expect(() => watchNames("not a name")).toThrow(/not an ASCII identifier/);
  });
  test("sourceFromString strips a BOM and rejects NUL", () => {
    expect(sourceFromString("\ufeffx").text).toBe("x");
    expect(sourceFromString("\ufeffx").bom).toBe(true);
    expect(() => sourceFromString("x\0")).toThrow(/null bytes/);
  });
});
