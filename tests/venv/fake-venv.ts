/** Builds venv-shaped folders from a file table, for tests that need no real Python. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface FakeVenvOptions {
  /** pyvenv.cfg text; null for a prefix without one. */
  cfg?: string | null;
  layout?: "posix" | "windows";
  minor?: number;
}

/** Creates a venv under a new temp folder; `files` are relative to site-packages ("../../../x" reaches the root). */
export function fakeVenv(files: Record<string, string>, options: FakeVenvOptions = {}): { root: string; site: string } {
  const root = mkdtempSync(join(tmpdir(), "tsrs-fake-venv-"));
  const minor = options.minor ?? 11;
  const windows = options.layout === "windows";
  const cfg = options.cfg === undefined ? `home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.${minor}.4\n` : options.cfg;
  if (cfg !== null) writeFileSync(join(root, "pyvenv.cfg"), cfg);
  const site = windows ? join(root, "Lib", "site-packages") : join(root, "lib", `python3.${minor}`, "site-packages");
  mkdirSync(site, { recursive: true });
  const bin = join(root, windows ? "Scripts" : "bin");
  mkdirSync(bin, { recursive: true });
  if (windows) writeFileSync(join(bin, "python.exe"), "MZ");
  else {
    writeFileSync(join(bin, `python3.${minor}`), "#!fake interpreter\n");
    symlinkSync(`python3.${minor}`, join(bin, "python3"));
    symlinkSync("python3", join(bin, "python"));
  }
  for (const [rel, text] of Object.entries(files)) {
    const p = join(site, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  return { root, site };
}

/** A RECORD listing the given site-relative paths (hashes left empty). */
export function record(...paths: string[]): string {
  return paths.map((p) => `${p},,\n`).join("");
}

export function metadata(name: string, version: string, ...requires: string[]): string {
  return `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n${requires.map((r) => `Requires-Dist: ${r}\n`).join("")}\n`;
}
