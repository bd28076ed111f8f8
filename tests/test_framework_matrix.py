"""docs/frameworks.md is generated from the rule cases and must be current; every checklist item about backend
source has a must-fire and a must-not-fire case for every framework or library it applies to."""
from __future__ import annotations

import importlib.util
import sys

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("framework_matrix", ROOT / "scripts" / "framework_matrix.py")
matrix = importlib.util.module_from_spec(_spec)
sys.modules["framework_matrix"] = matrix  # dataclasses look their module up there
_spec.loader.exec_module(matrix)


def test_doc_is_current():
    cells = matrix.matrix()
    text = matrix.render(cells)
    assert (ROOT / "docs" / "frameworks.md").read_text(encoding="utf-8") == text, \
        "docs/frameworks.md is stale: run python scripts/framework_matrix.py"


def test_every_applicable_cell_has_both_kinds_of_case():
    assert matrix.problems(matrix.matrix()) == []


def test_a_missing_case_is_a_problem():
    cells = matrix.matrix()
    cells.pop(("docker.signals", "Hapi"))
    assert matrix.problems(cells) == ["docker.signals x Hapi: 0 must-fire, 0 must-not-fire case(s)"]


def test_frameworks_are_detected_from_imports_not_mentions():
    assert matrix.targets_of({"server.js": "const express = require('express');\nrequire('http').createServer(app)"}) \
        == {"Express"}
    assert matrix.targets_of({"server.mjs": "import { createServer } from 'node:http';"}) == {"node:http"}
    assert matrix.targets_of({"a.ts": "// a comment about koa and fastify\nimport { Controller } from '@nestjs/common';"}) \
        == {"NestJS"}
    assert matrix.targets_of({"app/main.py": "from fastapi import FastAPI\nfrom starlette.middleware.sessions import X"}) \
        == {"FastAPI"}
    assert matrix.targets_of({"asgi.py": "from starlette.applications import Starlette"}) == {"Starlette"}
    assert matrix.targets_of({"knexfile.js": "module.exports = { production: { client: 'pg' } };"}) == {"knex"}
    assert matrix.targets_of({"requirements.txt": "Flask==3.0\n", "app/config.py": "DEBUG = False"}) == {"Flask"}
    assert matrix.targets_of({"mysite/settings.py": "INSTALLED_APPS = []"}) == {"Django"}
