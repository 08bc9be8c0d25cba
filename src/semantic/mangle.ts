/** Private name mangling, as CPython's `_Py_Mangle`: `__x` inside class `_C` becomes `_C__x`. */
export function mangleName(className: string | null, name: string): string {
  if (className === null || name.charCodeAt(0) !== 95 || name.charCodeAt(1) !== 95) return name;
  const n = name.length;
  // Dunder names and dotted import names are never mangled.
  if ((name.charCodeAt(n - 1) === 95 && name.charCodeAt(n - 2) === 95) || name.includes(".")) return name;
  let i = 0;
  while (i < className.length && className.charCodeAt(i) === 95) i++;
  if (i === className.length) return name; // a class named only with underscores mangles nothing
  return "_" + className.slice(i) + name;
}
