"""The seventh red team: suppressed findings as SARIF results, the set-aside summary, and the words of another
linter's directive, which every output quotes."""
from __future__ import annotations

import json

import pytest

from conftest import lint, prodlint, write_tree
from linter.report import render

WEAK = "letmein99"  # a word-like password: no mask recognises its shape, only its judged value hides it
STRONG = "Zq8vT2mLx9pR4wK7nB3sQ"
FORMATS = ("text", "json", "sarif", "github")


def _outputs(tmp_path) -> dict[str, str]:
    out = {fmt: prodlint("check", "--no-git", "--no-cache", "--format", fmt, tmp_path).stdout for fmt in FORMATS}
    out["sarif"] = prodlint("check", "--no-git", "--no-cache", "--format", "sarif", "--sarif-suppressed", "include",
                            tmp_path).stdout
    for fmt in ("json", "markdown", "text"):
        out[f"audit-{fmt}"] = prodlint("audit", "--no-git", "--format", fmt, tmp_path).stdout
    return out


@pytest.mark.parametrize("directive", [
    "# nosemgrep: privileged-service,{value}",
    "# nosemgrep: privileged-service {value}",
    "# kics-scan disable=ae5b6871-7f45-42e0-bb4c-ab300c4d2026,{value}",
])
def test_another_linters_directive_listing_the_password_does_not_print_it(tmp_path, directive):
    """Notices, JSON/SARIF suppression places, SARIF's justification and the audit quote the directive; they
    quoted every id it named, and an id is the repository's word: the password beside it was printed."""
    line = directive.format(value=WEAK)
    compose = ("services:\n  db:\n    image: postgres:16\n"
               f"    privileged: true  {line}\n" if "nosemgrep" in line else
               f"{line}\nservices:\n  db:\n    image: postgres:16\n    privileged: true\n")
    compose += f"    environment:\n      POSTGRES_PASSWORD: {WEAK}\n"
    write_tree(tmp_path, {"docker-compose.yml": compose})
    outputs = _outputs(tmp_path)
    for name, text in outputs.items():
        assert WEAK not in text.lower(), name
    # the directive is still named, by the ids prodlint knows, and the others counted
    results = json.loads(outputs["sarif"])["runs"][0]["results"]
    [privileged] = [r for r in results if r["ruleId"] == "CMP006"]
    assert privileged["suppressions"][0]["kind"] == "inSource"
    if "nosemgrep" in line:
        assert "`nosemgrep: privileged-service (and 1 id prodlint does not cover)` on line 4" in outputs["text"]
        assert "(and 1 id prodlint does not cover)" in privileged["suppressions"][0]["justification"]


def test_a_directives_reason_is_in_no_output(tmp_path):
    """The reason after `--` is free text of the repository: SARIF's justification names the directive and its
    line, not the reason."""
    write_tree(tmp_path, {"docker-compose.yml": (
        "services:\n  api:\n"
        f"    image: example/api:latest  # prodlint: ignore[CMP026] -- the admin password is {WEAK} anyway\n"
        f"    environment:\n      API_TOKEN: {WEAK}\n")})
    for name, text in _outputs(tmp_path).items():
        assert WEAK not in text.lower(), name


def test_suppressed_results_never_push_reported_ones_out_of_the_upload(tmp_path, monkeypatch):
    """GitHub takes 10 MB gzipped: the results are halved until the log fits. Suppressed results go first, so a
    repository that suppresses many findings cannot crowd its reported ones out."""
    from linter.report import sarif
    services = "".join(f"  s{i}:\n    image: example/s{i}:latest  # prodlint: ignore[CMP026]\n" for i in range(60))
    result = lint(tmp_path, {"docker-compose.yml": "services:\n" + services}, select=["CMP026", "CMP002"])
    assert len(result.findings) == 60 and len(result.suppressed) == 60
    import gzip
    only_reported = len(json.dumps(sarif.document(result, max_suppressed=0), indent=2, ensure_ascii=False).encode())
    # room for every reported result and hardly any suppressed one: halving every result alike kept 39 reported
    monkeypatch.setattr(sarif, "MAX_GZIP_BYTES", only_reported + 50)
    monkeypatch.setattr(gzip, "compress", lambda data, level=9: data)  # the size itself decides
    log = json.loads(render(result, "sarif", suppressed="include"))
    results = log["runs"][0]["results"]
    assert sum("suppressions" not in r for r in results) == 60
    assert sum("suppressions" in r for r in results) < 60
    notes = [n["message"]["text"] for n in log["runs"][0]["invocations"][0]["toolExecutionNotifications"]]
    assert any("suppressed findings were left out" in n for n in notes)


