"""Formatters: each turns a RunResult into text for one audience. They never re-parse display text."""
from __future__ import annotations

import importlib

FORMATS = {"text": "text", "json": "json_report", "sarif": "sarif", "github": "github"}


def render(result, fmt: str, **options) -> str:
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    return module.render(result, **options)


def render_chunks(result, fmt: str, **options):
    """The report as a sequence of strings, for formats that can be written a piece at a time."""
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    if hasattr(module, "chunks"):
        return module.chunks(result, **options)
    return [module.render(result, **options)]
