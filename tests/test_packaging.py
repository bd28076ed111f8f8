"""A plain `pip install .` (no checkout on the path) finds every rule and every schema."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from linter.catalog import load_catalog
from linter.loader import load_rules


def test_installed_package_finds_rules_and_schemas(tmp_path):
    target = tmp_path / "site"
    build = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                            "--target", str(target), str(ROOT)], capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-2000:]
    assert not (target / "rules").exists(), "rules/ must be installed inside the linter package"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "docker-compose.yml").write_text("services:\n  a:\n    image: a:1\n")
    # the installed copy first on the path; the venv's site-packages still provide the dependencies
    env = dict(os.environ, PYTHONPATH=str(target), PYTHONSAFEPATH="1")
    code = ("import json, linter, linter.resources as r; from linter.cli import main\n"
            "print(json.dumps([linter.__file__, str(r.builtin_rules_dir()), str(r.schema_path('x'))]))")
    where = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert where.returncode == 0, where.stderr
    module, rules_dir, schema = json.loads(where.stdout)
    assert module.startswith(str(target)) and rules_dir.startswith(str(target)) and schema.startswith(str(target))

    listing = subprocess.run([sys.executable, "-m", "linter", "rules", "-f", "json"], cwd=elsewhere, env=env,
                             capture_output=True, text=True)
    assert listing.returncode == 0, listing.stderr
    installed = {r["id"] for r in json.loads(listing.stdout)}
    in_source = {r.id for r in load_rules([], load_catalog().ids)}
    assert in_source and installed == in_source
    for name in ("sarif-schema-2.1.0.json", "config.schema.json", "rule-metadata.schema.json",
                 "checklist.schema.json", "checklist.yaml", "audit.schema.json", "evidence.yaml",
                 "evidence.schema.json"):
        assert (Path(schema).parent / name).is_file(), name
    check = subprocess.run([sys.executable, "-m", "linter", "check", "--select", "CMP002", "."], cwd=elsewhere,
                           env=env, capture_output=True, text=True)
    assert check.returncode == 1 and "CMP002" in check.stdout, check.stdout + check.stderr
    audit = subprocess.run([sys.executable, "-m", "linter", "audit", "-f", "json", "."], cwd=elsewhere, env=env,
                           capture_output=True, text=True)
    assert audit.returncode == 1 and json.loads(audit.stdout)["summary"]["items"]["failed"], audit.stderr
