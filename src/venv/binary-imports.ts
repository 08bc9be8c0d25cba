import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { isAsciiWordChar } from "../python/source.js";

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
  return isAsciiWordChar(c) || c === 46;
}

/** Files up to this size are read whole; larger ones (a 1 GB TensorFlow wrapper) section by section, in chunks. */
const WHOLE_FILE = 32 * 1024 * 1024;
const CHUNK = 8 * 1024 * 1024;

type Reader = (at: number, length: number) => Uint8Array;

/**
 * The top-level names among `candidates` that some NUL-delimited string of `bytes` names
 * (`name` or `name.sub…`), sorted. In an ELF file only the data sections are read (string
 * constants live there; code and symbol tables are most of the bytes); other formats whole.
 */
export function moduleNamesInBinary(bytes: Uint8Array, candidates: ReadonlySet<string>): string[] {
  return namesIn(bytes.length, (at, length) => bytes.subarray(at, at + length), Infinity, candidates);
}

/**
 * Like moduleNamesInBinary, for a file: large files are never held in memory whole (`limits` are
 * for tests: the size read whole, the chunk size).
 */
export function moduleNamesInFile(file: string, candidates: ReadonlySet<string>, limits: { whole: number; chunk: number } = { whole: WHOLE_FILE, chunk: CHUNK }): string[] {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    if (size <= limits.whole) return moduleNamesInBinary(readFileSync(fd), candidates);
    const read: Reader = (at, length) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - at)));
      let got = 0;
      while (got < buf.length) {
        const n = readSync(fd, buf, got, buf.length - got, at + got);
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    };
    return namesIn(size, read, limits.chunk, candidates);
  } finally {
    closeSync(fd);
  }
}

/** The names of a binary of `size` bytes got through `read`, its data ranges read `chunkSize` bytes at a time. */
function namesIn(size: number, read: Reader, chunkSize: number, candidates: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const ranges = elfDataSectionsOf(size, read) ?? [[0, size]];
  for (const [from, to] of ranges) {
    for (let at = from; at < to; at += chunkSize) {
      // One byte before (is the first string's start after a NUL?) and a name's length after.
      const lead = at > from ? 1 : 0;
      const length = Math.min(chunkSize, to - at);
      const chunk = read(at - lead, length + lead + MAX_NAME + 1);
      scan(chunk, lead, lead + length, Math.min(chunk.length, lead + (to - at)), at === from, candidates, found);
    }
  }
  return [...found].sort();
}

/**
 * Byte ranges of an ELF file's data sections (`.rodata*`, `.data*`), or null when the bytes are
 * not an ELF file this reader understands (then the caller reads everything).
 */
export function elfDataSections(bytes: Uint8Array): [number, number][] | null {
  return elfDataSectionsOf(bytes.length, (at, length) => bytes.subarray(at, at + length));
}

function elfDataSectionsOf(size: number, read: Reader): [number, number][] | null {
  const head = read(0, 64);
  if (head.length < 64 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) return null;
  const is64 = head[4] === 2;
  if (!is64 && head[4] !== 1) return null;
  const le = head[5] === 1;
  if (!le && head[5] !== 2) return null;
  const hv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const shoff = is64 ? Number(hv.getBigUint64(0x28, le)) : hv.getUint32(0x20, le);
  const shentsize = hv.getUint16(is64 ? 0x3a : 0x2e, le);
  const shnum = hv.getUint16(is64 ? 0x3c : 0x30, le);
  const shstrndx = hv.getUint16(is64 ? 0x3e : 0x32, le);
  if (shnum === 0 || shstrndx >= shnum || shentsize < (is64 ? 64 : 40) || shoff + shnum * shentsize > size) return null;
  const table = read(shoff, shnum * shentsize);
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const word = (at: number): number => (is64 ? Number(view.getBigUint64(at, le)) : view.getUint32(at, le));
  const header = (i: number): { name: number; type: number; offset: number; size: number } => {
    const at = i * shentsize;
    return is64
      ? { name: view.getUint32(at, le), type: view.getUint32(at + 4, le), offset: word(at + 24), size: word(at + 32) }
      : { name: view.getUint32(at, le), type: view.getUint32(at + 4, le), offset: word(at + 16), size: word(at + 20) };
  };
  const namesHeader = header(shstrndx);
  if (namesHeader.offset + namesHeader.size > size) return null;
  const names = read(namesHeader.offset, namesHeader.size);
  const out: [number, number][] = [];
  for (let i = 0; i < shnum; i++) {
    const h = header(i);
    if (h.type !== 1 /* SHT_PROGBITS */ || h.offset + h.size > size) continue;
    let name = "";
    for (let k = h.name; k < names.length && names[k] !== 0 && name.length < 32; k++) name += String.fromCharCode(names[k]!);
    if (name.startsWith(".rodata") || name.startsWith(".data")) out.push([h.offset, h.offset + h.size]);
  }
  return out;
}

/**
 * Adds to `found` the candidate names of the NUL-delimited strings starting in `bytes[from, to)`
 * (a string may run on up to `end`); `sectionStart`: a string may begin right at `from`.
 */
function scan(bytes: Uint8Array, from: number, to: number, end: number, sectionStart: boolean, candidates: ReadonlySet<string>, found: Set<string>): void {
  const n = end;
  let i = from;
  while (i < to) {
    // A string starts after a NUL (or at a section's start) with a letter or `_`.
    const c = bytes[i]!;
    if (((i === from && sectionStart) || (i > 0 && bytes[i - 1] === 0)) && ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) {
      let j = i + 1;
      let dot = -1;
      while (j < n && j - i <= MAX_NAME && nameByte(bytes[j]!)) {
        if (dot < 0 && bytes[j] === 46) dot = j;
        j++;
      }
      if (j < n && bytes[j] === 0 && j - i <= MAX_NAME) {
        const topEnd = dot < 0 ? j : dot;
        if (dot >= 0 || topEnd - i >= MIN_BARE_NAME) {
          let top = "";
          for (let k = i; k < topEnd; k++) top += String.fromCharCode(bytes[k]!);
          if (candidates.has(top) && (dot >= 0 || !GENERIC.has(top))) found.add(top);
        }
      }
      i = j + 1;
      continue;
    }
    i++;
  }
}
