"""The tenth red team: the readers of the last two sessions (go-task Taskfiles, README headings, project
templates' `{{...}}` folders, CI-runner overlays, `deploy.replicas: 0`, nginx folders a COPY lands,
django-configurations classes, pydantic-settings groups, PEP 758 rewriting), the audit's honesty and what a
repository can switch off.

Holes closed here:
- A compose service with `deploy: {replicas: 0}` (or a data container, or one only development profiles
  start) was dropped from every production check with no word anywhere: `privileged: true` and a literal
  `DB_PASSWORD` beside `replicas: 0` gave "0 findings", exit 0, and an audit calling the Docker items "not
  applicable". A committed password is committed whatever starts the container: CMP013 and ENV017 now judge
  such services too, and every output (text, JSON, SARIF, GitHub, the audit's four formats) names each service
  set aside and why.
- A module's classes were walked along every path up to a depth bound: whether a class builds on
  django-configurations' `Configuration`, whether a class a pydantic-settings field names is an Enum, and what
  fields a settings class inherits. Classes that each subclass every class of the layer above (nine layers of
  six, 3 kB: 10 s of CPU; ten a layer: hours), or settings classes naming each other as bases, cost the number of
  paths. Each class is now visited once per question.
- The audit called an item passed on a production file that did not parse: the only nginx configuration,
  stopped by one unclosed brace, had `hardening.nginx-access` "passed" on the locations read before the error.
  A production file with a parse error (or a parser failure), reported or suppressed, now makes every item of
  its kind that no finding fails "not checked", naming the file and line.

Tried and held (no test here; the mechanisms named are tested where they live):
- PEP 758 bracketing (`parsers/pep758.py`): a one-line body after `except A, B:` (`SECRET_KEY = "..."`, the
  column moved by one) and a triple-quoted secret whose line reads `except x, y:` (bracketed inside the
  string): masked in text, JSON, SARIF (no line hash), the audit and `--diff`; the clause pattern is linear
  (names and commas cannot be split two ways).
- go-task Taskfiles: 400 tasks of chained `deps` and `task:` calls, 200 kB, called 10,000 times from a deploy
  script (1.6 s); a Taskfile over the evidence cap is read as its head; aliases go through the hardened loader.
  A task named for development that runs `docker-compose.prod.yml` sets it aside with a conflict notice in
  every format; a task named with the random password is masked where quoted.
- README headings: 250 kB of headings of every level over compose blocks, a line of 250,000 `#` and 20,000
  fences (about 1 s).
- a project template's `{{...}}` folder holding a compose file with a literal password: set aside by its name
  (counted in the summary) and the password still judged (ENV018) and masked.
- audit: a git-ignored `.env.production` a production compose file loads is read (findings, not "passed");
  one padded past the size cap or linked out of the tree is "not checked" naming it; `check` names the link.
- a weak password reused as a Taskfile task's name is printed where the task is quoted: a name printed anyway,
  as a Dockerfile stage's is (SECURITY.md's known limits).
"""
from __future__ import annotations

import json

import pytest

from conftest import lint, prodlint, write_tree

_PASSWORD = "Xk9vQ2mR7tLp4wZa"
_SCALED_TO_ZERO = f"""services:
  web:
    image: ghcr.io/acme/web:1.2.3
    privileged: true
    environment:
      DB_PASSWORD: {_PASSWORD}
    deploy:
      replicas: 0
  db:
    image: postgres:16.1
    profiles: [dev]
"""


def test_a_literal_password_of_a_service_scaled_to_zero_is_reported(tmp_path):
    """`replicas: 0` made the service's committed password vanish with the service."""
    result = lint(tmp_path, {"docker-compose.yml": _SCALED_TO_ZERO})
    assert [(f.rule_id, f.span.line) for f in result.findings if f.rule_id == "CMP013"] == [("CMP013", 6)]


def test_services_set_aside_by_the_compose_file_are_named(tmp_path):
    """What the running-container rules (CMP006 privileged here) no longer see is said, with why."""
    result = lint(tmp_path, {"docker-compose.yml": _SCALED_TO_ZERO})
    assert not any(f.rule_id == "CMP006" for f in result.findings)
    notes = [n.message for n in result.notices if n.path == "docker-compose.yml"]
    assert any("'web' (deploy.replicas: 0" in n and "'db' (only the profiles dev" in n for n in notes), notes


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_services_set_aside_are_named_in_every_check_format(tmp_path, fmt):
    write_tree(tmp_path, {"docker-compose.yml": _SCALED_TO_ZERO})
    out = prodlint("check", "--no-cache", "-f", fmt, tmp_path).stdout
    assert "deploy.replicas: 0" in out
    assert _PASSWORD not in out


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_services_set_aside_are_named_in_every_audit_format(tmp_path, fmt):
    write_tree(tmp_path, {"docker-compose.yml": _SCALED_TO_ZERO})
    out = prodlint("audit", "-f", fmt, tmp_path).stdout
    assert "deploy.replicas" in out and "'web'" in out.replace("&#x27;", "'").replace("&#39;", "'")
    assert _PASSWORD not in out
    if fmt == "json":
        assert json.loads(out)["not_checked"][0]["path"] == "docker-compose.yml"


