/**
 * Method names the runtime, the standard library or common tools call on objects they are handed,
 * without the caller's code naming them: a class defining one of these is implementing a protocol
 * (file-like objects, mappings, import hooks, futures, IPython display hooks, enum hooks…).
 * Dunder names are always protocol methods and are not listed.
 */
export const PROTOCOL_METHODS: ReadonlySet<string> = new Set([
  // file-like objects (print(file=), json.dump, shutil.copyfileobj, logging.StreamHandler, csv…)
  "read", "read1", "readinto", "readinto1", "readline", "readlines", "write", "writelines", "flush", "close",
  "closed", "fileno", "isatty", "seek", "tell", "truncate", "readable", "writable", "seekable", "detach",
  // mappings (dict(x), **x, string.Template, str.format_map)
  "keys", "items", "values", "get",
  // generators and coroutines driven by `yield from`/`await`
  "send", "throw",
  // futures handed to asyncio / concurrent.futures
  "result", "exception", "done", "cancelled", "cancel", "add_done_callback", "remove_done_callback", "get_loop",
  // locks and conditions (with statements use dunders; threading utilities call these)
  "acquire", "release", "locked",
  // import system (finders, loaders, resource readers, metadata finders)
  "find_spec", "find_module", "load_module", "create_module", "exec_module", "get_code", "get_source",
  "get_data", "get_filename", "is_package", "invalidate_caches", "get_resource_reader", "find_distributions",
  "module_repr",
  // logging filters and handlers added to loggers (called by name on any object)
  "filter", "handle", "emit", "format",
  // pickling and copying helpers that are not dunders
  "persistent_id", "persistent_load", "reducer_override",
  // tzinfo, numbers, os.PathLike-style and datetime protocols
  "utcoffset", "dst", "tzname", "fromutc", "timetuple",
  // enum hooks
  "_missing_", "_generate_next_value_", "_numeric_repr_",
  // IPython / Jupyter display protocol
  "_repr_html_", "_repr_markdown_", "_repr_svg_", "_repr_png_", "_repr_jpeg_", "_repr_latex_", "_repr_json_",
  "_repr_javascript_", "_repr_pdf_", "_repr_mimebundle_", "_repr_pretty_", "_ipython_display_",
  "_ipython_key_completions_",
  // namedtuple / dataclass-like API used by tools
  "_asdict", "_replace", "_make",
  // sockets wrapped by socket.SocketIO (makefile): CPython calls _decref_socketios on close, PyPy
  // counts references with _reuse/_drop
  "_decref_socketios", "_reuse", "_drop",
]);

/** Module-level names that tools look up by name in a module (not dunders). */
export const PROTOCOL_MODULE_NAMES: ReadonlySet<string> = new Set([
  "load_tests", // unittest
  "setUpModule", "tearDownModule", // unittest
]);

/**
 * Stdlib base classes whose machinery calls methods by a computed name: a subclass method with
 * one of these prefixes is called (`cmd.Cmd` runs `do_<command>`, `ast.NodeVisitor` `visit_<Node>`).
 */
export const STDLIB_PREFIX_HOOKS: ReadonlyMap<string, readonly string[]> = new Map([
  ["cmd.Cmd", ["do_", "help_", "complete_"]],
  ["http.server.BaseHTTPRequestHandler", ["do_"]],
  ["ast.NodeVisitor", ["visit_"]],
  ["unittest.TestCase", ["test"]],
  ["unittest.case.TestCase", ["test"]],
  ["xmlrpc.server.SimpleXMLRPCDispatcher", ["export_"]],
  ["lib2to3.fixer_base.BaseFix", ["transform"]],
  ["email.feedparser.FeedParser", []],
]);

/** Extra names some stdlib classes call though `dir()` does not show them (C types). */
export const STDLIB_EXTRA_HOOKS: ReadonlyMap<string, readonly string[]> = new Map([
  ["pickle.Pickler", ["persistent_id", "reducer_override", "dispatch_table"]],
  ["_pickle.Pickler", ["persistent_id", "reducer_override", "dispatch_table"]],
  ["pickle.Unpickler", ["persistent_load", "find_class"]],
  ["_pickle.Unpickler", ["persistent_load", "find_class"]],
]);

/**
 * Module-level functions of the standard library that the interpreter's C code calls by name
 * (invisible in Python source). They matter only when the standard library itself is analysed.
 */
export const INTERPRETER_CALLBACKS: ReadonlyMap<string, readonly string[]> = new Map([
  ["re", ["_subx", "_expand", "_compile_template", "_compile_repl"]],
  ["copyreg", ["_reconstructor", "__newobj__", "__newobj_ex__", "_reduce_ex", "_slotnames"]],
  ["_strptime", ["_strptime_time", "_strptime_datetime"]],
  ["sqlite3.dump", ["_iterdump"]],
  ["importlib._bootstrap", ["_install", "_install_external_importers", "_setup", "_find_and_load", "_handle_fromlist", "_lock_unlock_module", "_calc___package__", "_gcd_import"]],
  ["importlib._bootstrap_external", ["_install", "_setup", "_fix_up_module"]],
  ["warnings", ["_filters_mutated", "_showwarnmsg", "_warn_unawaited_coroutine"]],
  ["threading", ["_shutdown", "_after_fork"]],
  ["site", ["main"]],
]);
