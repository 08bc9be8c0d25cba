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

/**
 * More libraries whose upstream test suites `scripts/test-libraries.mjs` runs on their minified
 * code (not in the dead-code corpus, whose findings are judged by hand). Besides the fields above:
 * `pkgs` may name a single-module library (`six.py`); `tests` may be a file or a folder inside the
 * package (then `exclude` keeps it from being minified: globs relative to the package);
 * `tagOf(version)` names the release's tag when it is not `X.Y` or `vX.Y`; `extra` are more paths of the tag the
 * tests need (pyparsing's tests run its examples); `targets` what pytest runs when not all of `tests`.
 */
export const TEST_LIBRARIES = [
  { name: "more-itertools", pkgs: ["more_itertools"], dist: "more-itertools", repo: "more-itertools+more-itertools", tests: "tests" },
  { name: "pyparsing", pkgs: ["pyparsing"], dist: "pyparsing", repo: "pyparsing+pyparsing", tests: "tests", tagOf: (v) => `pyparsing_${v}`, extra: ["examples"] },
  { name: "packaging", pkgs: ["packaging"], dist: "packaging", repo: "pypa+packaging", tests: "tests" },
  { name: "sortedcontainers", pkgs: ["sortedcontainers"], dist: "sortedcontainers", repo: "grantjenks+python-sortedcontainers", tests: "tests" },
  { name: "jmespath", pkgs: ["jmespath"], dist: "jmespath", repo: "jmespath+jmespath.py", tests: "tests" },
  { name: "idna", pkgs: ["idna"], dist: "idna", repo: "kjd+idna", tests: "tests" },
  { name: "six", pkgs: ["six.py"], dist: "six", repo: "benjaminp+six", tests: "test_six.py" },
  { name: "xmltodict", pkgs: ["xmltodict.py"], dist: "xmltodict", repo: "martinblech+xmltodict", tests: "tests" },
  { name: "itsdangerous", pkgs: ["itsdangerous"], dist: "itsdangerous", repo: "pallets+itsdangerous", tests: "tests" },
  { name: "dateutil", pkgs: ["dateutil"], dist: "python-dateutil", repo: "dateutil+dateutil", tests: "dateutil/test", exclude: ["test/**"] },
  { name: "pygments", pkgs: ["pygments"], dist: "Pygments", repo: "pygments+pygments", tests: "tests" },
  { name: "decorator", pkgs: ["decorator.py"], dist: "decorator", repo: "micheles+decorator", tests: "src/tests", targets: ["src/tests/test.py"] },
  { name: "pluggy", pkgs: ["pluggy"], dist: "pluggy", repo: "pytest-dev+pluggy", tests: "testing" },
  { name: "markupsafe", pkgs: ["markupsafe"], dist: "MarkupSafe", repo: "pallets+markupsafe", tests: "tests" },
  { name: "pyjwt", pkgs: ["jwt"], dist: "PyJWT", repo: "jpadilla+pyjwt", tests: "tests" },
  { name: "oauthlib", pkgs: ["oauthlib"], dist: "oauthlib", repo: "oauthlib+oauthlib", tests: "tests" },
  { name: "distro", pkgs: ["distro"], dist: "distro", repo: "python-distro+distro", tests: "tests" },
  { name: "toml", pkgs: ["toml"], dist: "toml", repo: "uiri+toml", tests: "tests", extra: ["test.toml"] },
  { name: "colorama", pkgs: ["colorama"], dist: "colorama", repo: "tartley+colorama", tests: "colorama/tests", exclude: ["tests/**"] },
  { name: "chardet", pkgs: ["chardet"], dist: "chardet", repo: "chardet+chardet", tests: "test.py", extra: ["tests"] },
  { name: "fs", pkgs: ["fs"], dist: "fs", repo: "PyFilesystem+pyfilesystem2", tests: "tests" },
  { name: "iniconfig", pkgs: ["iniconfig"], dist: "iniconfig", repo: "pytest-dev+iniconfig", tests: "testing" },
  { name: "botocore", pkgs: ["botocore"], dist: "botocore", repo: "boto+botocore", tests: "tests", targets: ["tests/unit"] },
  { name: "boto3", pkgs: ["boto3"], dist: "boto3", repo: "boto+boto3", tests: "tests", targets: ["tests/unit"] },
  { name: "s3transfer", pkgs: ["s3transfer"], dist: "s3transfer", repo: "boto+s3transfer", tests: "tests", targets: ["tests/unit", "tests/functional"] },
  { name: "sqlalchemy", pkgs: ["sqlalchemy"], dist: "SQLAlchemy", repo: "sqlalchemy+sqlalchemy", tests: "test", tagOf: (v) => `rel_${v.replaceAll(".", "_")}`, extra: ["lib/sqlalchemy/testing/plugin"], targets: ["test/base", "test/sql", "test/engine"] },
];
