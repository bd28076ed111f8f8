"""The Python backend model: value resolution, settings chains and project-level facts."""
from __future__ import annotations

from pathlib import Path

from conftest import write_tree
from linter.engine import Engine, RunOptions
from linter.model.python import UNKNOWN, python_model, resolve


def _project(tmp_path: Path, files: dict[str, str]):
    write_tree(tmp_path, files)
    engine = Engine(RunOptions(paths=[tmp_path], use_git=False, cache=False))
    engine.run()
    return engine.project


def _doc(project, rel):
    return project.document(project.by_rel[rel])


def _value(project, rel, name):
    doc = _doc(project, rel)
    assignment = [a for a in doc.assignments if a.target == name][-1]
    return resolve(doc, assignment.value)


def test_environment_fallbacks_resolve_to_the_literal(tmp_path):
    project = _project(tmp_path, {"requirements.txt": "Django==5.0\n", "app/conf.py": (
        'import os\nimport environ\nfrom decouple import config\nenv = environ.Env(FEATURE=(bool, True))\n'
        'A = os.environ.get("A", "x")\nB = os.getenv("B") or "y"\nC = env("C", default="z")\n'
        'D = config("D", default="1", cast=bool)\nE = os.environ["E"]\nF = env("FEATURE")\n'
        'G = os.getenv("G", "True").lower() == "true"\nH = os.environ.get("H") == "1"\n')})
    got = {n: _value(project, "app/conf.py", n) for n in "ABCDEFGH"}
    assert (got["A"].value, got["A"].env, got["A"].fallback) == ("x", "A", True)
    assert (got["B"].value, got["B"].env) == ("y", "B")
    assert got["C"].value == "z"
    assert got["D"].value is True
    assert got["E"].value is UNKNOWN and got["E"].env == "E"
    assert got["F"].value is True and got["F"].fallback
    assert got["G"].value is True and got["G"].env == "G"
    # no default: an unset variable reads as None, so the comparison is what the app gets when nobody sets H
    assert (got["H"].value, got["H"].env, got["H"].fallback) == (False, "H", True)


def test_settings_chain_and_which_module_production_runs(tmp_path):
    project = _project(tmp_path, {
        "requirements.txt": "Django==5.0\n",
        "mysite/settings/base.py": 'INSTALLED_APPS = ["x"]\nDEBUG = True\nSECURE_SSL_REDIRECT = True\n'
                                   'SECRET_KEY = os.environ["SECRET_KEY"]\n',
        "mysite/settings/production.py": "from .base import *\nDEBUG = False\ntry:\n    from .local import *\n"
                                         "except ImportError:\n    pass\n",
        "mysite/settings/local.py": "DEBUG = True\n",
        "mysite/settings/dev.py": "from .base import *\n",
        "mysite/wsgi.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings.production")\n',
    })
    model = python_model(project)
    assert model.named_settings() == {"mysite/settings/production.py"}
    assert model.importers("mysite/settings/base.py") == {"mysite/settings/production.py"}
    assert model.settings(_doc(project, "mysite/settings/base.py")) is None
    settings = model.settings(_doc(project, "mysite/settings/production.py"))
    assert settings.chain == ["mysite/settings/production.py", "mysite/settings/base.py"]
    assert settings.get("DEBUG").value is False  # local.py is a developer's file: not in production
    assert settings.get("SECURE_SSL_REDIRECT").path == "mysite/settings/base.py"
    assert settings.complete


def test_settings_without_a_secret_key_are_a_fragment_unless_a_star_import_is_unknown(tmp_path):
    project = _project(tmp_path, {
        "requirements.txt": "Django==5.0\n",
        "images/api/module_settings.py": 'INSTALLED_APPS = ["x"]\nROOT_URLCONF = "app.urls"\n',
        "site/settings.py": 'from .secrets import *\nINSTALLED_APPS = ["x"]\n',
    })
    model = python_model(project)
    assert not model.settings(_doc(project, "images/api/module_settings.py")).complete
    assert model.settings(_doc(project, "site/settings.py")).complete  # .secrets is not in the repository


def test_settings_named_in_compose_environment(tmp_path):
    project = _project(tmp_path, {
        "requirements.txt": "Django==5.0\n",
        "proj/settings/base.py": 'INSTALLED_APPS = ["x"]\n',
        "proj/settings/prod.py": "from .base import *\n",
        "proj/settings/staging.py": "from .prod import *\n",
        "docker-compose.yml": "services:\n  web:\n    image: x\n    environment:\n"
                              "      DJANGO_SETTINGS_MODULE: proj.settings.prod\n",
    })
    model = python_model(project)
    assert model.named_settings() == {"proj/settings/prod.py"}
    assert model.settings(_doc(project, "proj/settings/prod.py")) is not None  # named, though imported
    assert model.settings(_doc(project, "proj/settings/staging.py")) is not None  # a leaf


def test_backend_facts_and_nginx(tmp_path):
    project = _project(tmp_path, {
        "api/requirements.txt": "Flask==3.0\nFlask-Limiter==3.5\n",
        "api/app.py": 'from flask import Flask\napp = Flask(__name__)\n@app.post("/login")\ndef login():\n'
                      '    return ""\n',
        "web/requirements.txt": "fastapi\n",
        "web/main.py": 'from fastapi import FastAPI\napp = FastAPI()\n@app.post("/token")\ndef t():\n    return 1\n',
        "nginx/nginx.conf": "events {}\nhttp { server { listen 80; return 301 https://$host$request_uri; } }\n",
    })
    model = python_model(project)
    assert model.backend_of("api/app.py") == "api"
    assert model.backend("api/app.py")["limiter"] is True
    assert model.backend("web/main.py")["limiter"] is False
    assert model.auth_anchor(_doc(project, "web/main.py")) == "web/main.py"
    assert model.nginx() == {"present": True, "redirect": True, "hsts": False, "headers": False, "csp": False,
                             "frame": False, "nosniff": False, "body_limit": False}


