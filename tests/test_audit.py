"""The audit: every checklist item with a truthful status (passed only on evidence seen), its reports agree with
its JSON, which validates against the published schema, and no format shows a secret."""
from __future__ import annotations

import json
import re

import jsonschema
import pytest

from conftest import ROOT, lint, prodlint, write_tree
from linter.audit import build_audit
from linter.audit_evidence import load_evidence
from linter.catalog import load_catalog
from linter.report import audit_html, audit_md, audit_text

DEMO = ROOT / "fixtures" / "demo"
SCHEMA = json.loads((ROOT / "schemas" / "audit.schema.json").read_text())

GOOD_SERVICE = """\
services:
  api:
    image: example/api:1.4.2
    restart: unless-stopped
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:3000/health"]
      interval: 30s
    user: "1000:1000"
"""


def statuses(result) -> dict[str, str]:
    return {i.item.id: i.status for i in build_audit(result).items}


def item(result, item_id: str):
    return next(i for i in build_audit(result).items if i.item.id == item_id)


# ---- the catalog of evidence ------------------------------------------------------------------------
def test_evidence_names_only_catalog_items_and_covers_every_checkable_one():
    catalog = load_catalog()
    evidence = load_evidence()
    assert set(evidence) <= catalog.ids
    checkable = {i.id for i in catalog.items if i.static != "none"}
    missing = sorted(i for i in checkable if i not in evidence or evidence[i].passes is None)
    assert missing == []


def test_every_catalog_item_has_a_status():
    audit = build_audit(lint(DEMO))
    assert [i.item.id for i in audit.items] == [i.id for i in load_catalog().items]
    got = {i.item.id: i.status for i in audit.items}
    assert got["operations.backups"] == "manual"
    assert got["docker.restart-policy"] == "failed"
    for i in audit.items:
        assert i.reason, i.item.id
        assert (i.status == "failed") == bool(i.findings), i.item.id
        assert all(i.item.id in f.checklist for f in i.findings)
        if i.status == "passed":
            assert i.evidence


# ---- passed only on positive evidence ---------------------------------------------------------------
def test_a_healthcheck_seen_passes_with_its_location(tmp_path):
    result = lint(tmp_path, {"docker-compose.yml": GOOD_SERVICE})
    health = item(result, "docker.healthchecks")
    assert health.status == "passed"
    assert [(o.path, o.line) for o in health.evidence] == [("docker-compose.yml", 6)]
    assert "healthcheck" in health.evidence[0].text
    restart = item(result, "docker.restart-policy")
    assert restart.status == "passed"
    assert [(o.path, o.line, o.text) for o in restart.evidence] == \
        [("docker-compose.yml", 4, "services.api.restart: unless-stopped")]


def test_a_missing_healthcheck_fails(tmp_path):
    result = lint(tmp_path, {"docker-compose.yml": GOOD_SERVICE.replace("    healthcheck:\n", "    x-h:\n")})
    assert statuses(result)["docker.healthchecks"] == "failed"


def test_csp_is_not_passed_when_nothing_sends_one(tmp_path):
    nginx = "events {}\nhttp {\n  server {\n    listen 80;\n    return 301 https://$host$request_uri;\n  }\n}\n"
    result = lint(tmp_path, {"nginx/nginx.conf": nginx})
    csp = item(result, "frontend.csp")
    assert csp.status in ("failed", "not-checked")
    assert "Content-Security-Policy" in csp.reason or csp.findings


def test_csp_sent_by_the_proxy_passes(tmp_path):
    nginx = ("events {}\nhttp {\n  server {\n    listen 80;\n"
             "    add_header Content-Security-Policy \"default-src 'self'\" always;\n"
             "    location / { root /srv/www; }\n  }\n}\n")
    csp = item(lint(tmp_path, {"nginx/nginx.conf": nginx}), "frontend.csp")
    assert csp.status == "passed"
    assert [(o.path, o.line) for o in csp.evidence] == [("nginx/nginx.conf", 5)]


