"""The indexes that keep large files linear must answer exactly what the scans they replaced answered."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from conftest import lint
from linter import edits
from linter.files import SourceFile
from linter.parsers import dockerfile, nginx, yaml_doc


def _file(text: str, rel: str, kind: str) -> SourceFile:
    return SourceFile(Path("/nonexistent") / rel, rel, kind, text=text)


def _scan_shell_at(stage, ins):
    """The scan shell_at replaced: backwards through this stage, then each stage it is built FROM."""
    for s in stage.chain():
        for other in reversed(s.instructions):
            if s is stage and other.line >= ins.line:
                continue
            if other.name == "SHELL":
                return other.exec_form
    return None


LINES = st.lists(st.sampled_from([
    "RUN echo a", 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'SHELL ["/bin/sh", "-c"]', "ENV A=1",
    "FROM base AS next", "FROM next AS third", "COPY a b",
]), max_size=30)


@settings(max_examples=150, deadline=None)
@given(LINES)
def test_shell_at_matches_the_scan(lines):
    text = "FROM alpine:3 AS base\n" + "\n".join(lines) + "\n"
    doc = dockerfile.parse(_file(text, "Dockerfile", "dockerfile"))
    for stage in doc.stages:
        for ins in stage.instructions:
            assert stage.shell_at(ins) == _scan_shell_at(stage, ins), (text, ins.line)


def test_shell_at_inherits_through_from_and_ignores_later_shells():
    text = ('FROM alpine:3 AS base\nSHELL ["/bin/bash", "-c"]\nRUN a\nFROM base\nRUN b\n'
            'SHELL ["/bin/ash", "-c"]\nRUN c\n')
    doc = dockerfile.parse(_file(text, "Dockerfile", "dockerfile"))
    final = doc.stages[1]
    b, c = [i for i in final.instructions if i.name == "RUN"]
    assert final.shell_at(b) == ["/bin/bash", "-c"]
    assert final.shell_at(c) == ["/bin/ash", "-c"]


def test_nginx_children_by_name_follow_the_block_they_hold():
    text = "http {\n  server { listen 80; }\n  gzip on;\n  server { listen 443; }\n}\n"
    doc = nginx.parse(_file(text, "nginx.conf", "nginx"))
    http = doc.directives[0]
    assert [d.args for d in http.children("server")] == [[], []]
    assert [d.name for d in http.children()] == ["server", "gzip", "server"]
    assert http.children("missing") == []
    first = http.children("server")[0]
    http.block = [first]  # a block replaced (as the model's include expansion does) is indexed afresh
    assert http.children("server") == [first] and http.children("gzip") == []
    found = http.children("server")
    found.append(None)  # callers get their own list
    assert http.children("server") == [first]


def test_newline_follows_the_text_it_is_asked_about():
    crlf, lf = _file("a\r\nb\r\n", "a.conf", "nginx"), _file("a\nb\n", "b.conf", "nginx")
    assert [edits.newline(crlf), edits.newline(lf), edits.newline(crlf)] == ["\r\n", "\n", "\r\n"]


def test_a_large_document_without_aliases_is_no_bomb(monkeypatch):
    monkeypatch.setattr(yaml_doc, "MAX_EXPANDED", 40)
    plain = "services:\n" + "".join(f"  s{i}:\n    image: a:{i}\n    restart: always\n" for i in range(20))
    assert not _file_problems(plain)
    bomb = ("a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n")
    assert any("alias-expansion bomb" in p for p in _file_problems(bomb))


def _file_problems(text: str) -> list[str]:
    doc = yaml_doc.parse(_file(text, "docker-compose.yml", "compose"))
    return [p.message for p in doc.problems]


def test_service_key_spans_point_at_each_service(tmp_path):
    compose = ("services:\n  web:\n    image: nginx:1.27\n  api:\n    image: api:1\n"
               "  worker: {}\n  db:\n    image: postgres:16\n")
    result = lint(tmp_path, {"docker-compose.yml": compose}, select=["CMP002"])
    project = result.project
    doc = project.document(project.by_rel["docker-compose.yml"])
    spans = {}
    for service in project.compose_services(doc):
        config = service.config
        spans[service.name] = config.service_key_span(service.definition).line
    assert spans == {"web": 2, "api": 4, "worker": 6, "db": 7}


def _jwt_module(n: int) -> str:
    body = ["import jwt", ""]
    for i in range(n):
        body += [f"def f{i}(token, key):", "    opts = {'verify_exp': False}",
                 "    return jwt.decode(token, key, algorithms=['HS256'], options=opts)", "",
                 f"def g{i}(token, key):", "    claims = jwt.decode(token, options={'verify_signature': False})",
                 "    return claims", ""]
    return "\n".join(body)


def _lines_run(tmp_path, n: int) -> int:
    """Lines of the Python model and the JWT rules executed while PY014 and PY017 check a file of ``2n``
    functions, each decoding a token: a count, so the test does not depend on the machine's speed."""
    import sys
    count = [0]

    def local(frame, event, arg):
        if event == "line":
            count[0] += 1
        return local

    def calls(frame, event, arg):
        name = frame.f_code.co_filename
        return local if "/linter/model/python" in name or "/rules/python/jwt" in name else None

    root = tmp_path / str(n)
    root.mkdir()
    sys.settrace(calls)
    try:
        result = lint(root, {"requirements.txt": "flask\npyjwt\n", "app.py": _jwt_module(n)},
                      select=["PY014", "PY017"])
    finally:
        sys.settrace(None)
    assert len([f for f in result.findings if f.rule_id == "PY014"]) == n
    return count[0]