def test_a_pre_commit_run_on_a_base_module_reads_its_neighbours(tmp_path):
    write_tree(tmp_path, {
        "requirements.txt": "Django==5.0\n",
        "config/settings/base.py": 'INSTALLED_APPS = ["x"]\nDEBUG = True\n',
        "config/settings/production.py": "from config.settings.base import *\nDEBUG = False\n",
    })
    engine = Engine(RunOptions(paths=[tmp_path / "config/settings/base.py"], root=tmp_path, use_git=False,
                               cache=False))
    result = engine.run()
    assert not [f for f in result.findings if f.rule_id == "PY003"]
    model = python_model(engine.project)
    assert model.importers("config/settings/base.py") == {"config/settings/production.py"}
    assert model.module_file("config.settings.base", "config/settings/production.py") == "config/settings/base.py"


def test_a_base_module_checked_alone_reports_the_values_production_keeps(tmp_path):
    write_tree(tmp_path, {
        "requirements.txt": "Django==5.0\n",
        "config/settings/base.py": 'INSTALLED_APPS = ["x"]\nALLOWED_HOSTS = ["*"]\nDEBUG = True\n',
        "config/settings/production.py": "from .base import *\nDEBUG = False\n",
    })
    base = tmp_path / "config/settings/base.py"
    alone = Engine(RunOptions(paths=[base], root=tmp_path, use_git=False, cache=False)).run()
    whole = Engine(RunOptions(paths=[tmp_path], use_git=False, cache=False)).run()
    for result in (alone, whole):
        got = [(f.rule_id, f.path, f.span.line) for f in result.findings if f.rule_id in ("PY003", "PY009")]
        assert got == [("PY009", "config/settings/base.py", 2)]  # DEBUG is overridden, ALLOWED_HOSTS is kept


def test_hostile_nesting_is_a_parse_error_not_a_crash(tmp_path):
    # CPython's parser gives up on these (too many nested brackets, a RecursionError building the tree);
    # the parser refuses them first
    result = Engine(RunOptions(paths=[write_tree(tmp_path, {
        "requirements.txt": "Django==5.0\n",
        "deep.py": "x = " + "(" * 3000 + "1" + ")" * 3000 + "\n",
        "chain.py": "y = " + "+".join(["1"] * 9000) + "\n",
        "data.py": "Z = {" + ", ".join(f"'k{i}': -1" for i in range(9000)) + "}\n",
        "settings/a.py": "from .b import *\nINSTALLED_APPS = []\n",
        "settings/b.py": "from .a import *\nDEBUG = True\n",
    })], use_git=False, cache=False)).run()
    errors = sorted((f.path, f.rule_id) for f in result.findings if f.rule_id in ("PL001", "PL002"))
    assert errors == [("chain.py", "PL001"), ("deep.py", "PL001")]


def test_nginx_headers_and_body_cap(tmp_path):
    """Which header the proxy adds, and whether it caps bodies: ``client_max_body_size 0`` lifts the cap and a
    commented-out directive caps nothing."""
    project = _project(tmp_path, {
        "nginx/a.conf": "server {\n  add_header X-Frame-Options DENY;\n  # client_max_body_size 10m;\n"
                        "  client_max_body_size 0;\n}\n",
    })
    facts = python_model(project).nginx()
    assert (facts["frame"], facts["csp"], facts["nosniff"], facts["body_limit"]) == (True, False, False, False)
    project = _project(tmp_path / "b", {"nginx/a.conf": "server {\n  client_max_body_size 25M;\n}\n"})
    assert python_model(project).nginx()["body_limit"] is True


def test_integer_arithmetic_resolves_and_stays_bounded(tmp_path):
    """Sizes and durations written as products have a value; a hostile power or shift is never computed."""
    project = _project(tmp_path, {"requirements.txt": "Django==5.0\n",
                                  "app/config.py": "MB = 1024 * 1024\nSIZE = 100 * MB\nYEAR = 60 * 60 * 24 * 365\n"
                                                   "BOMB = 9 ** 9 ** 9\nSHIFT = 1 << 10 ** 9\nTEXT = 'a' * 3\n"})
    assert _value(project, "app/config.py", "SIZE").value == 100 * 1024 * 1024
    assert _value(project, "app/config.py", "YEAR").value == 31536000
    assert all(_value(project, "app/config.py", name).value is UNKNOWN for name in ("BOMB", "SHIFT", "TEXT"))


def test_a_long_origin_regex_is_judged_quickly():
    """PY022's hosting-platform check ran one backtracking search per platform on every origin regex: 0.1 s of
    CPU for one 500-character value, so a settings file listing a few hundred cost tens of seconds."""
    import time

    from linter.model.cors_hosts import shared_host_regex
    values = ["a.*" * 100 + "a" * 180 + f"{n}vercel" for n in range(100)] + ["x.*" * 166] * 100
    start = time.process_time()
    assert not any(shared_host_regex(v) for v in values)
    assert time.process_time() - start < 1.5
    assert shared_host_regex(r"^https://.*-preview\.vercel\.app$") == "vercel.app"
