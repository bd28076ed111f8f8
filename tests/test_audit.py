"""The audit reports every checklist item with a verdict; its HTML and Markdown match its JSON."""
from __future__ import annotations

import json
import re

from conftest import ROOT, lint, prodlint, write_tree
from linter.audit import build_audit
from linter.catalog import load_catalog
from linter.report import audit_html, audit_md

DEMO = ROOT / "fixtures" / "demo"


def test_every_catalog_item_has_a_verdict():
    audit = build_audit(lint(DEMO))
    catalog = load_catalog()
    assert [i.item.id for i in audit.items] == [i.id for i in catalog.items]
    verdicts = {i.item.id: i.verdict for i in audit.items}
    assert verdicts["operations.backups"] == "manual"
    assert verdicts["docker.restart-policy"] == "failed"
    for i in audit.items:
        if i.verdict == "failed":
            assert i.findings and all(i.item.id in f.checklist for f in i.findings)


def test_not_applicable_without_files_of_the_kinds(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  a:\n    image: a:1\n    restart: always\n"})
    verdicts = {i.item.id: i.verdict for i in build_audit(lint(tmp_path)).items}
    assert verdicts["tls.https-redirect"] == "not-applicable"  # nginx only
    assert verdicts["docker.restart-policy"] == "passed"


def test_disabled_rules_make_an_item_not_checked(tmp_path):
    from linter.loader import load_rules
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  a:\n    image: a:1\n"})
    evidencing = [r.id for r in load_rules([], load_catalog().ids) if "docker.restart-policy" in r.meta.checklist]
    verdicts = {i.item.id: i.verdict for i in build_audit(lint(tmp_path, ignore=evidencing)).items}
    assert verdicts["docker.restart-policy"] == "not-checked"


def test_reports_agree_with_json(tmp_path):
    html_path, md_path, json_path = tmp_path / "a.html", tmp_path / "a.md", tmp_path / "a.json"
    proc = prodlint("audit", DEMO, "--root", DEMO, "--html", html_path, "--markdown", md_path, "-f", "json", "-o", json_path)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(json_path.read_text())
    html = html_path.read_text()
    for verdict, n in data["summary"]["items"].items():
        if n or verdict != "not-checked":
            assert f'data-count="{verdict}">{n}<' in html
    for sev, n in data["summary"]["findings"].items():
        assert f'data-severity="{sev}"' in html and f">{n}</b>{sev}" in html
    assert html.count('class="item ') == len(load_catalog().items)
    # self-contained: no script, no external asset
    assert "<script" not in html and not re.search(r'(src|href)="(https?:)?//', html)
    md = md_path.read_text()
    assert f"**{data['summary']['items']['failed']}** failed" in md


def test_snippets_are_masked(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  a:\n    image: a:1\n    environment:\n"
                                                "      API_TOKEN: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"})
    audit = build_audit(lint(tmp_path))
    text = audit_html.render(audit) + audit_md.render(audit)
    assert "ghp_abcdefghijklmnopqrstuvwxyz0123456789" not in text
