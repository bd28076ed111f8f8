"""What keeps a whole-repository run linear in the repository: each shared document parsed once, indexes that
answer what the scans they replaced answered, per-run work done once, and the parallel run's groups."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from conftest import lint
from linter import scheduler
from linter.files import SourceFile
from linter.model import base_images, project as project_module
from linter.model.base_images import BaseImages, BaseRef, _folder, _name
from linter.secrets import Redactor, mask_message


# ---- shared documents --------------------------------------------------------------------------------
def _services(n: int) -> dict[str, str]:
    files = {}
    for i in range(n):
        files[f"svc{i}/Dockerfile"] = f"FROM node:20.11-alpine\nUSER node\nCMD [\"node\", \"s{i}.js\"]\n"
        files[f"svc{i}/.env.production"] = f"NODE_ENV=production\nPORT={3000 + i}\n"
    return files


def _count_parses(monkeypatch) -> dict[str, int]:
    counts: dict[str, int] = {}
    real = project_module.parser_for

    def parser_for(kind):
        parse = real(kind)

        def counted(file):
            counts[file.rel] = counts.get(file.rel, 0) + 1
            return parse(file)
        return counted
    monkeypatch.setattr(project_module, "parser_for", parser_for)
    return counts


def test_more_dockerfiles_and_env_files_than_the_old_count_bound_are_each_parsed_once(tmp_path, monkeypatch):
    # 300 Dockerfiles and 300 env files: past the 256 documents the cache used to keep, each pass over
    # them (role evidence, base images, the checks) parsed every one again
    counts = _count_parses(monkeypatch)
    lint(tmp_path, _services(300), jobs=1)
    parsed = {rel: n for rel, n in counts.items() if rel.endswith(("Dockerfile", ".env.production"))}
    assert len(parsed) == 600
    assert set(parsed.values()) == {1}


def test_documents_past_the_text_budget_are_let_go_and_parsed_again(tmp_path, monkeypatch):
    monkeypatch.setattr(project_module, "_RECENT_BYTES", 200)  # about four of these Dockerfiles
    counts = _count_parses(monkeypatch)
    result = lint(tmp_path, _services(30), jobs=1)
    dockerfiles = [n for rel, n in counts.items() if rel.endswith("Dockerfile")]
    assert len(dockerfiles) == 30 and max(dockerfiles) > 1  # memory stays bounded: documents are read again
    assert len(result.project._recent) <= 10 and result.project._recent_bytes <= 200 + 100


# ---- base images ---------------------------------------------------------------------------------------
class _Evidence:
    def __init__(self, tags: dict[str, set[str]]):
        self.tags = tags

    def image_tags(self, rel: str) -> set[str]:
        return self.tags.get(rel, set())


class _Roles:
    def __init__(self, evidence):
        self.evidence = evidence


class _Project:
    """What BaseImages reads of a project, with its Dockerfiles' FROM lines given directly."""

    def __init__(self, dockerfiles: list[str], tags: dict[str, set[str]], built: set[str]):
        self.roles = _Roles(_Evidence(tags))
        self.by_rel = {rel: SourceFile(Path("/r") / rel, rel, "dockerfile", text="") for rel in dockerfiles}
        self._built = built

    def files_of(self, kind):
        return list(self.by_rel.values())

    def services_building(self, path):
        return ["service"] if path.relative_to("/r").as_posix() in self._built else []

    def role(self, rel):
        return "production"  # every Dockerfile ships here: the indexes are what is tested


def _scan_names(model: BaseImages, ref: BaseRef, rel: str) -> bool:
    """The comparison the indexes replaced: does ``ref``'s FROM name the image Dockerfile ``rel`` builds."""
    if ref.dockerfile == rel:
        return False
    if (ref.repository, ref.tag) in model._tags(rel):
        return True
    return ref.registry_from_arg and ref.repository.rsplit("/", 1)[-1] == _folder(rel)


