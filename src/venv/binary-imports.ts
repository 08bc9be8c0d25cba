/**
 * Imports made by compiled code. An extension module imports by C string —
 * `PyImport_ImportModule("_cffi_backend")`, the string tables of Cython and of cffi-generated
 * modules — so a NUL-delimited string in its binary that names an importable top-level module
 * (alone, or dotted: `numpy.core._multiarray_umath`) is taken as an import of that module.
 *
 * The scan can only add what to keep, never remove: a string that merely looks like a module
 * name keeps a distribution that was not needed (the safe direction; short and generic bare names
 * are not taken, to keep that rare), and an import built at run time is missed as it always was —
 * the distribution's declared requirements still stand in for it.
 */

const MAX_NAME = 200;
/**
 * A bare name (no dot) this short is too likely to be some other string ("fs", "py", "six" occur
 * in compression dictionaries and format tables); dotted names (`PIL.Image`) count at any length.
 */
const MIN_BARE_NAME = 4;
/** Generic names sloppy distributions install at top level; a binary holding one says nothing. */
const GENERIC = new Set(["test", "tests", "testing", "docs", "examples", "utils", "util", "common", "core", "build", "scripts", "data", "src", "lib", "bin", "benchmarks", "tools", "config", "main"]);

/** Whether `c` may occur in a dotted module name (ASCII letters, digits, `_`, `.`). */
function nameByte(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46;
}

/**
 * The top-level names among `candidates` that some NUL-delimited string of `bytes` names
 * (`name` or `name.sub…`), sorted. In an ELF file only the data sections are read (string
 * constants live there; code and symbol tables are most of the bytes); other formats whole.
 */
export function moduleNamesInBinary(bytes: Uint8Array, candidates: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const sections = elfDataSections(bytes);
  if (sections === null) scan(bytes, 0, bytes.length, candidates, found);
  else for (const [from, to] of sections) scan(bytes, from, to, candidates, found);
  return [...found].sort();
}

/**
 * Byte ranges of an ELF file's data sections (`.rodata*`, `.data*`), or null when the bytes are
 * not an ELF file this reader understands (then the caller reads everything).
 */
export function elfDataSections(bytes: Uint8Array): [number, number][] | null {
  if (bytes.length < 64 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) return null;
  const is64 = bytes[4] === 2;
  if (!is64 && bytes[4] !== 1) return null;
  const le = bytes[5] === 1;
  if (!le && bytes[5] !== 2) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (at: number): number => (is64 ? Number(view.getBigUint64(at, le)) : view.getUint32(at, le));
  const shoff = word(is64 ? 0x28 : 0x20);
  const shentsize = view.getUint16(is64 ? 0x3a : 0x2e, le);
  const shnum = view.getUint16(is64 ? 0x3c : 0x30, le);
  const shstrndx = view.getUint16(is64 ? 0x3e : 0x32, le);
  if (shnum === 0 || shstrndx >= shnum || shentsize < (is64 ? 64 : 40) || shoff + shnum * shentsize > bytes.length) return null;
  const header = (i: number): { name: number; type: number; offset: number; size: number } => {
    const at = shoff + i * shentsize;
    return is64
      ? { name: view.getUint32(at, le), type: view.getUint32(at + 4, le), offset: word(at + 24), size: word(at + 32) }
      : { name: view.getUint32(at, le), type: view.getUint32(at + 4, le), offset: word(at + 16), size: word(at + 20) };
  };
  const names = header(shstrndx);
  if (names.offset + names.size > bytes.length) return null;
  const out: [number, number][] = [];
  for (let i = 0; i < shnum; i++) {
    const h = header(i);
    if (h.type !== 1 /* SHT_PROGBITS */ || h.offset + h.size > bytes.length) continue;
    let name = "";
    for (let k = names.offset + h.name; k < names.offset + names.size && bytes[k] !== 0 && name.length < 32; k++) name += String.fromCharCode(bytes[k]!);
    if (name.startsWith(".rodata") || name.startsWith(".data")) out.push([h.offset, h.offset + h.size]);
  }
  return out;
}

/** Adds to `found` the candidate names of the NUL-delimited strings of `bytes[from, to)`. */
function scan(bytes: Uint8Array, from: number, to: number, candidates: ReadonlySet<string>, found: Set<string>): void {
  const n = to;
  let i = from;
  while (i < n) {
    // A string starts after a NUL (or at 0) with a letter or `_`.
    const c = bytes[i]!;
    if ((i === from || bytes[i - 1] === 0) && ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) {
      let j = i + 1;
      let dot = -1;
      while (j < n && j - i <= MAX_NAME && nameByte(bytes[j]!)) {
        if (dot < 0 && bytes[j] === 46) dot = j;
        j++;
      }
      if (j < n && bytes[j] === 0 && j - i <= MAX_NAME) {
        const end = dot < 0 ? j : dot;
        if (dot >= 0 || end - i >= MIN_BARE_NAME) {
          let top = "";
          for (let k = i; k < end; k++) top += String.fromCharCode(bytes[k]!);
          if (candidates.has(top) && (dot >= 0 || !GENERIC.has(top))) found.add(top);
        }
      }
      i = j + 1;
      continue;
    }
    i++;
  }
}
