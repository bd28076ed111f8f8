"""The one loader of fixtures/rules/<RULE-ID>.yml, shared by every test that runs rule cases.

A file holds ``rule`` and ``cases``; a case has ``name``, ``files`` (path -> text), and optionally
``expect`` (exact findings), ``select``, ``options``, ``parse_error: true`` (the case is about a file that
does not parse, so PL001 is expected) and ``fixed`` (path -> the text after every fix, unsafe included).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML

CASE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "rules"
CASE_KEYS = {"name", "files", "expect", "select", "options", "parse_error", "fixed", "note"}


@lru_cache(maxsize=None)
def load(rule_id: str) -> tuple[dict, ...]:
    path = CASE_DIR / f"{rule_id}.yml"
    if not path.is_file():
        return ()
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    assert data["rule"] == rule_id, f"{path.name} names rule {data['rule']}"
    return tuple(data["cases"])


def rule_ids() -> list[str]:
    return sorted(p.stem for p in CASE_DIR.glob("*.yml"))


def all_cases() -> list[tuple[str, dict]]:
    return [(rule_id, case) for rule_id in rule_ids() for case in load(rule_id)]
