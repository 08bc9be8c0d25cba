/** The semantic model: scopes, symbols, bindings and references equal to CPython's symtable. */
export { buildSemanticModel, type SemanticOptions } from "./scope-builder.js";
export { SemanticModel, type ModelData, type Resolution, type ScopeId, type SymbolId, type BindingId, type ReferenceId } from "./model.js";
export * from "./flags.js";
export { builtinNames, isBuiltin } from "./builtins.js";
export { symtableDump, symtableChildren, type SymtableScope } from "./symtable-dump.js";
export { mangleName } from "./mangle.js";
export { MODULE_IMPLICIT_GLOBALS } from "./resolve.js";
