"""An nginx rule run once per tree must report, in each file, what it reports when run on that file alone."""
from __future__ import annotations

import json
import re

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


_DOC = re.compile(r"\bdoc\b")
_TREE_USES = re.compile(r"\bdef check\(doc, ctx\)|\bEmitter\(doc, ctx\)|\.trees_for\(doc\)")


def _reads_only_the_trees(source: str) -> bool:
    """What ``per_tree`` promises, read from a rule's source: the document serves only to build the Emitter
    and to ask for the trees, and nothing reports or reads around it."""
    return ("Emitter(doc, ctx)" in source and "ctx.file" not in source and ".finding(" not in source
            and len(_DOC.findall(source)) == len(_TREE_USES.findall(source)))


def _nginx_rules():
    from linter.catalog import load_catalog
    from linter.loader import load_rules
    return {r.id: r for r in load_rules([], load_catalog().ids) if "nginx" in r.meta.kinds}


def test_rules_declared_per_tree_read_nothing_but_the_trees():
    for rule in _nginx_rules().values():
        source = rule.path.read_text(encoding="utf-8")
        assert rule.meta.per_tree == _reads_only_the_trees(source), rule.id


def test_the_promise_is_checked_against_what_breaks_it():
    plain = "def check(doc, ctx):\n    emit = Emitter(doc, ctx)\n    for tree in model.trees_for(doc):\n        pass\n"
    assert _reads_only_the_trees(plain)
    assert not _reads_only_the_trees(plain + "    fix = doc.file.text\n")  # a fix built from the file
    assert not _reads_only_the_trees(plain + "    yield ctx.finding(span, 'k', 'm')\n")
    assert not _reads_only_the_trees(plain + "    name = ctx.file.rel\n")


def test_rules_reading_more_of_the_document_run_per_file():
    rules = _nginx_rules()
    assert not rules["NGX002"].meta.per_tree  # builds a fix from doc.file
    assert not rules["NGX006"].meta.per_tree  # reads doc.directives
    assert rules["NGX016"].meta.per_tree
