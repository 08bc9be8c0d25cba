/**
 * The semantic model of a Python module: scopes, symbols, bindings and references, equal to
 * CPython's `symtable` for the target version (3.8 … 3.14; verified live against 3.11 and 3.14).
 *
 * ```ts
 * const model = buildSemanticModel(module, source, { minor: 12 }); // throws PythonSyntaxError
 * model.symbolsOf(scope)         // mangled name → SymbolId, as symtable lists them
 * model.symbolFlags(sym)         // SymbolFlag bits (CPython's DEF_* / USE), symbolWhere(sym): SymbolScope
 * model.lookup(scope, "name")    // { kind: ResolutionKind, symbol, scope } of a read of `name` there
 * model.resolveReference(ref)    // same, for a Name node recorded as a reference
 * model.bindingsOf(sym)          // definition sites of the variable; referencesOf(binding): its uses
 * model.isTainted(scope)         // eval/exec/locals()/star import…: names reachable by string
 * symtableDump(model)            // the exact shape tests/oracle/oracle.py prints
 * ```
 *
 * Everything is numeric ids into flat arrays (`model.data`): scopes (`ScopeId`, root 0 = module),
 * symbols (`SymbolId`), bindings (`BindingId`), references (`ReferenceId`); -1 means none. Ids
 * follow CPython's visiting order. Symbol tables include CPython's implicit names (`.0`, `.format`,
 * `.type_params`, `__classdict__`, `__class__`, `__conditional_annotations__`…), as symtable does.
 * See model.ts for the resolution rules and flags.ts for every kind and bit.
 */
export { buildSemanticModel, type SemanticOptions } from "./scope-builder.js";
export { SemanticModel, type ModelData, type Resolution, type ScopeId, type SymbolId, type BindingId, type ReferenceId } from "./model.js";
export * from "./flags.js";
export { builtinNames, isBuiltin } from "./builtins.js";
export { symtableDump, symtableChildren, type SymtableScope } from "./symtable-dump.js";
export { mangleName } from "./mangle.js";
export { MODULE_IMPLICIT_GLOBALS } from "./resolve.js";
