/**
 * Decorators known to register nothing: a function or class decorated only with these is used
 * only if something references it. Every other decorator (`@app.route`, `@pytest.fixture`,
 * `@receiver(...)`, `@register`) may store the function somewhere a framework calls it from, so the
 * decorated definition is a root.
 *
 * Entries are dotted names as the code imports them; a trailing `.*` covers a whole namespace.
 */
const NOOP = [
  "builtins.staticmethod", "builtins.classmethod", "builtins.property",
  "functools.wraps", "functools.lru_cache", "functools.cache", "functools.cached_property",
  "functools.total_ordering", "functools.singledispatch", "functools.singledispatchmethod",
  "abc.abstractmethod", "abc.abstractproperty", "abc.abstractclassmethod", "abc.abstractstaticmethod",
  "typing.overload", "typing.final", "typing.override", "typing.no_type_check", "typing.runtime_checkable",
  "typing.dataclass_transform", "typing.type_check_only",
  "typing_extensions.overload", "typing_extensions.final", "typing_extensions.override",
  "typing_extensions.runtime_checkable", "typing_extensions.deprecated", "typing_extensions.dataclass_transform",
  "warnings.deprecated", "deprecated.deprecated", "deprecation.deprecated",
  "dataclasses.dataclass", "contextlib.contextmanager", "contextlib.asynccontextmanager",
  "enum.unique", "enum.verify", "enum.property", "types.coroutine", "types.DynamicClassAttribute", "asyncio.coroutine",
  "unittest.skip", "unittest.skipIf", "unittest.skipUnless", "unittest.expectedFailure",
  "unittest.mock.patch", "unittest.mock.patch.object", "unittest.mock.patch.dict", "unittest.mock.patch.multiple",
  "mock.patch", "mock.patch.object", "mock.patch.dict",
  "pytest.mark.*", "attr.s", "attr.attrs", "attr.define", "attr.frozen", "attr.mutable", "attr.dataclass",
  "attrs.define", "attrs.frozen", "attrs.mutable",
  "cached_property.cached_property", "werkzeug.utils.cached_property",
];

const EXACT = new Set(NOOP.filter((n) => !n.endsWith(".*")));
const PREFIXES = NOOP.filter((n) => n.endsWith(".*")).map((n) => n.slice(0, -1));

/** Whether a decorator descriptor (dotted name, call parentheses stripped) is a known no-op. */
export function isKnownNoopDecorator(dotted: string): boolean {
  if (EXACT.has(dotted)) return true;
  return PREFIXES.some((p) => dotted.startsWith(p));
}