def test_csp_sent_by_the_app_passes(tmp_path):
    files = {"package.json": '{"name": "api", "dependencies": {"express": "^4.19.0", "helmet": "^7.1.0"}}',
             "src/server.js": "const express = require('express');\nconst helmet = require('helmet');\n"
                              "const app = express();\napp.use(helmet());\napp.listen(3000);\n"}
    csp = item(lint(tmp_path, files), "frontend.csp")
    assert csp.status == "passed"
    assert [(o.path, o.line) for o in csp.evidence] == [("src/server.js", 4)]


def test_sso_item_does_not_apply_without_sso_configuration(tmp_path):
    result = lint(tmp_path, {".env.production": "NODE_ENV=production\nLOG_LEVEL=info\n"})
    sso = item(result, "backend.sso-redirects")
    assert sso.status == "not-applicable"
    assert "SSO" in sso.reason


def test_sso_item_passes_only_with_https_redirects_seen(tmp_path):
    result = lint(tmp_path, {".env.production": "NODE_ENV=production\n"
                                                "SHAREPOINT_REDIRECT_URI=https://app.example.com/auth/callback\n"})
    sso = item(result, "backend.sso-redirects")
    assert sso.status == "passed"
    assert [(o.path, o.line) for o in sso.evidence] == [(".env.production", 2)]


def test_items_of_kinds_never_read_are_not_checked(tmp_path):
    result = lint(tmp_path, {"docker-compose.yml": GOOD_SERVICE})
    redirect = item(result, "tls.https-redirect")
    assert redirect.status == "not-checked"
    assert "nginx" in redirect.reason


def test_only_development_files_make_an_item_not_applicable(tmp_path):
    result = lint(tmp_path, {"docker-compose.dev.yml": "services:\n  a:\n    image: a:1\n"})
    restart = item(result, "docker.restart-policy")
    assert restart.status == "not-applicable"
    assert "docker-compose.dev.yml" in restart.reason


def test_disabled_rules_make_an_item_not_checked(tmp_path):
    from linter.loader import load_rules
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  a:\n    image: a:1\n"})
    evidencing = [r.id for r in load_rules([], load_catalog().ids) if "docker.restart-policy" in r.meta.checklist]
    restart = item(lint(tmp_path, ignore=evidencing), "docker.restart-policy")
    assert restart.status == "not-checked"
    assert "switched off" in restart.reason


def test_suppressed_findings_are_not_a_pass(tmp_path):
    compose = GOOD_SERVICE.replace("    restart: unless-stopped\n", "") \
        .replace("  api:\n", "  api:  # prodlint: ignore[compose-restart-policy] -- staging only\n")
    result = lint(tmp_path, {"docker-compose.yml": compose})
    restart = item(result, "docker.restart-policy")
    assert restart.status == "not-checked"
    assert "suppressed" in restart.reason


def test_an_item_that_applies_without_evidence_is_not_checked(tmp_path):
    nginx = "events {}\nhttp {\n  server {\n    listen 80;\n    location /static/ { root /srv; }\n  }\n}\n"
    caching = item(lint(tmp_path, {"nginx/nginx.conf": nginx}), "frontend.caching")
    assert caching.status != "passed"


def test_the_hyperscan_prefilter_changes_no_status_or_evidence(tmp_path, monkeypatch):
    from linter import audit_evidence
    write_tree(tmp_path, {"nginx/nginx.conf": "events {}\nhttp {\n  server {\n    listen 443 ssl;\n"
                                              "    add_header Strict-Transport-Security \"max-age=63072000\" always;\n"
                                              "  }\n}\n",
                          "package.json": '{"name": "api", "dependencies": {"express": "^4.19.0", "helmet": "^7"}}',
                          "server.js": "const app = require('express')();\napp.use(require('helmet')({ hsts: false }));\n"
                                       "app.use(helmet());\napp.listen(3000);\n"})

    def seen(result):
        return [(i.item.id, i.status, [(o.path, o.line, o.text) for o in i.evidence], i.evidence_total)
                for i in build_audit(result).items]

    for repo in (DEMO, tmp_path):
        fast = seen(lint(repo))
        monkeypatch.setattr(audit_evidence._Prefilter, "candidates", lambda self, text: set(self.keys))
        assert seen(lint(repo)) == fast
        monkeypatch.undo()


