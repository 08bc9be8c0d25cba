/**
 * Protocol methods: names the runtime and the standard library call on objects they are given,
 * not through the project's code — file-like `write`/`read`/`close`, mapping `keys`, import
 * finders' `find_spec`, futures' `result`, IPython's `_repr_html_`, enum's `_missing_`… and
 * module-level hooks such as unittest's `load_tests`, and the standard-library functions the
 * interpreter's C code calls by name (`re._subx`, `copyreg._reconstructor`), for when the standard
 * library itself is analysed.
 */
import { DefFlag, DefKind } from "../../graph/callgraph/facts.js";
import { INTERPRETER_CALLBACKS, PROTOCOL_METHODS, PROTOCOL_MODULE_NAMES } from "../known/protocols.js";
import type { RootCollector } from "./types.js";

export const protocolRoots: RootCollector = {
  kind: "protocol",
  collect(ctx) {
    const p = ctx.program;
    for (let d = 0; d < p.defCount; d++) {
      const name = p.name(d);
      const flags = p.flags(d);
      if (flags & DefFlag.Member && p.kind(d) !== DefKind.Class && PROTOCOL_METHODS.has(name)) {
        ctx.root(d, { kind: "protocol", detail: `protocol method ${name}` });
      } else if (p.defParent[d] === -1 && PROTOCOL_MODULE_NAMES.has(name) && p.kind(d) === DefKind.Function) {
        ctx.root(d, { kind: "protocol", detail: `module hook ${name}` });
      } else if (p.defParent[d] === -1 && INTERPRETER_CALLBACKS.get(p.file(d).module)?.includes(name)) {
        ctx.root(d, { kind: "protocol", detail: `called by the interpreter (${p.file(d).module}.${name})` });
      }
    }
  },
};
