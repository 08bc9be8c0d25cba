"""Independent check of a minified file, with CPython's own parser and symtable.

Reads JSON on stdin: [{"original": path, "minified": path, "plan": <file plan>, "docstrings": bool,
"passes": bool}, ...]. For each, applies the plan's renames to the original tree (resolving every
name with `symtable`, not with tsrs), removes docstrings / redundant `pass` the way the minifier
documents it, and compares `ast.dump` with the minified file's. Prints one JSON line per item:
{"ok": true} or {"ok": false, "error": "..."}; also checks that the minified file compiles.
"""
import ast
import json
import symtable
import sys

SCOPE_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp, ast.SetComp,
               ast.DictComp, ast.GeneratorExp)


ANONYMOUS = ("lambda", "listcomp", "setcomp", "dictcomp", "genexpr")


def scope_ids(table):
    """Scope ids as tsrs builds them: qualified names, `<lambda>` style for anonymous scopes, #n."""
    ids = {}
    seen = {}

    def visit(t, parent_id):
        for child in t.get_children():
            name = child.get_name()
            if name in ANONYMOUS:
                name = "<%s>" % name
            base = name if parent_id == "<module>" else parent_id + "." + name
            n = seen.get(base, 0) + 1
            seen[base] = n
            cid = base if n == 1 else "%s#%d" % (base, n)
            ids[child.get_id()] = cid
            visit(child, cid)

    ids[table.get_id()] = "<module>"
    visit(table, "<module>")
    return ids


def pair_scopes(tree, table):
    """AST scope node -> symtable table, by (kind, name, line) in source order."""
    from collections import defaultdict
    tables = defaultdict(list)

    def walk_t(t):
        for c in t.get_children():
            tables[(c.get_name(), c.get_lineno())].append(c)
            walk_t(c)

    walk_t(table)
    nodes = defaultdict(list)
    for node in ast.walk(tree):
        if isinstance(node, SCOPE_NODES):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = node.name
            elif isinstance(node, ast.Lambda):
                name = "lambda"
            else:
                name = {ast.ListComp: "listcomp", ast.SetComp: "setcomp", ast.DictComp: "dictcomp", ast.GeneratorExp: "genexpr"}[type(node)]
            nodes[(name, node.lineno)].append(node)
    out = {}
    for key, ns in nodes.items():
        ns.sort(key=lambda n: (n.lineno, n.col_offset))
        ts = tables.get(key, [])
        for n, t in zip(ns, ts):
            out[id(n)] = t
    return out


def strip(body, owner, docstrings, passes):
    if docstrings:
        while body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            body.pop(0)
    if passes and len(body) > 1:
        rest = [s for s in body if not isinstance(s, ast.Pass)]
        body[:] = rest if rest else body[-1:]
    if owner and not body:
        body.append(ast.Pass())


def strip_all(tree, docstrings, passes):
    """Removes every docstring (with `docstrings`) and redundant `pass`. Which docstrings the
    minifier keeps (read through `__doc__`, CLI help, markers) is its policy, checked by the
    fixtures; here both trees lose all of them, so the comparison checks everything else."""
    strip(tree.body, None, docstrings, passes)
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            val = getattr(node, field, None)
            if isinstance(val, list) and val and isinstance(val[0], ast.stmt) and node is not tree:
                is_def = field == "body" and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                strip(val, node, docstrings and is_def, passes)