# ---- the reports ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def demo_reports(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    paths = {k: tmp / f"audit.{k}" for k in ("html", "md", "json", "txt")}
    proc = prodlint("audit", DEMO, "--html", paths["html"], "--markdown", paths["md"], "--json", paths["json"],
                    "-o", paths["txt"])
    assert proc.returncode == 1, proc.stderr
    return {k: p.read_text() for k, p in paths.items()}


def test_json_validates_against_the_published_schema(demo_reports, tmp_path):
    data = json.loads(demo_reports["json"])
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(data, SCHEMA)
    assert data["repository"]["name"] == "demo" and data["date"]
    assert data["files"]["read"]["compose"] == 1
    assert len(data["top_risks"]) == 5
    order = [{"error": 3, "warning": 2, "note": 1}[r["severity"]] for r in data["top_risks"]]
    assert order == sorted(order, reverse=True)
    bad = dict(data, summary={**data["summary"], "items": {**data["summary"]["items"], "maybe": 1}})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)


def test_reports_agree_with_json(demo_reports):
    data = json.loads(demo_reports["json"])
    html, md, text = demo_reports["html"], demo_reports["md"], demo_reports["txt"]
    for status, n in data["summary"]["items"].items():
        assert f'data-count="{status}">{n}<' in html
    for sev, n in data["summary"]["findings"].items():
        assert re.search(rf'data-severity="{sev}"[^>]*>{n}</b>{sev}', html)
    ids = [i["id"] for s in data["sections"] for i in s["items"]]
    assert re.findall(r'<article class="item [^"]*" id="[^"]*" data-item="([^"]+)"', html) == ids
    for s in data["sections"]:
        for i in s["items"]:
            assert f'id="{i["anchor"]}"' in html and f'<a id="{i["anchor"]}"></a>' in md
            label = {"not-applicable": "not applicable", "not-checked": "not checked",
                     "manual": "needs a person"}.get(i["status"], i["status"])
            assert f"[{label}] {i['id']}:" in text
    # self-contained: no script, no stylesheet or image fetched from anywhere
    assert "<script" not in html and not re.search(r'<(link|img|iframe)\b|src=|@import|url\(', html)
    assert "```" not in html


def test_every_in_page_link_has_a_target(demo_reports):
    html, md = demo_reports["html"], demo_reports["md"]
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets and targets <= ids
    md_ids = set(re.findall(r'<a id="([^"]+)"></a>', md))
    md_targets = set(re.findall(r"\]\(<#([^>]+)>\)", md))
    assert md_targets and md_targets <= md_ids


