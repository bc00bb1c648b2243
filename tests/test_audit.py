"""Known vulnerabilities in the installed packages (pip-audit, PyPI's advisory data), never passed silently.

pip-audit exits 0 and says "No known vulnerabilities found" even when it audited nothing: offline, or
behind a package mirror that serves pip's simple index but not PyPI's JSON API, every package comes
back "not found on PyPI" and is skipped (issue 21). So this test reads its JSON report and decides itself:
- a vulnerability in any package fails;
- some packages audited and some skipped fails (a partial audit is not an audit);
- nothing audited at all (no database reachable) is a skip whose reason says so in capitals, or a
  failure when NBTP_REQUIRE_AUDIT=1 (set it where PyPI's JSON API is reachable, e.g. before a release).
A skip, not a failure, by default: CI here reaches only a pip mirror, and a test that always fails
there would teach people to ignore red.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytest.importorskip("pip_audit")


def test_installed_packages_have_no_known_vulnerabilities() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off",
         "--vulnerability-service", "pypi"],
        capture_output=True, text=True, timeout=600, check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"pip-audit gave no report (exit {result.returncode}):\n{result.stderr[-2000:]}")
    deps = report["dependencies"]
    skipped = [d for d in deps if "skip_reason" in d]
    audited = [d for d in deps if "skip_reason" not in d]
    vulnerable = {d["name"]: [v["id"] for v in d.get("vulns", [])] for d in audited if d.get("vulns")}
    assert not vulnerable, f"known vulnerabilities: {vulnerable}"
    if not audited:
        message = (f"NOT AUDITED: pip-audit reached no vulnerability database; all {len(deps)} packages were "
                   f"skipped (first: {skipped[0]['skip_reason'] if skipped else 'none'})")
        if os.environ.get("NBTP_REQUIRE_AUDIT") == "1":
            pytest.fail(message)
        pytest.skip(message)
    assert not skipped, f"only {len(audited)} of {len(deps)} packages audited; skipped: " + "; ".join(
        d["skip_reason"] for d in skipped[:5])
