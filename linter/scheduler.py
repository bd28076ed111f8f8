"""Checking many files: in this process for small runs, else in forked workers, files grouped by what they share."""
from __future__ import annotations

import os
from pathlib import Path

from .checker import Checker, Outcome
from .files import SourceFile

PARALLEL_MIN_FILES = 300
REPOSITORY = -1  # stands for the repository-wide rules, a task of their own
_WORKER = None  # (checker, files) inherited by forked workers


def jobs_for(todo: list[SourceFile], wanted: int | None, debug: bool) -> int:
    """Worker processes: one for small runs (start-up would cost more than it saves), else the cores."""
    if wanted is None:
        if len(todo) < PARALLEL_MIN_FILES or debug:
            return 1
        wanted = os.cpu_count() or 1
    import multiprocessing
    if wanted > 1 and "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(wanted, len(todo)))


def check_all(checker: Checker, todo: list[SourceFile], root: Path, *, jobs: int, done: int, total: int,
              progress=None, repository: bool = True) -> tuple[list[Outcome], Outcome]:
    """One outcome per file, in order, and the repository-wide outcome (unless its cached one is used)."""
    if jobs <= 1:
        out = []
        for n, file in enumerate(todo, start=1):
            out.append(checker.check_file(file))
            if progress is not None:
                progress(done + n, total)
        return out, checker.check_repository() if repository else Outcome()
    # Files that share cross-file facts (a backend package, a service's directory) go to the same group,
    # so each fact is computed in one worker. Workers inherit the loaded rules and config by fork.
    # Roles are the exception: they are decided here, before the fork, for every file. Each file's check
    # starts from its role, and deciding roles builds the repository's role evidence (its deployment
    # commands, the compose and env files they load) and decides the files a role depends on; the
    # repository rules ask the role of every env file and the Node model that of every source file. Every
    # worker did all of that again; now they inherit the decisions and the documents parsed for them.
    for file in todo:
        file.role  # noqa: B018 - decided and kept on the file
    global _WORKER
    _WORKER = (checker, todo)
    import gc
    import multiprocessing
    # What the workers inherit (the rules, every file, the roles and the documents read for them) lives as
    # long as they do: frozen, it is left out of their garbage collections, which would otherwise walk
    # it again and again and, by touching its objects, copy the pages they share with this process.
    gc.freeze()
    results: list[Outcome | None] = [None] * len(todo)
    repo_outcome = Outcome()
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_ignore_interrupts) as pool:
            for part in pool.imap_unordered(_check_group, group(todo, root, repository)):
                for index, outcome in part:
                    if index == REPOSITORY:
                        repo_outcome = outcome
                        continue
                    results[index] = outcome
                    done += 1
                if progress is not None:
                    progress(done, total)
    finally:
        _WORKER = None
        gc.unfreeze()
    return results, repo_outcome


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them: one line on the terminal, no tracebacks."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_group(indexes: list[int]) -> list[tuple[int, Outcome]]:
    checker, todo = _WORKER
    return [(i, checker.check_repository() if i == REPOSITORY else checker.check_file(todo[i])) for i in indexes]


def group(todo: list[SourceFile], root: Path, repository: bool = True) -> list[list[int]]:
    """Indexes of files to check, grouped by what they share, largest first: a backend package, else a
    directory (a compose file, the Dockerfiles it builds and the env files it reads sit together). The
    repository-wide rules come first, as a task of their own. Indexes over every compose file (who builds
    a Dockerfile, where nginx configuration is mounted) are built in each worker that needs them: with
    libyaml composing, that costs less than waiting for one worker to check every compose reader.
    nginx files are one group: their model is the repository's include trees, built from every nginx
    file at once and walked once per tree (an include crosses folders: conf.d, sites-enabled,
    snippets), so a worker given any of them builds all of it, and checking them is cheap once it is."""
    from .classify import backend_package_for
    groups: dict[str, list[int]] = {}
    sizes: dict[str, int] = {}
    for i, f in enumerate(todo):
        if f.kind == "node":
            pkg = backend_package_for(f.path, root)
            key = str(pkg.parent) if pkg is not None else str(f.path.parent)
        elif f.kind == "nginx":
            key = "\0nginx"  # no folder's name
        else:
            key = str(f.path.parent)
        groups.setdefault(key, []).append(i)
        try:
            sizes[key] = sizes.get(key, 0) + f.path.stat().st_size
        except OSError:
            pass
    ordered = [groups[k] for k in sorted(groups, key=lambda k: (-sizes.get(k, 0), k))]
    return ([[REPOSITORY]] if repository else []) + ordered
