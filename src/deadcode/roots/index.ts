/**
 * Every kind of root, in the order their marks are recorded (the first mark of a node explains
 * it in reports). Each kind lives in its own file.
 */
import { classHookRoots } from "./class-hooks.js";
import { configFileRoots } from "./config-files.js";
import { decoratorRoots } from "./decorators.js";
import { dunderRoots } from "./dunders.js";
import { entryPointRoots } from "./entry-points.js";
import { explicitRoots } from "./explicit.js";
import { keepCommentRoots } from "./keep-comments.js";
import { libraryApiRoots } from "./library-api.js";
import { moduleCodeRoots } from "./module-code.js";
import { overrideRoots } from "./overrides.js";
import { protocolRoots } from "./protocols.js";
import { reExportRoots } from "./re-exports.js";
import { scriptRoots } from "./scripts.js";
import { testRoots } from "./tests.js";
import type { RootCollector } from "./types.js";
import { whitelistRoots } from "./whitelist.js";

export const ROOT_KINDS: readonly RootCollector[] = [
  keepCommentRoots,
  explicitRoots,
  whitelistRoots,
  reExportRoots,
  entryPointRoots,
  scriptRoots,
  configFileRoots,
  testRoots,
  decoratorRoots,
  classHookRoots,
  dunderRoots,
  protocolRoots,
  overrideRoots,
  libraryApiRoots,
  moduleCodeRoots,
];

export type { RootCollector, RootContext, RootKind, RootMark, RootSettings } from "./types.js";
