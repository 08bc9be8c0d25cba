/**
 * Configuration files written in Python: a tool runs the file and reads its module-level names
 * (`extensions`, `html_theme` of a Sphinx `conf.py`; `bind`, `workers` of a gunicorn config; every
 * setting of a Jupyter or IPython config), and calls the hooks it defines (Sphinx's `setup(app)`,
 * gunicorn's `on_starting`, `post_fork`…). Nothing in the project refers to them, yet removing one
 * changes what the tool does, so every module-level name of such a file is a root. Files are
 * recognised by their name.
 *
 * Some names of other modules are read the same way: the UPPER_CASE names of a settings module
 * (`settings.py`, `settings/*.py`, `*_settings.py`, `config.py`, `*_config.py` — Django's
 * `django.conf.settings`, Flask's `config.from_object`/`from_pyfile` take every upper-case name),
 * `urlpatterns` and the error handlers of a `urls.py` (Django's URL configuration), the
 * `application` of a `wsgi.py`/`asgi.py`, the `Migration` class of a Django migration and the
 * `upgrade`/`downgrade`/`revision` names of an Alembic revision (under `migrations/`, `versions/`).
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

const SETTINGS_FILE = /^(?:settings|config|\w+_settings|settings_\w+|\w+_config)\.py$/;
const UPPER_CASE = /^[A-Z][A-Z0-9_]*$/;
const URLCONF_NAMES = new Set(["urlpatterns", "app_name", "handler400", "handler403", "handler404", "handler500"]);
/** Names of a migration script a migration tool reads (Django: the `Migration` class; Alembic's revision modules). */
const MIGRATION_NAMES = new Set(["Migration", "upgrade", "downgrade", "revision", "down_revision", "branch_labels", "depends_on"]);

/** What reads a module-level name of a file by name (`rel`: path in the project), or null. */
function readerOfName(rel: string, name: string): string | null {
  const parts = rel.split("/");
  const file = parts[parts.length - 1]!;
  const tool = configFileTool(file);
  if (tool) return `read by ${tool} from its configuration file`;
  if (UPPER_CASE.test(name) && (SETTINGS_FILE.test(file) || parts.slice(0, -1).includes("settings"))) return "a setting: settings modules are read by name (django.conf, config.from_object)";
  if (file === "urls.py" && URLCONF_NAMES.has(name)) return "read by Django from the URL configuration";
  if ((file === "wsgi.py" || file === "asgi.py") && name === "application") return "the WSGI/ASGI application servers load by name";
  if (MIGRATION_NAMES.has(name) && parts.slice(0, -1).some((d) => d === "migrations" || d === "versions")) return "read by the migration tool from each migration script";
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
      const why = readerOfName(f.rel, p.name(d));
      if (why) ctx.root(d, { kind: "config-file", detail: why });
    }
  },
};
