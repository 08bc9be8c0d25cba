"""CPython oracle for differential tests: the ground truth our parser and scope model must match.

Reads a JSON request on stdin: {"mode": "ast" | "symtable" | "tree" | "compile" | "shape", "files": [path, ...]}
and prints one JSON line per file, in order:
  ast:      {"path", "ok": true, "dump", "dumpPos"}  or  {"path", "ok": false, "error": {...}}
  symtable: {"path", "ok": true, "scopes": [<module scope>]}  or the error shape.
  tree:     {"path", "ok": true, "tree": <CPython's AST as JSON, see tree_of>}
  compile:  {"path", "ok": true} when compile() accepts the file, else the error shape.
  shape:    {"path", "ok": true, "dump"} when compile() accepts the file: `ast.dump` of its tree
            with every name a minifier may rename masked, docstrings, redundant `pass` and the
            parameter aliases a minifier inserts removed (see shape_of) — equal for a file and its
            minified form.
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


def tree_of(node):
    """CPython's tree in tsrs's JSON shape (see tests/oracle/bridge.ts)."""
    if isinstance(node, list):
        return [tree_of(x) for x in node]
    if not isinstance(node, ast.AST):
        return node
    cls = type(node)
    if not cls._fields and not cls._attributes:
        return cls.__name__  # operator / context singleton
    out = {"_type": cls.__name__}
    for name in cls._fields:
        value = getattr(node, name, None)
        if name == "value" and cls.__name__ in ("Constant", "MatchSingleton"):
            out[name] = constant_of(value)
        else:
            out[name] = tree_of(value)
    if cls._attributes and hasattr(node, "lineno"):
        out["_p"] = [node.lineno, node.col_offset, node.end_lineno, node.end_col_offset]
    return out


def constant_of(value):
    if isinstance(value, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        return {"$s": [ord(c) for c in value]}  # JSON would merge a split surrogate pair
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return {"$i": str(value)}
    if isinstance(value, float):
        return {"$f": repr(value)}
    if isinstance(value, complex):
        return {"$c": [repr(value.real), repr(value.imag)]}
    if isinstance(value, bytes):
        return {"$b": value.hex()}
    if value is Ellipsis:
        return {"$e": 1}
    raise TypeError(type(value))


MASK = "_"


def strip_body(body, owner):
    """Drops a leading docstring and redundant `pass` (an emptied body of `owner` gets `pass`)."""
    while body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
        body.pop(0)
    if len(body) > 1:
        rest = [s for s in body if not isinstance(s, ast.Pass)]
        body[:] = rest if rest else body[-1:]
    if owner is not None and not body:
        body.append(ast.Pass())


def shape_of(tree):
    """The tree's dump modulo renaming, docstrings, redundant `pass` and parameter aliases: a
    function's leading `name = parameter` statements (and `name = name dropped before`) are
    dropped (a minifier inserts them as short aliases of parameters whose names callers can see),
    on both sides alike."""
    strip_body(tree.body, None)
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            val = getattr(node, field, None)
            if isinstance(val, list) and val and isinstance(val[0], ast.stmt) and node is not tree:
                strip_body(val, node)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = node.args
            params = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if x}
            body = node.body
            while (body and isinstance(body[0], ast.Assign) and len(body[0].targets) == 1 and isinstance(body[0].targets[0], ast.Name)
                   and isinstance(body[0].value, ast.Name) and body[0].value.id in params):
                params.add(body.pop(0).targets[0].id)  # `x = self` after the aliases reads an alias
            if not body:
                body.append(ast.Pass())
        if isinstance(node, ast.Name):
            node.id = MASK
        elif isinstance(node, ast.arg):
            node.arg = MASK
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            node.name = MASK
        elif isinstance(node, ast.ExceptHandler) and node.name:
            node.name = MASK
        elif isinstance(node, ast.alias) and node.asname:
            node.asname = MASK
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            node.names = [MASK for _ in node.names]
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            node.name = MASK
        elif isinstance(node, ast.MatchMapping) and node.rest:
            node.rest = MASK
    return ast.dump(tree)


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
        if mode == "compile":
            compile(data, path, "exec", dont_inherit=True)
            return {"path": path, "ok": True}
        if mode == "shape":
            compile(data, path, "exec", dont_inherit=True)
            return {"path": path, "ok": True, "dump": shape_of(ast.parse(data, path))}
        if mode == "tree":
            return {"path": path, "ok": True, "tree": tree_of(ast.parse(data, path))}
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
