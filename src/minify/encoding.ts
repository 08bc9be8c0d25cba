/**
 * Writing minified text back in the file's own encoding: UTF-8 by default, the single-byte codec a
 * PEP 263 cookie names, or — for multi-byte codecs Node cannot encode — ASCII only (the printer
 * escapes everything else in literals; a non-ASCII identifier then makes the file a bailout). The
 * pipeline decodes the bytes it produced again, so a wrong guess can never reach the disk.
 */
import { lookupCodec } from "../python/source.js";

export interface OutputCodec {
  /** Whether a code point can be written raw. */
  canEncode(codePoint: number): boolean;
  /** The bytes of `text`, or null when some character cannot be encoded. */
  encode(text: string): Uint8Array | null;
}

const UTF8_NAMES = new Set(["utf-8", "utf8", "utf_8", "u8", "utf", "cp65001", "utf8-ucs2", "utf8-ucs4"]);

const UTF8: OutputCodec = {
  canEncode: (cp) => cp < 0xd800 || cp > 0xdfff,
  encode(text) {
    // A lone surrogate cannot be written in UTF-8.
    if (!(text as unknown as { isWellFormed(): boolean }).isWellFormed()) return null;
    return Buffer.from(text, "utf8");
  },
};

const ASCII_ONLY: OutputCodec = {
  canEncode: (cp) => cp < 0x80,
  encode(text) {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) return null;
      out[i] = c;
    }
    return out;
  },
};

const cache = new Map<string, OutputCodec>();

export function outputCodec(encoding: string): OutputCodec {
  const key = encoding.toLowerCase().replace(/[\s_]+/g, "-");
  if (UTF8_NAMES.has(key) || UTF8_NAMES.has(key.replace(/-/g, "_"))) return UTF8;
  let codec = cache.get(key);
  if (!codec) {
    codec = buildCodec(encoding);
    cache.set(key, codec);
  }
  return codec;
}

function tryDecode(decode: (b: Uint8Array, p: string) => string, bytes: number[]): string | null {
  try {
    return decode(Uint8Array.from(bytes), "<codec>");
  } catch {
    return null;
  }
}

function buildCodec(encoding: string): OutputCodec {
  const codec = lookupCodec(encoding);
  if (!codec) return ASCII_ONLY;
  const decode = codec.decode.bind(codec);
  // A double-byte codec decodes one of these pairs to a single character.
  for (const pair of [[0x81, 0x40], [0xa4, 0xa2], [0xb0, 0xa1]]) {
    const s = tryDecode(decode, pair);
    if (s !== null && s.length === 1) return ASCII_ONLY;
  }
  const reverse = new Map<number, number>();
  for (let b = 0; b < 256; b++) {
    const s = tryDecode(decode, [b]);
    if (s === null || s.length !== 1) {
      if (b < 0x80) return ASCII_ONLY;
      continue;
    }
    if (!reverse.has(s.charCodeAt(0))) reverse.set(s.charCodeAt(0), b);
  }
  return {
    canEncode: (cp) => reverse.has(cp),
    encode(text) {
      const out = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) {
        const b = reverse.get(text.charCodeAt(i));
        if (b === undefined) return null;
        out[i] = b;
      }
      return out;
    },
  };
}
