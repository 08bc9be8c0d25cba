/** Imports read out of extension modules' binaries: ELF data sections, or whole other files. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { elfDataSections, moduleNamesInBinary, moduleNamesInFile } from "../../src/venv/binary-imports.js";

const enc = (s: string): number[] => [...Buffer.from(s, "latin1")];

/** A minimal little-endian ELF64 file with the given sections (name → contents, type). */
function elf64(sections: { name: string; type: number; data: string }[]): Uint8Array {
  const all = [{ name: "", type: 0, data: "" }, ...sections, { name: ".shstrtab", type: 3, data: "" }];
  let shstr = "\0";
  const nameAt: number[] = [];
  for (const s of all) {
    nameAt.push(s.name ? shstr.length : 0);
    if (s.name) shstr += `${s.name}\0`;
  }
  all[all.length - 1]!.data = shstr;
  const bytes: number[] = new Array<number>(64).fill(0);
  const offsets: number[] = [];
  for (const s of all) {
    offsets.push(bytes.length);
    bytes.push(...enc(s.data));
  }
  const shoff = bytes.length;
  for (let i = 0; i < all.length; i++) {
    const h = new DataView(new ArrayBuffer(64));
    h.setUint32(0, nameAt[i]!, true);
    h.setUint32(4, all[i]!.type, true);
    h.setBigUint64(24, BigInt(offsets[i]!), true);
    h.setBigUint64(32, BigInt(all[i]!.data.length), true);
    bytes.push(...new Uint8Array(h.buffer));
  }
  const out = new Uint8Array(bytes);
  const v = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  v.setBigUint64(0x28, BigInt(shoff), true);
  v.setUint16(0x3a, 64, true);
  v.setUint16(0x3c, all.length, true);
  v.setUint16(0x3e, all.length - 1, true);
  return out;
}

describe("imports of compiled code", () => {
  const venv = new Set(["_cffi_backend", "numpy", "py", "six", "tests", "yaml"]);

  it("reads NUL-delimited module names, dotted or not, from an ELF file's data sections only", () => {
    const so = elf64([
      { name: ".text", type: 1, data: "\0six\0" },
      { name: ".dynstr", type: 3, data: "\0py\0PyInit__openssl\0" },
      { name: ".rodata", type: 1, data: "\0_cffi_backend\0cannot import\0numpy.core._multiarray_umath\0" },
      { name: ".data.rel.ro", type: 1, data: "yaml\0py.path\0" },
    ]);
    expect(elfDataSections(so)?.length).toBe(2);
    expect(moduleNamesInBinary(so, venv)).toEqual(["_cffi_backend", "numpy", "py", "yaml"]);
  });

  it("reads a file in another format (Mach-O, PE) whole, and only whole strings", () => {
    const blob = new Uint8Array(enc("MZ\0\0numpy\0xyaml\0yamlx\0_cffi_backend"));
    // "xyaml", "yamlx" are other names; the last string has no closing NUL.
    expect(elfDataSections(blob)).toBeNull();
    expect(moduleNamesInBinary(blob, venv)).toEqual(["numpy"]);
  });

  it("does not take short or generic bare names, which occur in binaries by chance", () => {
    const blob = new Uint8Array(enc("\0six\0py\0tests\0six.moves\0tests.helpers\0"));
    expect(moduleNamesInBinary(blob, venv)).toEqual(["six", "tests"]);
  });

  it("falls back to the whole file when the section table does not fit", () => {
    const so = elf64([{ name: ".rodata", type: 1, data: "\0numpy\0" }]);
    const broken = so.slice(0, so.length - 10);
    expect(elfDataSections(broken)).toBeNull();
    expect(moduleNamesInBinary(broken, venv)).toEqual(["numpy"]);
  });
});

describe("imports of compiled code, from files too large to read whole", () => {
  const venv = new Set(["_cffi_backend", "numpy", "yaml"]);
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const file = (bytes: Uint8Array): string => {
    const d = mkdtempSync(join(tmpdir(), "tsrs-bin-"));
    dirs.push(d);
    writeFileSync(join(d, "ext.so"), bytes);
    return join(d, "ext.so");
  };

  it("reads sections in chunks and finds the same names, across chunk boundaries too", () => {
    const so = elf64([
      { name: ".text", type: 1, data: "\0numpy\0" },
      { name: ".rodata", type: 1, data: "xx\0_cffi_backend\0some text\0yaml.constructor\0" },
    ]);
    const path = file(so);
    for (const chunk of [1, 2, 3, 5, 7, 11, 64]) {
      expect(moduleNamesInFile(path, venv, { whole: 0, chunk })).toEqual(["_cffi_backend", "yaml"]);
    }
    expect(moduleNamesInFile(path, venv)).toEqual(moduleNamesInBinary(so, venv));
  });

  it("reads another format whole, in chunks", () => {
    const blob = new Uint8Array(enc("MZ\0numpy\0ab\0yaml\0xnumpy\0"));
    const path = file(blob);
    for (const chunk of [1, 2, 4, 9, 100]) expect(moduleNamesInFile(path, venv, { whole: 0, chunk })).toEqual(["numpy", "yaml"]);
  });
});
