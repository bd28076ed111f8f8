"""Small JSON files in the user's cache folder: validated rule indexes and the parsed checklist.

Everything here can be rebuilt from the installed package; a missing, damaged or unwritable cache only
costs time. Nothing derived from a scanned repository is stored here.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

_KEEP = 16  # entries per namespace: enough for a few installed versions and rule folders


def cache_dir() -> Path | None:
    if os.environ.get("PRODLINT_NO_CACHE"):
        return None
    base = os.environ.get("PRODLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "prodlint")
    return Path(base)


def read_json(namespace: str, key: str):
    base = cache_dir()
    if base is None:
        return None
    try:
        return json.loads((base / namespace / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(namespace: str, key: str, data) -> None:
    base = cache_dir()
    if base is None:
        return
    folder = base / namespace
    try:
        folder.mkdir(parents=True, exist_ok=True)
        import tempfile  # writing is rare: most runs only read the cache
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, folder / f"{key}.json")
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
