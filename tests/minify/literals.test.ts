/**
 * The shortest str literal is measured before it is built (literals.ts): it must be the very
 * spelling the build-every-candidate path picks, for any value and output encoding.
 */
import { describe, expect, test } from "vitest";
import { strLiteral, type CanEncode } from "../../src/minify/literals.js";

const ALPHABET = ["a", "b", " ", "'", '"', "\\", "\n", "\r", "\t", "\0", "7", "\x7f", "\x85", "é", "€", "\ud83d\ude00", "\ud800", "\udc00", "{", "}", "#"];
const ENCODINGS: Record<string, CanEncode> = {
  utf8: (cp) => cp < 0xd800 || cp > 0xdfff,
  ascii: (cp) => cp < 0x80,
  latin1: (cp) => cp < 0x100,
};

/** A deterministic pseudo-random generator (tests must not vary between runs). */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x80000000;
  };
}

describe("strLiteral", () => {
  test("measured choice equals the built choice", () => {
    const next = random(42);
    // Not FREE_CONTEXT itself, but just as free: takes the path that builds every candidate.
    const free = { forbid: [], noBackslash: false, noNewline: false };
    let checked = 0;
    for (let k = 0; k < 4000; k++) {
      const length = Math.floor(next() * 12);
      let value = "";
      for (let i = 0; i < length; i++) value += ALPHABET[Math.floor(next() * ALPHABET.length)];
      for (const [name, canEncode] of Object.entries(ENCODINGS)) {
        for (const prefix of ["", "u"]) {
          expect(strLiteral(value, prefix, canEncode), `${JSON.stringify(value)} ${name} ${prefix}`).toBe(strLiteral(value, prefix, canEncode, free));
          checked++;
        }
      }
    }
    expect(checked).toBe(24000);
  });
});
