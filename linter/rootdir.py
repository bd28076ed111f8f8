"""The repository root a run reports paths against, whatever path argument it was given.

Paths in every report, fingerprints, baselines and SARIF URIs are relative to this root, so
``prodlint check services/api`` reports ``services/api/Dockerfile`` exactly as ``prodlint check .`` does.
The root is ``--root`` when given; else, in a git work tree (unless ``--no-git``), the folder holding the
``.git`` above the first path, when that repository tracks files in the folder given (a project copied
into someone else's work tree, untracked or ignored there, is its own repository); else the one folder
given, or the current directory (several paths, or files). A path outside the root is refused (exit 2): analysing it would report paths that start with
``..``, which code scanning cannot place, and fingerprints that change with the argument.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import UsageError


def anchored(path: Path) -> Path:
    """The absolute path, its folders resolved (a final symbolic link is kept: discovery judges it)."""
    absolute = Path(os.path.normpath(path if path.is_absolute() else Path.cwd() / path))
    if absolute.is_dir():
        return absolute.resolve()
    return absolute.parent.resolve() / absolute.name


def inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def git_top(start: Path) -> Path | None:
    """The work tree holding ``start``: the nearest folder with a ``.git`` (a folder, or a worktree's file)."""
    for directory in (start, *start.parents):
        if (directory / ".git").exists():
            return directory
    return None


def linked_out(path: Path) -> Path | None:
    """The work tree holding ``path`` as written, when ``path`` goes through a symbolic link to a place outside
    that work tree (``sub -> ../../elsewhere``); None otherwise. Such a path is checked against the tree it
    was named in, where it is outside the root, not silently taken as a repository of its own."""
    lexical = Path(os.path.normpath(path if path.is_absolute() else Path.cwd() / path))
    target = anchored(path)
    if lexical == target or not lexical.parent.exists():
        return None
    top = git_top(lexical.parent.resolve())
    return top if top is not None and not inside(target.resolve(), top) else None


def repository_root(paths: list[Path], root: Path | None, use_git: bool) -> Path:
    if root is not None:
        return root.resolve()
    anchors = [anchored(p) for p in paths] or [Path.cwd().resolve()]
    folders = [a if a.is_dir() else a.parent for a in anchors]
    if use_git:
        top = next(filter(None, (linked_out(p) for p in paths)), None)
        if top is not None:
            return top
        top = git_top(folders[0])
        if top is not None and (top == folders[0] or not anchors[0].is_dir() or tracks_files_in(top, folders[0])):
            return top
    if len(anchors) == 1 and anchors[0].is_dir():
        return anchors[0]
    return Path.cwd().resolve()


def tracks_files_in(top: Path, folder: Path) -> bool:
    """Whether the git work tree at ``top`` tracks any file below ``folder`` (the first answer suffices)."""
    # git runs through discovery's one way of running it: the scanned repository's own configuration
    # (core.fsmonitor names a command git runs when it reads the index) must not run anything
    from .discover import _git_stream
    try:
        proc = _git_stream(top, "ls-files", "-z", "--", str(folder.relative_to(top)))
    except ValueError:
        return False
    if proc is None:
        return False
    try:
        first = proc.stdout.read(1)
    finally:
        proc.kill()
        proc.wait()
    return bool(first)


def refuse_outside(paths: list[Path], root: Path) -> list[Path]:
    """The paths, anchored; a usage error naming the first one outside the root."""
    out = []
    for path in paths:
        absolute = anchored(path)
        if not inside(absolute, root):
            raise UsageError(f"{path}: outside the repository root {root}; name the root with --root to check it")
        out.append(absolute)
    return out
