/**
 * The real-code corpus of `bench/deadcode.mjs` and `scripts/test-libraries.mjs`: libraries as Debian
 * ships them in /usr/lib/python3/dist-packages, and where their upstream tests come from — a git
 * clone at `$TSRS_BENCH_REPOS/<repo>/repo`, `tests` being the tests folder at the release's tag.
 * `pkgs` are the importable packages, `dist` the distribution name (for its installed version).
 */
export const LIBRARIES = [
  { name: "click", pkgs: ["click"], dist: "click", repo: "pallets+click", tests: "tests" },
  { name: "flask", pkgs: ["flask"], dist: "Flask", repo: "pallets+flask", tests: "tests" },
  { name: "werkzeug", pkgs: ["werkzeug"], dist: "Werkzeug", repo: "pallets+werkzeug", tests: "tests" },
  { name: "jinja2", pkgs: ["jinja2"], dist: "Jinja2", repo: "pallets+jinja", tests: "tests" },
  { name: "pytest", pkgs: ["pytest", "_pytest"], dist: "pytest", repo: "pytest-dev+pytest", tests: "testing" },
  { name: "attrs", pkgs: ["attr", "attrs"], dist: "attrs", repo: "python-attrs+attrs", tests: "tests" },
  { name: "blinker", pkgs: ["blinker"], dist: "blinker", repo: "pallets-eco+blinker", tests: "tests" },
];