FOLDERS = ["base", "api", "web", "worker"]
IMAGES = ["org/base", "org/base:2", "base", "org/api", "node:20", "${REG}/base", "${REG}/org/api:1"]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_base_image_indexes_answer_what_the_scan_answered(data):
    dockerfiles = sorted(set(data.draw(st.lists(st.sampled_from(
        [f"{d}/Dockerfile" for d in FOLDERS] + ["docker/base.dockerfile", "Dockerfile"]), min_size=1, max_size=6))))
    tags = {rel: set(data.draw(st.lists(st.sampled_from(IMAGES), max_size=2))) for rel in dockerfiles}
    froms = {rel: data.draw(st.lists(st.sampled_from(IMAGES), max_size=2)) for rel in dockerfiles}
    built = set(data.draw(st.lists(st.sampled_from(dockerfiles), max_size=2)))
    model = BaseImages.__new__(BaseImages)
    model.project = _Project(dockerfiles, tags, built)
    model.dockerfiles = dockerfiles
    model._is_base = {}
    model.refs = []
    for rel, images in froms.items():
        for written in images:
            image = written.replace("${REG}/", "registry.example.com/")
            repository, tag = _name(image)
            prefix = written.rsplit("/", 1)[0] if "/" in written else ""
            model.refs.append(BaseRef(rel, repository, tag, "$" in prefix))
    for rel in dockerfiles:
        expected = rel not in built and any(_scan_names(model, ref, rel) for ref in model.refs)
        assert model.is_base(rel) == expected
        for written in IMAGES:
            image = written.replace("${REG}/", "registry.example.com/")
            repository, tag = _name(image)
            prefix = written.rsplit("/", 1)[0] if "/" in written else ""
            ref = BaseRef(rel, repository, tag, "$" in prefix)
            assert model.own(rel, image, written) == any(_scan_names(model, ref, other) for other in dockerfiles)


def test_a_base_image_built_first_is_not_a_running_container(tmp_path):
    base = "FROM node:20.11-alpine\nRUN apk add --no-cache tini\n"
    derived = "ARG REGISTRY=registry.example.com\nFROM ${REGISTRY}/base:1.0\nUSER node\nCMD [\"node\", \"s.js\"]\n"
    result = lint(tmp_path / "a", {"base/Dockerfile": base, "api/Dockerfile": derived}, select=["DKF006"], jobs=1)
    model = base_images.base_images(result.project)
    assert model.is_base("base/Dockerfile") and not model.is_base("api/Dockerfile")
    assert [f.path for f in result.findings if f.rule_id == "DKF006"] == []
    alone = lint(tmp_path / "b", {"base/Dockerfile": base}, select=["DKF006"], jobs=1)
    assert [f.path for f in alone.findings if f.rule_id == "DKF006"] == ["base/Dockerfile"]


# ---- secrets judged once ---------------------------------------------------------------------------------
@given(st.lists(st.sampled_from(["sk_live_4eC39HqLyjWDarjtT1zdp7dc", "wordpress", "aB3$xY9!qW2#zE7&", "****",
                                 "p**ss", "Tr0ub4dor&3x", "hunter22"]), min_size=1, max_size=7),
       st.sampled_from(["x=sk_live_4eC39HqLyjWDarjtT1zdp7dc y=SK_LIVE_4EC39HQLYJWDARJTT1ZDP7DC",
                        "wordpress WORDPRESS aB3$xY9!qW2#zE7& ab3$xy9!qw2#ze7&", "a **** p**ss hunter22"]))
def test_a_redactor_fed_value_by_value_scrubs_as_one_fed_all_at_once(values, text):
    # the repository rules alternate add() and scrub(): the automaton is rebuilt, never the judgement
    gradual, whole = Redactor(), Redactor()
    for value in values:
        gradual.add(value)
        gradual.scrub(text)
        whole.add(value)
    assert gradual.scrub(text) == whole.scrub(text)


def test_masking_a_repeated_message_gives_the_same_text():
    message = "JWT_SECRET=aB3xY9qW2zE7kL5mN8pR is a committed secret"
    first = mask_message(message)
    assert "aB3xY9qW2zE7kL5mN8pR" not in first
    assert mask_message(message) == first
    long = message + " " + "word " * 200  # past the memo's bound: masked each time, the same way
    assert "aB3xY9qW2zE7kL5mN8pR" not in mask_message(long)


