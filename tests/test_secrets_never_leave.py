"""Planted secret values never appear in any output: text, JSON, SARIF, GitHub annotations, the audit
reports, the baseline file, or error messages. Values are random per run (hypothesis), placed where the
rules judge them: env files, compose environments, Dockerfile ENV/ARG, nginx and JavaScript source."""
from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import lint, write_tree
from linter.audit import build_audit
from linter.baseline import write_baseline
from linter.report import audit_html, audit_md, audit_text, render

# Weak but real-looking values: the kind a rule must judge without repeating. Mixed case with a digit, like a
# password a person picks, so a value never happens to be a word of prodlint's own documentation.
weak = st.text(alphabet=string.ascii_letters + string.digits, min_size=8, max_size=20).filter(
    lambda s: len(set(s)) > 4 and any(c.isdigit() for c in s) and any(c.isupper() for c in s)
    and any(c.islower() for c in s))
strong = st.text(alphabet=string.ascii_letters + string.digits + "+/", min_size=40, max_size=60).filter(
    lambda s: len(set(s)) > 12)


def planted_repo(jwt: str, db: str, token: str, session: str) -> dict[str, str]:
    return {
        ".env.production": f"NODE_ENV=production\nJWT_SECRET={jwt}\nDB_PASSWORD={db}\nSESSION_SECRET='{session}'\n",
        ".env.example": f"JWT_SECRET=<secret>\nGITHUB_TOKEN={token}\n",
        "docker-compose.yml": (f"services:\n  api:\n    image: node:20-alpine\n    environment:\n"
                               f"      JWT_SECRET: \"{jwt}\"\n      API_TOKEN: {token}\n"
                               f"      DATABASE_URL: postgres://app:{db}@db:5432/app\n"),
        "Dockerfile": f"FROM node:20-alpine\nARG NPM_TOKEN={token}\nENV JWT_SECRET={jwt}\nUSER node\n"
                      "CMD [\"node\", \"server.js\"]\n",
        "nginx/nginx.conf": f"events {{}}\nhttp {{\n  server {{\n    listen 80;\n"
                            f"    proxy_set_header Authorization \"Bearer {token}\";\n  }}\n}}\n",
        "redis.conf": f"requirepass {db}\n",
        "package.json": '{"name": "api", "dependencies": {"express": "4", "jsonwebtoken": "9"}}',
        "server.js": (f"const express = require('express');\nconst jwt = require('jsonwebtoken');\n"
                      f"const app = express();\nconst t = jwt.sign({{ a: 1 }}, '{jwt}');\n"
                      f"const key = '{token}';\napp.listen(3000);\n"),
    }


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(jwt=weak, db=weak, token=strong, session=weak)
def test_no_output_contains_a_planted_secret(tmp_path_factory, jwt, db, token, session):
    root = tmp_path_factory.mktemp("repo")
    write_tree(root, planted_repo(jwt, db, token, session))
    result = lint(root)
    judged = [f for f in result.findings if f.rule_id not in ("PL001", "PL002", "PL003", "PL004")]
    assert judged, "the planted values must be judged by some rule, or this test proves nothing"
    outputs = [render(result, fmt) for fmt in ("text", "json", "sarif", "github")]
    audit = build_audit(result)
    outputs += [audit_html.render(audit), audit_md.render(audit), audit_text.render(audit),
                json.dumps(audit.as_dict())]
    baseline = root / "baseline.json"
    write_baseline(result.findings, baseline)
    outputs.append(baseline.read_text())
    blob = "\n".join(outputs)
    for value in (jwt, db, token, session):
        assert value not in blob, f"a planted secret leaked ({len(value)} characters)"
