"""Formatters: each turns a RunResult into text for one audience. They never re-parse display text."""
from __future__ import annotations

import importlib

FORMATS = {"text": "text", "json": "json_report", "sarif": "sarif", "github": "github"}


def render(result, fmt: str, **options) -> str:
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    return module.render(result, **options)
