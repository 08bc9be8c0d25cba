"""CPython oracle for differential tests: the ground truth our parser and scope model must match.

Reads a JSON request on stdin: {"mode": "ast" | "symtable", "files": [path, ...]}
and prints one JSON line per file, in order:
  ast:      {"path", "ok": true, "dump", "dumpPos"}  or  {"path", "ok": false, "error": {...}}
  symtable: {"path", "ok": true, "scopes": [<module scope>]}  or the error shape.
Runs unchanged under python3 (3.11) and pyodide (3.14).
"""
import ast
import json
import symtable
import sys
import warnings

warnings.simplefilter("ignore")

SYMBOL_FLAGS = sorted(
    name[3:]
    for name in dir(symtable.Symbol)
    if name.startswith("is_") and callable(getattr(symtable.Symbol, name))
)


def error_of(exc):
    if isinstance(exc, SyntaxError):
        return {
            "type": type(exc).__name__,
            "line": exc.lineno,
            "col": exc.offset,
            "message": exc.msg,
        }
    return {"type": type(exc).__name__, "line": None, "col": None, "message": str(exc)}


def scope_of(table):
    symbols = {}
    for sym in table.get_symbols():
        flags = []
        for flag in SYMBOL_FLAGS:
            try:
                if getattr(sym, "is_" + flag)():
                    flags.append(flag)
            except Exception:
                pass
        symbols[sym.get_name()] = flags
    return {
        "type": str(table.get_type()),
        "name": table.get_name(),
        "lineno": table.get_lineno(),
        "symbols": dict(sorted(symbols.items())),
        "children": [scope_of(child) for child in table.get_children()],
    }


def run(mode, path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        return {"path": path, "ok": False, "error": error_of(exc)}
    try:
        if mode == "ast":
            tree = ast.parse(data, path)
            return {
                "path": path,
                "ok": True,
                "dump": ast.dump(tree),
                "dumpPos": ast.dump(tree, include_attributes=True),
            }
        if mode == "symtable":
            # symtable wants text; decode as the tokenizer would (coding cookie, BOM).
            import io
            import tokenize

            text = tokenize.TextIOWrapper(io.BytesIO(data), encoding=tokenize.detect_encoding(io.BytesIO(data).readline)[0]).read()
            if text.startswith("\ufeff"):
                text = text[1:]
            table = symtable.symtable(text, path, "exec")
            return {"path": path, "ok": True, "scopes": [scope_of(table)]}
        raise ValueError("unknown mode " + mode)
    except RecursionError as exc:
        return {"path": path, "ok": False, "error": {"type": "RecursionError", "line": None, "col": None, "message": str(exc)}}
    except (SyntaxError, ValueError, MemoryError, UnicodeError, LookupError) as exc:
        return {"path": path, "ok": False, "error": error_of(exc)}


def main(request):
    out = []
    for path in request["files"]:
        out.append(json.dumps(run(request["mode"], path), ensure_ascii=True))
    return "\n".join(out)


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    print(main(json.load(sys.stdin)))
