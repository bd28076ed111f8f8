"""The SARIF of every fixture repository passes the shared sarif-validate, Multitool GitHub rules included.

The Multitool is installed by the script with npm on first use; where npm or its registry cannot be
reached the test is skipped with the script's own reason.
"""
from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT, prodlint

VALIDATE = ROOT.parent / "shared" / "tools" / "sarif-validate"


@pytest.mark.skipif(not VALIDATE.exists(), reason="../shared/tools/sarif-validate is not beside the checkout")
@pytest.mark.skipif(not shutil.which("npm"), reason="npm is not installed: the SARIF Multitool cannot be installed")
def test_fixture_sarif_passes_multitool(tmp_path):
    logs = []
    for repo in sorted(p for p in (ROOT / "fixtures").iterdir() if p.is_dir() and p.name in ("demo", "hostile")):
        out = tmp_path / f"{repo.name}.sarif"
        proc = prodlint("check", "-f", "sarif", "-o", out, "--root", repo, repo)
        assert proc.returncode in (0, 1), proc.stderr
        logs.append(out)
    proc = subprocess.run([str(VALIDATE), "--require-multitool", *map(str, logs)], capture_output=True, text=True,
                          timeout=900)
    if proc.returncode == 2 and "install" in proc.stderr.lower():
        pytest.skip(f"Multitool unavailable: {proc.stderr.strip().splitlines()[-1]}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count("OK") == len(logs), proc.stdout
