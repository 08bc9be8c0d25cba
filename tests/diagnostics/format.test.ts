import { describe, expect, test } from "vitest";
import { Codes } from "../../src/diagnostics/codes.js";
import { compareDiagnostics, formatDiagnostic, type Diagnostic } from "../../src/diagnostics/diagnostic.js";

const d = (file: string, line: number, col: number, code: Diagnostic["code"] = Codes.SyntaxError): Diagnostic => ({
  code, severity: "error", message: "m", file, line, col,
});

describe("diagnostics", () => {
  test("format leaves out positions that do not apply", () => {
    expect(formatDiagnostic(d("a.py", 3, 7))).toBe("a.py:3:7: m");
    expect(formatDiagnostic(d("pyproject.toml", 4, 0))).toBe("pyproject.toml:4: m");
    expect(formatDiagnostic(d("venv", 0, 0))).toBe("venv: m");
  });
  test("sort order is path, line, column, code", () => {
    const list = [d("b.py", 1, 1), d("a.py", 2, 1), d("a.py", 1, 9, Codes.ReadError), d("a.py", 1, 9, Codes.SyntaxError), d("a.py", 1, 2)];
    expect(list.sort(compareDiagnostics).map((x) => `${x.file}:${x.line}:${x.col}:${x.code}`)).toEqual([
      "a.py:1:2:TSRS001", "a.py:1:9:TSRS001", "a.py:1:9:TSRS003", "a.py:2:1:TSRS001", "b.py:1:1:TSRS001",
    ]);
  });
});