def test_findings_link_to_their_files(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    proc = prodlint("audit", DEMO, "--html", out / "a.html", "--markdown", out / "a.md", "-f", "json")
    assert proc.returncode == 1, proc.stderr
    html = (out / "a.html").read_text()
    # relative to where the report is written, so report and repository can be handed over together
    hrefs = set(re.findall(r'href="([^"#][^"]*)"', html))
    assert hrefs, "no file link"
    for href in hrefs:
        if not href.startswith("https://"):
            assert (out / href).resolve().is_file(), href
    assert re.search(r'href="[^"]*docker-compose\.yml"', html)


def test_secrets_are_masked_in_every_format(tmp_path):
    secret = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
    write_tree(tmp_path, {
        "docker-compose.yml": f"services:\n  a:\n    image: a:1\n    environment:\n      API_TOKEN: {secret}\n",
        "package.json": '{"name": "api", "dependencies": {"express": "^4.19.0", "express-session": "^1.18.0"}}',
        "server.js": "const express = require('express');\nconst session = require('express-session');\n"
                     "const app = express();\n"
                     "app.use(session({ secret: process.env.SESSION_SECRET || 'keyboard cat' }));\n"
                     "app.listen(3000);\n",
    })
    for fmt in ("text", "json", "html", "markdown"):
        proc = prodlint("audit", tmp_path, "-f", fmt)
        assert proc.returncode == 1, proc.stderr
        assert secret not in proc.stdout, fmt
        assert "keyboard cat" not in proc.stdout, fmt
    data = json.loads(prodlint("audit", tmp_path, "-f", "json").stdout)
    snippets = [f["snippet"] for s in data["sections"] for i in s["items"] for f in i["findings"]]
    assert any("SESSION_SECRET" in s and "****" in s for s in snippets)


def test_text_wraps_at_the_terminal_width_without_cutting_words():
    audit = build_audit(lint(DEMO))
    for columns in (50, 72, 120):
        text = audit_text.render(audit, columns=columns)
        for line in text.splitlines():
            assert len(line) <= columns or len(line.split()) == 1, (columns, line)
        words = set(text.split())
        for i in audit.items:
            for word in i.item.text.replace("`", "").split():
                assert word in words, (columns, word)


def test_text_width_follows_columns():
    import os
    import subprocess
    import sys
    from pathlib import Path
    exe = Path(sys.executable).parent / "prodlint"
    for columns in (60, 140):
        proc = subprocess.run([str(exe), "audit", str(DEMO)], capture_output=True, text=True,
                              env=dict(os.environ, COLUMNS=str(columns)))
        widest = max(len(line) for line in proc.stdout.splitlines())
        assert columns - 20 < widest <= columns, (columns, widest)


# ---- Markdown escaping ------------------------------------------------------------------------------
def test_markdown_escapes_file_names_and_snippets(tmp_path):
    hostile = "a*b_[x](javascript:alert(1))|<img src=x onerror=alert(1)>"
    write_tree(tmp_path, {f"{hostile}/.env.production": "JWT_SECRET=short\nNODE_ENV=development\n"})
    audit = build_audit(lint(tmp_path))
    md = audit_md.render(audit)
    assert any(f.path.startswith(hostile) for f in audit.result.findings)
    assert "<img" not in md and "](javascript" not in md
    assert "a\\*b\\_\\[x\\]\\(javascript\\:alert\\(1\\)\\)\\|&lt;img" in md
    html = audit_html.render(audit)
    assert "<img" not in html


try:
    from hypothesis import given, strategies as st
except ImportError:  # pragma: no cover
    given = None

if given is not None:
    @given(st.text())
    def test_markdown_text_is_inert(value):
        out = audit_md.text(value)
        assert "\n" not in out and "\r" not in out and "<" not in out and ">" not in out
        # every Markdown metacharacter is escaped by a backslash that is not itself escaped
        for m in re.finditer(r"[`*_\[\]()#!|~:]", out):
            run = len(out[:m.start()]) - len(out[:m.start()].rstrip("\\"))
            assert run % 2 == 1, (value, out)

    @given(st.text())
    def test_markdown_code_span_holds_any_text(value):
        out = audit_md.code(value)
        fence = re.match(r"`+", out).group(0)
        inner = out[len(fence):-len(fence)]
        assert out.endswith(fence) and "\n" not in out
        assert all(len(run) != len(fence) for run in re.findall(r"`+", inner))


# ---- comparing with a previous audit ----------------------------------------------------------------
def test_baseline_shows_what_changed_item_by_item(tmp_path):
    repo = tmp_path / "repo"
    write_tree(repo, {"docker-compose.yml": GOOD_SERVICE.replace("    restart: unless-stopped\n", "")})
    before = tmp_path / "before.json"
    assert prodlint("audit", repo, "-f", "json", "-o", before).returncode == 1
    assert json.loads(before.read_text())["sections"][3]["items"][4]["status"] == "failed"
    write_tree(repo, {"docker-compose.yml": GOOD_SERVICE})
    proc = prodlint("audit", repo, "--baseline", before, "-f", "json")
    data = json.loads(proc.stdout)
    jsonschema.validate(data, SCHEMA)
    changed = {c["id"]: c for c in data["changes"]["items"]}
    assert changed["docker.restart-policy"]["before"] == "failed"
    assert [f["rule"] for f in changed["docker.restart-policy"]["fixed"]] == ["CMP002"]
    restart = next(i for s in data["sections"] for i in s["items"] if i["id"] == "docker.restart-policy")
    assert restart["status"] == "passed"
    text = prodlint("audit", repo, "--baseline", before).stdout
    assert "docker.restart-policy: failed → passed; 0 new, 1 fixed" in " ".join(text.split())
    html = prodlint("audit", repo, "--baseline", before, "-f", "html").stdout
    assert 'id="changes"' in html and "Since the previous audit" in html


# ---- rough edges ------------------------------------------------------------------------------------
@pytest.mark.parametrize("args", [("nope",), ("README.md",), (".", "--config", "nope.toml"),
                                  (".", "--baseline", "nope.json")])
def test_bad_paths_are_one_line_errors(args):
    proc = prodlint("audit", *args, cwd=ROOT)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith("prodlint: error: ")


def test_header_says_what_was_skipped_and_excluded(tmp_path):
    write_tree(tmp_path, {".prodlint.toml": 'max-file-size = 1024\nexclude = ["legacy/"]\nignore = ["CMP002"]\n',
                          ".env.production": "NODE_ENV=production\n" + "# padding\n" * 200,
                          "docker-compose.yml": GOOD_SERVICE, "legacy/docker-compose.yml": GOOD_SERVICE})
    data = json.loads(prodlint("audit", tmp_path, "-f", "json", "--no-git").stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["configuration"]["file"] == ".prodlint.toml"
    assert "files matching legacy/" in data["configuration"]["excluded"]
    assert "CMP002" in data["configuration"]["rules_off"]
    assert [(s["path"], s["kind"]) for s in data["files"]["skipped"]] == [(".env.production", "env")]
    assert "size cap" in data["files"]["skipped"][0]["reason"]
    assert data["files"]["read"] == {"compose": 1}
    text = prodlint("audit", tmp_path, "--no-git").stdout
    assert "Files skipped: .env.production" in text and "rules switched off: CMP002" in " ".join(text.split())


def test_file_links_go_to_the_forge_at_the_audited_commit_and_never_carry_credentials(tmp_path):
    import subprocess
    write_tree(tmp_path, {"docker-compose.yml": "services:\n  a:\n    image: a:1\n"})

    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "x")
    git("remote", "add", "origin", "https://deploy:ghp_0123456789abcdefghijABCDEFGHIJ012345@github.com/acme/shop.git")
    sha = subprocess.run(["git", "-C", str(tmp_path), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    for fmt in ("html", "markdown", "json", "text"):
        out = prodlint("audit", tmp_path, "-f", fmt).stdout
        assert "ghp_0123456789" not in out and "deploy:ghp" not in out, fmt
        if fmt in ("html", "markdown"):
            assert f"https://github.com/acme/shop/blob/{sha}/docker-compose.yml#L2" in out, fmt
    data = json.loads(prodlint("audit", tmp_path, "-f", "json").stdout)
    assert data["repository"] == {"name": tmp_path.name, "commit": sha, "branch": "main",
                                  "url": "https://github.com/acme/shop", "prefix": ""}


def test_evidence_predicates_look_at_the_item_s_kinds_and_compile():
    items = {i.id: i for i in load_catalog().items}
    for item_id, ev in load_evidence().items():
        kinds = set(items[item_id].kinds)
        for clause in (ev.applies, ev.passes):
            for predicate in clause.predicates if clause else ():
                (name, args), = predicate.items()
                if name == "line":
                    re.compile(args["pattern"], re.M)
                    assert set(args.get("kinds", ())) <= kinds or "files" in args, (item_id, args)
                elif name == "compose":
                    assert "compose" in kinds, item_id
                else:
                    assert kinds & {"env", "compose", "dockerfile"}, item_id
                    re.compile(args["name"])


def test_markdown_renders_on_github_as_written(tmp_path):
    """Rendered by cmark-gfm, GitHub's own Markdown engine: a hostile file name stays text, snippets stay code,
    tables stay tables, and every in-page link has its anchor."""
    cmarkgfm = pytest.importorskip("cmarkgfm")
    from html import escape
    from cmarkgfm.cmark import Options

    hostile = "x*_y_[z](javascript:alert(1))|<img src=q onerror=alert(1)>`b`"
    write_tree(tmp_path, {f"{hostile}/.env.production": "JWT_SECRET=short\nNODE_ENV=development\n",
                          "docker-compose.yml": "services:\n  a:\n    image: a:1  # *not* <b>bold</b> | x\n"})
    audit = build_audit(lint(tmp_path))
    md = audit_md.render(audit)
    html = cmarkgfm.github_flavored_markdown_to_html(md, options=Options.CMARK_OPT_UNSAFE)
    assert "<img" not in html and "<b>" not in html and 'href="javascript' not in html
    tags = set(re.findall(r"<([a-z0-9]+)\b", html))
    assert tags <= {"h1", "h2", "h3", "p", "a", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
                    "code", "strong", "blockquote", "br"}, tags
    shown = [f for f in audit.result.findings if f.path.startswith(hostile)]
    assert shown
    assert escape(f"{hostile}/.env.production:{shown[0].span.line}", quote=False) in html
    for f in audit.result.findings:
        code = audit.snippet(f)
        if code:
            assert f"<code>{escape(code, quote=False)}</code>" in html.replace("&quot;", '"'), code
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', html))
    targets = set(re.findall(r'<a href="#([^"]+)"', html))
    assert targets and targets <= anchors
    header = html.split("</table>", 1)[0]
    assert header.count("<tr>") == 10  # the header row and nine facts


class _NoRun:
    secret_ranges: dict = {}

    class redactor:
        @staticmethod
        def scrub(text):
            return text

        scrub_line = scrub


@pytest.mark.parametrize("line", [
    "proxy_pass http://backend:3000;", "server_tokens off;",
    'add_header Strict-Transport-Security "max-age=63072000; includeSubDomains; preload" always;',
    "client_max_body_size ${NGINX_CLIENT_MAX_BODY_SIZE};", "add_header X-Content-Type-Options nosniff always;",
])
def test_quotes_keep_configuration_words_readable(line):
    from linter.audit_evidence import mask_quote
    assert mask_quote(_NoRun, "x", 0, line) == line


@pytest.mark.parametrize("template", [
    "requirepass {}", "masterauth {}", "    password: {}", "{{ user: 'sa', password: '{}' }}", "- JWT_SECRET={}",
    "secret: process.env.SESSION_SECRET || '{}',", "proxy_pass http://admin:{}@backend/;", "token = {}",
    "DATABASE_URL=postgres://app:{}@db:5432/app",
])
@pytest.mark.parametrize("value", ["on", "abcdefgh", "keyboard cat", "Abcdefghijklmnopqrs", "S3cr3t-Pa55w0rd!"])
def test_quotes_mask_what_a_secret_named_key_holds(template, value):
    from linter.audit_evidence import mask_quote
    if "://" in template and " " in value:
        pytest.skip("a URL holds no space")
    line = template.format(value)
    shown = mask_quote(_NoRun, "x", 0, line)
    assert value not in shown.replace("Authorization", ""), (line, shown)


# ---- Python backends: what a Django, Flask or FastAPI repository shows ------------------------------
_DJANGO_SETTINGS = (
    'INSTALLED_APPS = ["rest_framework"]\n'
    'MIDDLEWARE = [\n    "django.middleware.security.SecurityMiddleware",\n'
    '    "django.middleware.clickjacking.XFrameOptionsMiddleware",\n]\n'
    'REST_FRAMEWORK = {\n'
    '    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],\n'
    '    "DEFAULT_THROTTLE_RATES": {"anon": "20/min"},\n'
    '}\n'
)
_DJANGO_URLS = ('from django.urls import path\nfrom rest_framework.authtoken.views import obtain_auth_token\n'
                'urlpatterns = [path("api/token/", obtain_auth_token)]\n')


def test_drf_throttling_and_security_middleware_pass_their_items(tmp_path):
    # SecurityMiddleware and XFrameOptionsMiddleware together: without the second Django sends no
    # X-Frame-Options (PY024), and the item fails
    result = lint(tmp_path, {"requirements.txt": "Django==5.0\ndjangorestframework==3.15\n",
                             "mysite/settings.py": _DJANGO_SETTINGS, "mysite/urls.py": _DJANGO_URLS})
    limiting = item(result, "backend.rate-limiting")
    assert limiting.status == "passed"
    assert [(o.path, o.line) for o in limiting.evidence] == [("mysite/settings.py", 7)]
    headers = item(result, "backend.security-headers")
    assert headers.status == "passed"
    assert [(o.path, o.line) for o in headers.evidence] == [("mysite/settings.py", 3)]


def test_empty_drf_throttle_classes_and_a_rate_limit_exception_are_no_limiter(tmp_path):
    settings = _DJANGO_SETTINGS.replace('["rest_framework.throttling.AnonRateThrottle"]', "[]")
    files = {"requirements.txt": "Django==5.0\n", "mysite/settings.py": settings, "mysite/urls.py": _DJANGO_URLS,
             "mysite/clients.py": "class UpstreamRateLimitError(Exception):\n    pass\n"}
    assert item(lint(tmp_path, files), "backend.rate-limiting").status != "passed"


def test_python_error_tracking_and_jwt_expiry_are_seen(tmp_path):
    main = ('import jwt\nimport sentry_sdk\nfrom fastapi import FastAPI\n\nsentry_sdk.init()\napp = FastAPI()\n\n\n'
            'def issue(sub, key, expire):\n    return jwt.encode({"sub": sub, "exp": expire}, key)\n')
    result = lint(tmp_path, {"requirements.txt": "fastapi==0.111\n", "app/main.py": main})
    tracking = item(result, "logging.error-tracking")
    assert tracking.status == "passed"
    assert [(o.path, o.line) for o in tracking.evidence] == [("app/main.py", 2)]
    expiry = item(result, "backend.jwt-expiry")
    assert expiry.status == "passed"
    assert [(o.path, o.line) for o in expiry.evidence] == [("app/main.py", 10)]


def test_a_python_backend_without_error_tracking_is_not_checked(tmp_path):
    result = lint(tmp_path, {"requirements.txt": "flask==3.0\n",
                             "app.py": "from flask import Flask\n\napp = Flask(__name__)\n"})
    assert item(result, "logging.error-tracking").status == "not-checked"


def test_records_and_clients_for_an_upstream_limit_are_no_limiter(tmp_path):
    settings = _DJANGO_SETTINGS.replace('["rest_framework.throttling.AnonRateThrottle"]', "[]")
    clients = ("import requests\n\n\nclass RateLimitConfig:\n    per_minute = 60\n\n\n"
               "class ThrottledSession(requests.Session):\n    pass\n")
    # no login route, so PY013 is silent and the item's status is the evidence's alone
    files = {"requirements.txt": "Django==5.0\n", "mysite/settings.py": settings, "mysite/clients.py": clients}
    limiting = item(lint(tmp_path, files), "backend.rate-limiting")
    assert limiting.status != "passed" and limiting.evidence == []
    files["mysite/limits.py"] = "\n" * 2000 + "class LoginRateLimiter:\n    pass\n"
    # a limiter class the backend uses (one nothing uses limits nothing: PY013 says so)
    files["mysite/views.py"] = "from .limits import LoginRateLimiter\n\nlimiter = LoginRateLimiter()\n"
    limiting = item(lint(tmp_path, files), "backend.rate-limiting")
    assert limiting.status == "passed"
    assert [(o.path, o.line) for o in limiting.evidence] == [("mysite/limits.py", 2001)]


def test_line_evidence_patterns_do_not_rescan_blank_lines():
    # under re.M a ^\s* pattern re-reads every following blank line from each line start (64 s of CPU for the
    # catalog on 20,000 blank lines); [ \t]* stays on its line. Each pattern still finds its line after the run
    blank = "\n" * 20_000
    for ev in load_evidence().values():
        for clause in (ev.applies, ev.passes):
            for predicate in clause.predicates if clause else ():
                args = predicate.get("line")
                if args:
                    assert "^\\s*" not in args["pattern"], args["pattern"]
                    assert re.compile(args["pattern"], re.M).search(blank) is None
