"""The eighth red team: the replayed pre-commit run (linter.replay), the unknown-rule message and the source
lines that quote a directive, and the in-tree configuration's error messages."""
from __future__ import annotations

import json

import pytest

from conftest import prodlint, write_tree

WEAK = "letmein99"  # a word-like password: no mask recognises its shape, only its judged value hides it
FORMATS = ("text", "json", "sarif", "github")


def _outputs(tmp_path, *extra) -> dict[str, str]:
    out = {fmt: prodlint("check", "--no-git", "--no-cache", "--format", fmt, *extra, tmp_path).stdout
           for fmt in FORMATS}
    out["sarif-suppressed"] = prodlint("check", "--no-git", "--no-cache", "--format", "sarif", "--sarif-suppressed",
                                       "include", tmp_path).stdout
    out["diff"] = prodlint("check", "--no-git", "--no-cache", "--diff", "--unsafe-fixes", tmp_path).stdout
    for fmt in ("json", "markdown", "text"):
        out[f"audit-{fmt}"] = prodlint("audit", "--no-git", "--format", fmt, tmp_path).stdout
    return out


@pytest.mark.parametrize("written", ["LETMEIN99", "LetMeIn99", "CMP026,letMEin99"])
@pytest.mark.parametrize("where", ["own-line", "inline"])
def test_an_unknown_rule_that_is_the_password_in_another_case_is_not_printed(tmp_path, monkeypatch, written, where):
    """The unknown-rule message scrubbed the selector of the run's judged values in their own case only, and a
    word-like value has no other case variants: `ignore[LETMEIN99]` printed the password `letmein99` in the
    message, hashed it into the fingerprint, and quoted the line in every finding's snippet on it."""
    directive = f"# prodlint: ignore[{written}] -- reviewed"
    compose = ("services:\n  db:\n    image: postgres:latest\n"
               + (f"    {directive}\n    privileged: true\n" if where == "own-line"
                  else f"    privileged: true  {directive}\n")
               + f"    environment:\n      POSTGRES_PASSWORD: {WEAK}\n")
    write_tree(tmp_path / "repo", {"docker-compose.yml": compose})
    outputs = _outputs(tmp_path / "repo")
    for name, text in outputs.items():
        assert WEAK not in text.lower(), name
    findings = json.loads(outputs["json"])["findings"]
    unknown = [f for f in findings if f["rule"] == "PL003"]
    assert unknown and all("'****'" in f["message"] for f in unknown)
    # the result cache keeps nothing of it either, and a warm run prints what a cold one does
    monkeypatch.setenv("PRODLINT_CACHE_DIR", str(tmp_path / "cache"))
    cold = prodlint("check", "--no-git", "--format", "json", tmp_path / "repo").stdout
    warm = prodlint("check", "--no-git", "--format", "json", tmp_path / "repo").stdout
    assert cold == warm and WEAK not in cold.lower()
    stored = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert stored and not any(WEAK.encode() in p.read_bytes().lower() for p in stored)


def test_a_word_like_password_in_another_case_stays_in_prose(tmp_path):
    """Only ids are matched in any letter case: the service `wordpress` with the password `wordpress123` is
    still named, and a comment line that is no directive keeps its words."""
    from linter.secrets import Redactor
    r = Redactor()
    r.add("wordpress")
    assert r.scrub("service 'WordPress'") == "service 'WordPress'"
    assert r.scrub_any_case("WORDPRESS") == "****"
    assert r.scrub_line("image: WordPress:6  # a note") == "image: WordPress:6  # a note"
    assert r.scrub_line("image: x  # prodlint: ignore[WORDPRESS]") == "image: x  # prodlint: ignore[****]"
    assert r.scrub_line("x  # nosemgrep: rule,WordPress") == "x  # nosemgrep: rule,****"