def _layered_classes(width: int, layers: int, body: str) -> str:
    """Classes in layers, each subclassing every class of the layer above: width**layers paths up."""
    out = [f"class L0_{i}:\n    {body}\n" for i in range(width)]
    for k in range(1, layers):
        bases = ", ".join(f"L{k - 1}_{i}" for i in range(width))
        out += [f"class L{k}_{i}({bases}):\n    {body}\n" for i in range(width)]
    return "\n".join(out)


@pytest.mark.parametrize("files", [
    # django-configurations: whether each class builds on Configuration, asked along every path up
    {"requirements.txt": "django==4.2\ndjango-configurations==2.5\n",
     "app/settings.py": "from configurations import Configuration\n\n" + _layered_classes(6, 9, "X = 1")
     + "\nclass Production(Configuration):\n    DEBUG = True\n    SECRET_KEY = 'django-insecure-abcdefghijklmnop'\n"},
    # pydantic-settings: whether each class of the module is an Enum, asked along every path up
    {"requirements.txt": "fastapi\npydantic-settings\n",
     "main.py": "from fastapi import FastAPI\nfrom pydantic_settings import BaseSettings\napp = FastAPI()\n\n"
     + _layered_classes(6, 9, "x = 1") + "\nclass AppSettings(BaseSettings):\n    debug: bool = True\n"
     "    secret_key: str = 'abcdefghijklmnopqrstuvwx'\n"},
])
def test_layered_classes_cost_their_size_not_their_paths(tmp_path, files):
    """A 3 kB module of nine layers of six classes took 10 s of CPU (six**8 paths); ten a layer, hours."""
    import time
    write_tree(tmp_path, files)
    start = time.process_time()
    result = lint(tmp_path)
    assert time.process_time() - start < 3
    assert result.findings  # the settings below the layers are still read


def test_settings_classes_naming_each_other_as_bases_are_walked_once(tmp_path):
    """No Python runs classes that subclass each other, but a file may write them: each settings class's
    inherited fields were gathered along every path up to the depth bound (ten classes: 11 s of CPU)."""
    import time
    text = "from fastapi import FastAPI\nfrom pydantic_settings import BaseSettings\napp = FastAPI()\n" + "".join(
        f"class C{i}Settings(BaseSettings, {', '.join(f'C{j}Settings' for j in range(10) if j != i)}):\n"
        f"    debug: bool = True\n    secret_key: str = 'abcdefghijklmnopqrstuvwx'\n" for i in range(10))
    write_tree(tmp_path, {"requirements.txt": "fastapi\npydantic-settings\n", "main.py": text})
    start = time.process_time()
    result = lint(tmp_path)
    assert time.process_time() - start < 3
    assert result.findings


_UNCLOSED_NGINX = """events {}
http {
  server {
    listen 443 ssl;
    server_name example.com;
    location / { proxy_pass http://app:3000;
  }
}
"""


def test_an_item_decided_by_a_file_that_did_not_parse_is_not_passed(tmp_path):
    """The only nginx configuration stopped at a parse error (one unclosed brace) and the audit called the
    nginx access item passed on the locations read before it."""
    from linter.audit import build_audit
    result = lint(tmp_path, {"nginx/nginx.conf": _UNCLOSED_NGINX,
                             "docker-compose.prod.yml": "services:\n  nginx:\n    image: nginx:1.27.0\n    volumes: "
                                                        "[\"./nginx/nginx.conf:/etc/nginx/nginx.conf:ro\"]\n"})
    assert any(f.rule_id == "PL001" for f in result.findings)
    items = {i.item.id: i for i in build_audit(result).items}
    nginx = [i for i in items.values() if "nginx" in i.item.kinds and i.status != "failed"]
    assert nginx and all(i.status != "passed" for i in nginx), [(i.item.id, i.status) for i in nginx]
    assert "nginx/nginx.conf:8" in items["hardening.nginx-access"].reason
