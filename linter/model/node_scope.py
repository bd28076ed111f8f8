"""Which package a Node/TS file belongs to, in a module of its own: the result cache asks it of every Node file
of a warm run (linter.needs), which then need not import the Node model (a tenth of such a run)."""
from __future__ import annotations

from pathlib import Path


def package_scope(project, rel: str) -> str:
    """The directory (relative, '' for the root) of the backend package.json governing a file."""
    from ..classify import backend_package_for
    root = project.root
    pkg = backend_package_for(root / rel, root)
    if pkg is None:  # a plain http server's package: no framework dependency names it a backend
        pkg = nearest_package(root / rel, root)
    scope = ""
    if pkg is not None:
        scope = project.rel(pkg.parent) or ""
        scope = "" if scope == "." else scope
    return scope


def nearest_package(path: Path, root: Path) -> Path | None:
    for directory in path.parents:
        if (directory / "package.json").is_file():
            return directory / "package.json"
        if directory == root or root not in directory.parents:
            return None
    return None