def test_suppressed_findings_with_the_same_key_keep_reported_fingerprints(tmp_path):
    """Two findings with one key are numbered in document order; a suppressed one is numbered after every
    reported one, so emitting it changes no fingerprint a baseline holds."""
    compose = ("services:\n  api:\n    image: example/api:1.0\n    environment:\n"
               f"      # prodlint: ignore[CMP013]\n      API_TOKEN: {STRONG}\n")
    before = lint(tmp_path, {"docker-compose.yml": compose.replace("      # prodlint: ignore[CMP013]\n", "")})
    prints = {f.fingerprint for f in before.findings}
    after = lint(tmp_path, {"docker-compose.yml": compose})
    assert {f.fingerprint for f in after.findings} <= prints
    text = render(after, "sarif", suppressed="include")
    assert STRONG.lower() not in text.lower()
    all_prints = [r["partialFingerprints"]["prodlint/v1"] for r in json.loads(text)["runs"][0]["results"]]
    assert len(all_prints) == len(set(all_prints))


def test_the_set_aside_line_is_inert_and_masked(tmp_path):
    """The reason may be the repository's words (the `[roles]` pattern of an in-tree configuration that matched):
    a line break, a workflow command or a bidi override in it stays on the summary's one line, escaped."""
    folder = "ops\n::error::owned\u202e"
    pattern = (folder + "/**").encode("unicode_escape").decode()
    write_tree(tmp_path, {".prodlint.toml": f'[roles]\nexample = ["{pattern}"]\n',
                          f"{folder}/docker-compose.yml": "services:\n  api:\n    image: example/api:latest\n"})
    out = prodlint("check", "--no-git", tmp_path).stdout
    lines = [line for line in out.splitlines() if "set aside" in line]
    assert len(lines) == 1 and lines[0].startswith("1 file set aside from production checks: 1 example (")
    assert "\\u202e" in lines[0] and "\\n::error" in lines[0]
    assert not any(line.lstrip().startswith("::") for line in out.splitlines()) and "\u202e" not in out
    github = prodlint("check", "--no-git", "--format", "github", tmp_path).stdout
    assert "\u202e" not in github and all(line.startswith("::") for line in github.splitlines())
    sarif = prodlint("check", "--no-git", "--format", "sarif", tmp_path).stdout
    assert "\u202e" not in sarif and "set aside from production checks" in sarif


@pytest.mark.parametrize("directive", ["# prodlint: ignore[CMP006,{value}]", "# nosemgrep: privileged-service,{value}"])
def test_a_password_among_a_directives_ids_is_not_stored_in_the_cache(tmp_path, monkeypatch, directive):
    """The result cache stored a file's directives as written (ids and peer verbs), checking only their
    reasons: the password named as an id lay in the cache folder, which others may read."""
    write_tree(tmp_path / "repo", {"docker-compose.yml": (
        f"services:\n  db:\n    image: postgres:16\n    privileged: true  {directive.format(value=WEAK)}\n"
        f"    environment:\n      POSTGRES_PASSWORD: {WEAK}\n")})
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    cold = prodlint("check", "--no-git", "--format", "json", tmp_path / "repo").stdout
    warm = prodlint("check", "--no-git", "--format", "json", tmp_path / "repo").stdout
    assert cold == warm and WEAK not in cold
    stored = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert stored and not any(WEAK.encode() in p.read_bytes().lower() for p in stored)
