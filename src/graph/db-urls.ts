/**
 * Connection URLs in a project's code name the driver a library imports by name at run time:
 * SQLAlchemy's `create_engine("mysql+pymysql://…")` imports `pymysql` when the engine is made
 * (`postgresql://…` its default driver, psycopg2), Celery's and redis-py's `redis://…` need `redis`,
 * `mongodb://…` `pymongo`. No import statement shows them, so a slim venv would lose the driver.
 * Found by a text search of the project's files (module-facts.ts adds them to its `dotted`
 * names, which the import graph imports when installed).
 */

/** `"scheme://`, `'dialect+driver://` in a string literal. */
const CONNECTION_URL = /["'`]([a-z][a-z0-9]*)(?:\+([a-z][a-z0-9_]*))?:\/\//g;

/** Modules of a driver name (`dialect+driver://`), where they differ from the name. */
const DRIVER_MODULES: Readonly<Record<string, readonly string[]>> = {
  mysqldb: ["MySQLdb"],
  mysqlconnector: ["mysql.connector"],
  cx_oracle: ["cx_Oracle"],
  pysqlite: ["sqlite3"],
  // mongodb+srv:// resolves the host list through DNS (dnspython's `dns`).
  srv: ["pymongo", "dns"],
};

/** Modules a scheme without a driver loads (SQLAlchemy's default driver of a dialect, clients of other URLs). */
const SCHEME_MODULES: Readonly<Record<string, readonly string[]>> = {
  postgresql: ["psycopg2"],
  postgres: ["psycopg2"],
  mysql: ["MySQLdb"],
  mariadb: ["MySQLdb"],
  mssql: ["pyodbc"],
  oracle: ["cx_Oracle", "oracledb"],
  redis: ["redis"],
  rediss: ["redis"],
  mongodb: ["pymongo"],
  amqp: ["amqp"],
  amqps: ["amqp"],
};

/** The modules the connection URLs spelled in `text` may load, in order of appearance. */
export function urlDriverModules(text: string): string[] {
  if (!text.includes("://")) return [];
  const out: string[] = [];
  for (const m of text.matchAll(CONNECTION_URL)) {
    const [, scheme, driver] = m;
    const mods = driver !== undefined ? (DRIVER_MODULES[driver] ?? [driver]) : (SCHEME_MODULES[scheme!] ?? []);
    for (const mod of mods) if (!out.includes(mod)) out.push(mod);
  }
  return out;
}
