/**
 * Symbol tables without a Map per scope: names are interned once per module (name ids), and one
 * open-addressing hash over (scope, name id) finds a scope's symbol. Each scope keeps its symbols in
 * CPython's insertion order as a linked list (`scopeFirstSymbol` → `symbolNext`). Building the model
 * creates tens of scopes per file; a Map each (and Sets in the analysis) was most of its allocation.
 */
import type { ModelData, ScopeId, SymbolId } from "./model.js";

/** The id of `name`, interned in the model's name table. */
export function internName(d: ModelData, name: string): number {
  let id = d.nameIds.get(name);
  if (id === undefined) {
    id = d.names.length;
    d.names.push(name);
    d.nameIds.set(name, id);
  }
  return id;
}

/** The id of `name`, or -1 when no symbol of the module has that name. */
export function nameIdOf(d: Readonly<ModelData>, name: string): number {
  return d.nameIds.get(name) ?? -1;
}

function slot(scope: ScopeId, nameId: number, mask: number): number {
  let h = Math.imul(scope + 1, 0x9e3779b1) ^ Math.imul(nameId + 1, 0x85ebca77);
  h ^= h >>> 15;
  return h & mask;
}

/** The symbol named `nameId` in `scope`, or -1. */
export function findSymbol(d: Readonly<ModelData>, scope: ScopeId, nameId: number): SymbolId {
  const slots = d.symbolSlots;
  const mask = slots.length - 1;
  const nameOf = d.symbolNameId;
  const scopeOf = d.symbolScope;
  for (let i = slot(scope, nameId, mask); ; i = (i + 1) & mask) {
    const v = slots[i]!;
    if (v === 0) return -1;
    if (v > 0 && nameOf[v - 1] === nameId && scopeOf[v - 1] === scope) return v - 1;
  }
}

/** The symbol `name` (mangled) in `scope`, or -1. */
export function findSymbolByName(d: Readonly<ModelData>, scope: ScopeId, name: string): SymbolId {
  const id = d.nameIds.get(name);
  return id === undefined ? -1 : findSymbol(d, scope, id);
}

/** Adds a new symbol (the name must not be in the scope's table yet). */
export function addSymbol(d: ModelData, scope: ScopeId, nameId: number, flags: number): SymbolId {
  const sym = d.symbolName.length;
  if (sym === d.symbolScope.length) growSymbols(d);
  d.symbolName.push(d.names[nameId]!);
  d.symbolNameId[sym] = nameId;
  d.symbolScope[sym] = scope;
  d.symbolFlags[sym] = flags;
  d.symbolWhere[sym] = 0;
  d.symbolNext[sym] = -1;
  const last = d.scopeLastSymbol[scope]!;
  if (last < 0) d.scopeFirstSymbol[scope] = sym;
  else d.symbolNext[last] = sym;
  d.scopeLastSymbol[scope] = sym;
  d.scopeSymbolCount[scope]!++;
  if ((sym + 1) * 2 > d.symbolSlots.length) growSlots(d);
  insertSlot(d.symbolSlots, scope, nameId, sym);
  return sym;
}

/**
 * While the model is built the symbol columns have spare room (`symbolName.length` is the count);
 * they double when full.
 */
function growSymbols(d: ModelData): void {
  const n = Math.max(256, d.symbolScope.length * 2);
  d.symbolNameId = grown(d.symbolNameId, new Int32Array(n));
  d.symbolNext = grown(d.symbolNext, new Int32Array(n));
  d.symbolScope = grown(d.symbolScope, new Int32Array(n));
  d.symbolFlags = grown(d.symbolFlags, new Int32Array(n));
  d.symbolWhere = grown(d.symbolWhere, new Uint8Array(n));
}

/** `to` (a larger typed array) holding `from`'s values at its start. */
export function grown<T extends Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function insertSlot(slots: Int32Array, scope: ScopeId, nameId: number, sym: SymbolId): void {
  const mask = slots.length - 1;
  let i = slot(scope, nameId, mask);
  while (slots[i] !== 0) i = (i + 1) & mask;
  slots[i] = sym + 1;
}

function growSlots(d: ModelData): void {
  const old = d.symbolSlots;
  const slots = new Int32Array(old.length * 2);
  for (let i = 0; i < old.length; i++) {
    const v = old[i]!;
    if (v > 0) insertSlot(slots, d.symbolScope[v - 1]!, d.symbolNameId[v - 1]!, v - 1);
  }
  d.symbolSlots = slots;
}

/** Takes `sym` out of its scope's table (it keeps its id and arrays). */
export function removeSymbol(d: ModelData, sym: SymbolId): void {
  const scope = d.symbolScope[sym]!;
  const slots = d.symbolSlots;
  const mask = slots.length - 1;
  for (let i = slot(scope, d.symbolNameId[sym]!, mask); slots[i] !== 0; i = (i + 1) & mask) {
    if (slots[i] === sym + 1) {
      slots[i] = -1; // a tombstone keeps later entries of the probe chain reachable
      break;
    }
  }
  let prev = -1;
  for (let s = d.scopeFirstSymbol[scope]!; s >= 0 && s !== sym; s = d.symbolNext[s]!) prev = s;
  const next = d.symbolNext[sym]!;
  if (prev < 0) d.scopeFirstSymbol[scope] = next;
  else d.symbolNext[prev] = next;
  if (d.scopeLastSymbol[scope] === sym) d.scopeLastSymbol[scope] = prev;
  d.scopeSymbolCount[scope]!--;
}

/** A first size for the hash: about two slots per symbol a file of this length usually has. */
export function initialSlots(textLength: number): Int32Array {
  let n = 64;
  while (n < textLength / 32) n *= 2;
  return new Int32Array(n);
}
