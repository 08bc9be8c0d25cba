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

/** Which of a file's module-level names a tool reads by name (`rel`: path in the project), or null for none. */
function nameReader(rel: string): ((name: string) => string | null) | null {
  const parts = rel.split("/");
  const file = parts[parts.length - 1]!;
  const folders = parts.slice(0, -1);
  const tool = configFileTool(file);
  if (tool) return () => `read by ${tool} from its configuration file`;
  const settings = SETTINGS_FILE.test(file) || folders.includes("settings");
  const urls = file === "urls.py";
  const wsgi = file === "wsgi.py" || file === "asgi.py";
  const migration = folders.some((d) => d === "migrations" || d === "versions");
  if (!settings && !urls && !wsgi && !migration) return null;
  return (name) => {
    if (settings && UPPER_CASE.test(name)) return "a setting: settings modules are read by name (django.conf, config.from_object)";
    if (urls && URLCONF_NAMES.has(name)) return "read by Django from the URL configuration";
    if (wsgi && name === "application") return "the WSGI/ASGI application servers load by name";
    if (migration && MIGRATION_NAMES.has(name)) return "read by the migration tool from each migration script";
    return null;
  };
}

export const configFileRoots: RootCollector = {
  kind: "config-file",
  collect(ctx) {
    const p = ctx.program;
    p.files.forEach((f, fi) => {
      if (f.external) return;
      const reader = nameReader(f.rel);
      if (!reader) return;
      for (const [name, defs] of p.moduleDefs[fi]!) {
        const why = reader(name);
        if (why) for (const d of defs) if (p.kind(d) !== DefKind.Import) ctx.root(d, { kind: "config-file", detail: why });
      }
    });
  },
};
