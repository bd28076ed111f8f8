"""An nginx rule run once per tree must report, in each file, what it reports when run on that file alone."""
from __future__ import annotations

import json

from conftest import lint
from linter.model import nginx_groups

MAIN = ("events {}\nhttp {\n    server_tokens on;\n    add_header X-Frame-Options DENY;\n"
        "    include conf.d/*.conf;\n}\n")


def _site(i: int) -> str:
    if i % 2:
        return (f"server {{\n    listen 80;\n    server_name s{i}.example.com;\n"
                f"    location / {{ proxy_pass http://app{i}:8080; add_header X-Test {i}; }}\n}}\n")
    return (f"server {{\n    listen 443 ssl;\n    server_name t{i}.example.com;\n    ssl_protocols TLSv1 TLSv1.2;\n"
            f"    add_header Access-Control-Allow-Origin *;\n    location /static/ {{ alias /srv/s{i}/; }}\n"
            f"    location ~ /api/(.*) {{ proxy_pass http://$1; }}\n}}\n")


def _findings(tmp_path, monkeypatch, min_files):
    monkeypatch.setattr(nginx_groups, "MIN_FILES", min_files)
    files = {"nginx/nginx.conf": MAIN, **{f"nginx/conf.d/site{i}.conf": _site(i) for i in range(6)}}
    result = lint(tmp_path, files, use_git=False)
    return [json.dumps([f.rule_id, f.path, f.span.line, f.span.column, f.message, f.fingerprint], sort_keys=True)
            for f in result.findings]


def test_once_per_tree_reports_what_each_file_reports_alone(tmp_path, monkeypatch):
    alone = _findings(tmp_path, monkeypatch, 10 ** 9)
    grouped = _findings(tmp_path, monkeypatch, 2)
    assert grouped == alone
    assert {json.loads(f)[1] for f in grouped} >= {"nginx/conf.d/site0.conf", "nginx/conf.d/site1.conf"}
    assert len({json.loads(f)[0] for f in grouped}) >= 4


def test_rules_reading_more_of_the_document_run_per_file():
    from linter.catalog import load_catalog
    from linter.loader import load_rules

    rules = {r.id: r for r in load_rules([], load_catalog().ids) if "nginx" in r.meta.kinds}
    assert not nginx_groups._reads_only_the_trees(rules["NGX002"])  # builds a fix from doc.file
    assert not nginx_groups._reads_only_the_trees(rules["NGX006"])  # reads doc.directives
    assert nginx_groups._reads_only_the_trees(rules["NGX016"])
