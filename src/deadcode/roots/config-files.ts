/**
 * Configuration files written in Python: a tool runs the file and reads its module-level names
 * (`extensions`, `html_theme` of a Sphinx `conf.py`; `bind`, `workers` of a gunicorn config; every
 * setting of a Jupyter or IPython config), and calls the hooks it defines (Sphinx's `setup(app)`,
 * gunicorn's `on_starting`, `post_fork`…). Nothing in the project refers to them, yet removing one
 * changes what the tool does, so every module-level name of such a file is a root. Files are
 * recognised by their name.
 */
import { DefKind } from "../../graph/callgraph/facts.js";
import type { RootCollector } from "./types.js";

/** File names of Python configuration files, and the tool that reads them. */
const CONFIG_FILES: ReadonlyArray<[RegExp, string]> = [
  [/^conf\.py$/, "Sphinx"],
  [/^gunicorn(?:[._-]?conf(?:ig)?)?\.py$/, "gunicorn"],
  [/^(?:jupyter|ipython|jupyterhub|nbconvert|jupyter_server|jupyter_notebook|jupyter_lab)(?:_\w+)?_config\.py$/, "Jupyter"],
  [/^celeryconfig\.py$/, "Celery"],
  [/^(?:pelican|publish)conf\.py$/, "Pelican"],
];

/** The tool reading a file of this name as its configuration, or null. */
export function configFileTool(fileName: string): string | null {
  for (const [re, tool] of CONFIG_FILES) if (re.test(fileName)) return tool;
  return null;
}

export const configFileRoots: RootCollector = {
  kind: "config-file",
  collect(ctx) {
    const p = ctx.program;
    for (let d = 0; d < p.defCount; d++) {
      if (p.defParent[d] !== -1 || p.kind(d) === DefKind.Import) continue;
      const f = p.file(d);
      if (f.external) continue;
      const tool = configFileTool(f.rel.slice(f.rel.lastIndexOf("/") + 1));
      if (tool) ctx.root(d, { kind: "config-file", detail: `read by ${tool} from its configuration file` });
    }
  },
};