def test_decode_checks_grow_linearly_with_the_functions(tmp_path):
    # enclosing_function scanned every def, _last_local every assignment of the name, resolve every module
    # binding, PY017's peek every decode: twice the functions cost four times the work (2,000 took 10 s)
    small, large = _lines_run(tmp_path, 150), _lines_run(tmp_path, 300)
    assert large < 2.3 * small, (small, large)


def test_enclosing_function_matches_the_scan():
    import ast

    from linter.model.python import enclosing_function
    from linter.parsers.python import parse
    text = ("import os\n\n\ndef a():\n    x = 1\n\n    def b():\n        y = 2\n\n        class C:\n"
            "            def m(self):\n                return 3\n        return y\n    z = 4\n    return z\n\n\n"
            "@decorator\nasync def c(\n    p,\n):\n    w = 5\n    lam = lambda: 6\n    return w\n\n\nv = 7\n")
    doc = parse(_file(text, "app.py", "python"))
    functions = [n for n in ast.walk(doc.module) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for node in ast.walk(doc.module):
        if not hasattr(node, "lineno"):
            continue
        best = None
        for f in functions:
            if f.body[0].lineno <= node.lineno <= f.end_lineno and (best is None or f.lineno > best.lineno):
                best = f
        assert enclosing_function(doc, node) is best, (node.lineno, ast.dump(node)[:40])


def _chown_layer_rule():
    import importlib.util
    path = Path(__file__).resolve().parent.parent / "rules" / "dockerfile" / "chown_layer.py"
    spec = importlib.util.spec_from_file_location("chown_layer_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pairwise_related(a, b):
    """The comparison DKF021 made with every copied path before its index."""
    return a == b or a.startswith(b.rstrip("/") + "/") or b.startswith(a.rstrip("/") + "/")


PATHS = st.lists(st.sampled_from(["a", "b", "app", "ap"]), min_size=0, max_size=4).map(lambda p: "/" + "/".join(p))


@settings(max_examples=300, deadline=None)
@given(st.lists(PATHS, max_size=6), PATHS)
def test_chown_copied_index_matches_the_pairwise_scan(copied, target):
    index = _chown_layer_rule()._Copied()
    for path in copied:
        index.add(path)
    assert index.related(target) == any(_pairwise_related(target, d) for d in copied), (copied, target)
