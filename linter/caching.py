"""The engine's use of the result cache: what a file's cached outcome depends on, and when to trust it.

What each file's outcome needs unchanged is linter.needs: its own content, the files its check reads across and
the answers to the cross-file questions it asked; the repository rules depend on the whole tree, git's state
and every env file on disk.
"""
from __future__ import annotations

import os
from pathlib import Path

from . import __version__
from .checker import Outcome
from .files import SourceFile

REPOSITORY_ENTRY = "\0repository"  # the repository rules' outcome's entry in the result cache
SET_ASIDE_ENTRY = "\0set-aside"  # the summary's files set aside from production checks (report.common.set_aside)


def set_aside(cache, tree_deps: str | None, rules, files, project, redactor) -> list[tuple[str, str, int]]:
    """The files set aside from production checks, grouped by role and reason, kept while the tree is the same
    (the roles are decided from it): a warm run with nothing changed decides no role. Reasons are stored masked
    and scrubbed of the run's judged values, like every text the cache keeps."""
    from .report.common import set_aside_groups
    from .secrets import mask_message
    kept = cache.get_value(SET_ASIDE_ENTRY, tree_deps) if cache is not None and tree_deps else None
    if isinstance(kept, list):
        return [tuple(group) for group in kept]
    groups = [(role, redactor.scrub(mask_message(reason)), n)
              for role, reason, n in set_aside_groups(rules, files, project)]
    if cache is not None and tree_deps:
        cache.put_value(SET_ASIDE_ENTRY, tree_deps, [list(g) for g in groups])
    return groups


NAMED_ENTRY = "\0named-by-commands"  # linked._named_by_commands's answers (linter.linked)


class NamedByCommands:
    """``linked._named_by_commands`` answered from the result cache while what it is computed from is the same:
    it reads the role evidence (READMEs, scripts, CI files: a tenth of a warm run) for the compose commands they
    hold, and the YAML files those name. The evidence is what ``Dependencies.evidence`` digests (configuration
    files, the other listed files by name, size and time, pm2 configurations), and the files named are listed
    ones (a file git ignores is never admitted); each answer is kept per question (the names known so far and
    the folders checked)."""

    def __init__(self, cache, project, others):
        self.cache, self.project, self.others = cache, project, others
        self.deps: str | None = None
        self.kept: dict = {}
        self.answers: dict = {}

    def __call__(self, project, known: set[str], scopes: list[str]) -> list[str]:
        from .linked import _named_by_commands
        from .needs import evidence_of
        from .resultcache import digest
        if self.cache is None:
            return _named_by_commands(project, known, scopes)
        if self.deps is None:
            sigs = {f.rel: self.cache.sign(f.path, project.root) for f in project.files}
            self.deps = evidence_of(project, sigs, self.others.hexdigest())
            kept = self.cache.get_value(NAMED_ENTRY, self.deps)
            self.kept = kept if isinstance(kept, dict) else {}
        question = digest([sorted(known), scopes])
        answer = self.kept.get(question)
        if isinstance(answer, list) and all(isinstance(rel, str) for rel in answer):
            self.answers[question] = answer
            return list(answer)
        answer = _named_by_commands(project, known, scopes)
        self.answers[question] = answer
        self.cache.put_value(NAMED_ENTRY, self.deps, dict(self.kept, **self.answers))
        return answer


def open_cache(root: Path, config, options, ruleset, untracked: str):
    """The cache of per-file results, or None where it cannot be trusted or is not wanted."""
    if not (options.cache and config.cache) or options.overlay or options.debug \
            or any(not p.is_dir() for p in options.paths):
        return None  # explicit files (pre-commit) are few, and their neighbours are read from disk
    from .resultcache import ResultCache, digest
    cache = ResultCache(root)
    sign = cache.sign
    config_text = repr(sorted(config.raw.items()))  # as validated: the file is not read twice
    engine_code = sorted((name, sign(Path(name))) for name in _code_files(os.path.dirname(os.path.abspath(__file__))))
    cache.use_key(digest([__version__, engine_code, [(r.id, str(r.path), sign(r.path)) for r in ruleset.all_rules],
                          str(config.path), config_text, options.select, options.ignore,
                          sorted(ruleset.severity.items()), sorted((k, repr(v)) for k, v in ruleset.options.items()),
                          [r.id for r in ruleset.rules], options.hints, untracked, options.audit]))
    return cache


def _code_files(top: str) -> list[str]:
    """prodlint's own modules: os.walk, a quarter of the time Path.rglob takes (every warm run asks)."""
    return [os.path.join(folder, name) for folder, _, names in os.walk(top) for name in names if name.endswith(".py")]


def from_cache(cache, project, todo: list[SourceFile], outcome: Outcome, others, ruleset):
    """Merge cached outcomes into ``outcome``; return the (file, signature, what its outcome needs) still to
    check, and the digest of the whole listing (every discovered and every other listed file)."""
    from .needs import Dependencies
    sigs = {f.rel: cache.sign(f.path, project.root) for f in project.files}
    cache.text_of = lambda rel: project.by_rel[rel].text if rel in project.by_rel else None
    cache.signatures = sigs  # the repository entry's env files are mostly listed ones: hashed once
    deps = Dependencies(project, ruleset, sigs, others.hexdigest())
    pending = []
    for file in todo:
        needs = deps.needs(file)
        hit = cache.get(file.rel, sigs.get(file.rel), needs)
        if hit is None:
            pending.append((file, sigs.get(file.rel), needs))
        else:
            outcome.merge(hit)
    return pending, deps.tree


def repository_deps(project, root: Path, tree_deps: str, cache) -> str:
    """What the repository-wide rules read besides the listed files: git's state (what is tracked and
    ignored) and every env file on disk, git-ignored ones included (a build context sends them). ``cache``
    gives the signatures from_cache took this run (of root / rel, as here, by rel) and signs the others."""
    from .model.repository import repository
    from .resultcache import digest
    on_disk = repository(project).env_files_on_disk()
    known = cache.signatures
    return digest([tree_deps, git_state(root, cache.sign),
                   [(rel, known[rel] if rel in known else cache.sign(root / rel, root)) for rel in on_disk]])


def git_state(root: Path, sign) -> list:
    """Signatures (made by ``sign``) of what decides git's answers about tracked and ignored files: the index,
    HEAD, the repository's config and excludes, and the user's global ignore file."""
    from .files import read_head
    git_dir = next((d / ".git" for d in (root, *root.parents) if (d / ".git").exists()), None)
    if git_dir is not None and git_dir.is_file():  # a worktree or submodule: "gitdir: <path>"
        text = read_head(git_dir, None, 4096).strip()  # never blocks: a scanned .git may be a FIFO
        git_dir = (git_dir.parent / text[len("gitdir:"):].strip()) if text.startswith("gitdir:") else None
    home = Path.home()
    paths = [home / ".gitconfig", home / ".config" / "git" / "ignore", home / ".config" / "git" / "config"]
    if git_dir is not None:
        paths += [git_dir / name for name in ("index", "HEAD", "config", "info/exclude", "packed-refs")]
        head = git_dir / "HEAD"
        ref = read_head(head, None, 4096).strip()
        if ref.startswith("ref:"):
            paths.append(git_dir / ref[4:].strip())
    return [(str(p), sign(p)) for p in paths]