# ---- the parallel run's groups ---------------------------------------------------------------------------
def test_nginx_files_of_every_folder_are_one_group(tmp_path):
    rels = ["nginx/nginx.conf", "nginx/conf.d/api.conf", "deploy/sites-enabled/web.conf", "svc/.env",
            "svc/Dockerfile"]
    todo = [SourceFile(tmp_path / rel, rel, "nginx" if rel.endswith(".conf") else "env", text="") for rel in rels]
    groups = scheduler.group(todo, tmp_path)
    assert groups[0] == [scheduler.REPOSITORY]
    nginx = [g for g in groups if 0 in g]
    assert nginx == [[0, 1, 2]]
    assert [3, 4] in groups


# ---- the env parser's own copy of python-dotenv ----------------------------------------------------------
ENV_TEXT = st.lists(st.tuples(
    st.sampled_from(["A=1", "B='x\r\ny'", 'C="a\\nb\r\nc"', "export D=2", "# c", "", "E", "bad line",
                     "F = 3 # c", "\r", "G='unterminated", 'H="q\\"r"']),
    st.sampled_from(["\n", "\r\n", "\r"])), max_size=12).map(lambda pairs: "".join(a + b for a, b in pairs))


@settings(max_examples=300, deadline=None)
@given(ENV_TEXT)
def test_the_env_parsers_copy_of_dotenv_reads_what_dotenv_reads(text):
    import io
    from dotenv import parser as dotenv_parser
    from linter.parsers.env import _dotenv_parser
    ours = _dotenv_parser()
    assert ours is not dotenv_parser
    assert list(ours.parse_stream(io.StringIO(text))) == list(dotenv_parser.parse_stream(io.StringIO(text)))


# ---- one file holding thousands of judged values -------------------------------------------------------
def test_a_file_of_many_keys_builds_its_value_matcher_once_and_masks_each_line_from_its_own_ranges(
        tmp_path: Path, monkeypatch):
    # a scrub after every new value rebuilt the matcher for each finding, and each snippet filtered every
    # range of the file: both quadratic in a generated file of keys
    compiles = []
    real = Redactor._compile
    monkeypatch.setattr(Redactor, "_compile", lambda self: (compiles.append(len(self._values)), real(self))[1])
    n = 300
    source = "".join(f"const k{i} = 'Zq8{i:04d}xV3mLp9Rt2Wn7Yc';\n"
                     f"jwt.sign({{ id: {i} }}, k{i}, {{ expiresIn: '1h' }});\n" for i in range(n))
    result = lint(tmp_path, {"package.json": '{"dependencies": {"express": "4", "jsonwebtoken": "9"}}',
                             "app.js": "const jwt = require('jsonwebtoken');\n" + source}, select=["JS005"])
    keyed = [f for f in result.findings if f.rule_id == "JS005"]
    assert len(keyed) == n
    assert all("Zq8" not in (f.snippet or "") and "Zq8" not in f.message for f in keyed)
    assert len(compiles) <= 3, compiles[:10]


def test_many_findings_on_one_long_line_mask_that_line_once(tmp_path: Path, monkeypatch):
    # a line longer than the kept snippets (minified code) is masked at report time, once per finding: a 175 KB
    # line with 5,000 findings on it took six minutes
    from linter.report import common, json_report

    calls = []
    real = common.masked_line
    monkeypatch.setattr(common, "masked_line", lambda *a, **k: (calls.append(a[1]), real(*a, **k))[1])
    n = 300
    line = "app.get('/', (req, res) => { " + "res.cookie('uid', " * n + "1" + ", { httpOnly: false })" * n + " });"
    assert len(line) > 4096
    result = lint(tmp_path, {"package.json": '{"dependencies": {"express": "4"}}',
                             "app.js": "const express = require('express');\nconst app = express();\n" + line + "\n"},
                  select=["JS003"])
    on_line = [f for f in result.findings if f.rule_id == "JS003" and f.span.line == 3]
    assert len(on_line) >= n
    json_report.render(result)
    assert calls.count(3) == 1