def rename(tree, table, plan):
    ids = scope_ids(table)
    by_scope = {s["scope"]: s.get("renames", {}) for s in plan["scopes"]}
    aliases = {s["scope"]: s.get("aliases", {}) for s in plan["scopes"]}
    scopes = pair_scopes(tree, table)

    def owner_of(name, chain):
        # chain: list of (table) innermost last
        t = chain[-1]
        try:
            sym = t.lookup(name)
        except KeyError:
            return None
        if sym.is_global() or (sym.is_declared_global() if hasattr(sym, "is_declared_global") else False):
            return table
        if sym.is_free():
            for outer in reversed(chain[:-1]):
                if outer.get_type() == "class":
                    continue
                try:
                    s2 = outer.lookup(name)
                except KeyError:
                    continue
                if s2.is_local() and not s2.is_free():
                    return outer
            return None
        if t.get_type() == "module":
            return table
        if sym.is_local():
            return t
        return table

    def new_name(name, chain, param=False):
        owner = owner_of(name, chain)
        if owner is None:
            return name
        sid = ids[owner.get_id()]
        if not param and name in aliases.get(sid, {}):
            return aliases[sid][name]
        return by_scope.get(sid, {}).get(name, name)

    def visit(node, chain):
        own = scopes.get(id(node))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for d in node.decorator_list:
                visit(d, chain)
            if not isinstance(node, ast.ClassDef):
                a = node.args
                for dflt in a.defaults + [d for d in a.kw_defaults if d]:
                    visit(dflt, chain)
                for arg in a.posonlyargs + a.args + ([a.vararg] if a.vararg else []) + a.kwonlyargs + ([a.kwarg] if a.kwarg else []):
                    if arg.annotation:
                        visit(arg.annotation, chain)
                if node.returns:
                    visit(node.returns, chain)
            else:
                for b in node.bases + [k.value for k in node.keywords]:
                    visit(b, chain)
            inner = chain + [own]
            inserted = []
            if not isinstance(node, ast.ClassDef):
                a = node.args
                for arg in a.posonlyargs + a.args + ([a.vararg] if a.vararg else []) + a.kwonlyargs + ([a.kwarg] if a.kwarg else []):
                    alias = aliases.get(ids[own.get_id()], {}).get(arg.arg)
                    if alias:
                        inserted.append(ast.Assign(targets=[ast.Name(id=alias, ctx=ast.Store())], value=ast.Name(id=arg.arg, ctx=ast.Load()), type_comment=None))
                    arg.arg = new_name(arg.arg, inner, param=True)
            for s in node.body:
                visit(s, inner)
            at = 0
            while at < len(node.body) and isinstance(node.body[at], ast.Expr) and isinstance(node.body[at].value, ast.Constant) and isinstance(node.body[at].value.value, str):
                at += 1
            node.body[at:at] = inserted
            return
        if isinstance(node, ast.Lambda):
            a = node.args
            for dflt in a.defaults + [d for d in a.kw_defaults if d]:
                visit(dflt, chain)
            inner = chain + [own]
            for arg in a.posonlyargs + a.args + ([a.vararg] if a.vararg else []) + a.kwonlyargs + ([a.kwarg] if a.kwarg else []):
                arg.arg = new_name(arg.arg, inner)
            visit(node.body, inner)
            return
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            gens = node.generators
            visit(gens[0].iter, chain)
            inner = chain + [own]
            for i, g in enumerate(gens):
                visit(g.target, inner)
                if i:
                    visit(g.iter, inner)
                for c in g.ifs:
                    visit(c, inner)
            if isinstance(node, ast.DictComp):
                visit(node.key, inner)
                visit(node.value, inner)
            else:
                visit(node.elt, inner)
            return
        if isinstance(node, ast.Name):
            node.id = new_name(node.id, chain)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            node.name = new_name(node.name, chain)
        elif isinstance(node, ast.alias) and node.asname:
            node.asname = new_name(node.asname, chain)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            node.names = [new_name(n, chain) for n in node.names]
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            node.name = new_name(node.name, chain)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            node.rest = new_name(node.rest, chain)
        for child in ast.iter_child_nodes(node):
            visit(child, chain)

    visit(tree, [table])


def check(item):
    with open(item["original"], "rb") as f:
        original = f.read()
    with open(item["minified"], "rb") as f:
        minified = f.read()
    try:
        compile(minified, item["minified"], "exec", dont_inherit=True)
    except SyntaxError as e:
        return {"ok": False, "error": "does not compile: %s" % e}
    tree = ast.parse(original)
    import io, tokenize
    text = tokenize.TextIOWrapper(io.BytesIO(original), encoding=tokenize.detect_encoding(io.BytesIO(original).readline)[0]).read()
    if text.startswith("\ufeff"):
        text = text[1:]
    table = symtable.symtable(text, item["original"], "exec")
    rename(tree, table, item["plan"])
    docstrings, passes = item.get("docstrings", True), item.get("passes", True)
    strip_all(tree, docstrings, passes)
    out = ast.parse(minified)
    if docstrings:
        strip_all(out, True, passes)
    a = ast.dump(tree)
    b = ast.dump(out)
    if a == b:
        return {"ok": True}
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return {"ok": False, "error": "AST differs: expected ...%s... got ...%s..." % (a[max(0, i - 120):i + 120], b[max(0, i - 120):i + 120])}


def main():
    for item in json.load(sys.stdin):
        try:
            out = check(item)
        except Exception as e:  # noqa
            out = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
        print(json.dumps(out))


main()
