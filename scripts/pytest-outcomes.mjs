/** Shared by the scripts that compare test outcomes of original and minified code. */

/** pytest plugin writing `{nodeid: outcome}` as JSON to $TSRS_OUTCOMES at the end of the session. */
export const PLUGIN = `
import json, os

_outcomes = {}

def pytest_collectreport(report):
    if report.failed:
        _outcomes[(report.nodeid or ".") + "::<collection>"] = "error"

def pytest_runtest_logreport(report):
    xfail = hasattr(report, "wasxfail")
    prev = _outcomes.get(report.nodeid)
    if report.when == "setup":
        if report.failed:
            _outcomes[report.nodeid] = "error"
        elif report.skipped:
            _outcomes[report.nodeid] = "xfailed" if xfail else "skipped"
    elif report.when == "call":
        if report.passed:
            _outcomes[report.nodeid] = "xpassed" if xfail else "passed"
        elif report.failed:
            _outcomes[report.nodeid] = "failed"
        else:
            _outcomes[report.nodeid] = "xfailed" if xfail else "skipped"
    elif report.failed and prev != "failed":
        _outcomes[report.nodeid] = "error"

def pytest_sessionfinish(session):
    path = os.environ.get("TSRS_OUTCOMES")
    if path:
        with open(path, "w") as f:
            json.dump(_outcomes, f)
`;
