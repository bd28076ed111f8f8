"""The pipeline: discover -> classify -> parse -> project model -> rules -> suppress/baseline -> findings.

Nothing here knows a specific rule: rules are dispatched by the kinds and
roles their metadata declares, and every finding is stamped here with the
rule's identity, severity, checklist ids and fingerprint.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, engine_rules
from .api import SEVERITY_RANK, Finding, Fix, RuleMeta, Span
from .catalog import load_catalog
from .config import Config, load_config
from .discover import Notice, discover
from .errors import UsageError
from .files import SourceFile
from .loader import Rule, load_rules, matches, resolve_options
from .model.project import Project
from .secrets import Redactor, masked_line, secret_ranges, secret_value
from .suppress import Directive, covers, parse_directives


@dataclass
class RunOptions:
    paths: list[Path] = field(default_factory=list)
    root: Path | None = None
    config_path: Path | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    baseline: Path | None = None
    debug: bool = False
    use_git: bool = True
    progress: object = None  # callable(done, total) for a progress display, or None
    jobs: int | None = None  # worker processes; None = decide from the amount of work
    cache: bool = True  # reuse cached rule indexes and results
    overlay: dict = field(default_factory=dict)  # rel path -> text to use instead of the file's (fixes)
    load_plugins: bool = False  # import the rules-dirs of a configuration found in the scanned tree
    hints: bool = True  # skip files that hold none of an active rule's hint words (RuleMeta.hints)


@dataclass
class RunResult:
    root: Path
    config: Config
    rules: list[Rule]  # active rules
    all_rules: list[Rule]
    files: list[SourceFile]
    findings: list[Finding]
    suppressed: list[Finding]
    notices: list[Notice]
    redactor: Redactor
    project: Project
    severity: dict[str, str] = field(default_factory=dict)  # rule id -> configured level
    discovery_source: str = "walk"
    secret_ranges: dict = field(default_factory=dict)  # path -> {(line, column, length)} to mask in snippets
    baseline_pruned: int = 0  # baseline entries removed because their findings are fixed

    def reported(self, threshold: str = "note") -> list[Finding]:
        rank = SEVERITY_RANK[threshold]
        return [f for f in self.findings if SEVERITY_RANK[f.severity] >= rank]


class Context:
    """What a rule's check() receives besides the document: the model, its options, and ctx.finding."""

    def __init__(self, engine: "Engine", rule: Rule, file: SourceFile | None, options: dict,
                 local: Redactor | None = None):
        self._engine = engine
        self._local = local if local is not None else Redactor()
        self.rule = rule
        self.meta: RuleMeta = rule.meta
        self.file = file
        self.options = options
        self.model: Project = engine.project

    def finding(self, at: Span, key: str, message: str, *, path: str | None = None, fix: Fix | None = None,
                secret: str | None = None, **fmt) -> Finding:
        """A finding of this rule. ``message`` is a key of the rule's MESSAGES; ``fmt`` fills it.

        ``secret`` is the judged value: it is never formatted into anything, and the engine scrubs it from
        every output should it appear anyway.
        """
        # published defaults ("postgres", "changeme") hide nothing; masking them would garble every message
        secret = secret_value(secret)
        if secret is not None:
            self._engine.redactor.add(secret)
            self._local.add(secret)
        template = self.rule.messages.get(message)
        if template is None:
            raise KeyError(f"rule {self.meta.id} has no message '{message}'")
        if fix is not None and self.meta.fix == "none":
            raise ValueError(f"rule {self.meta.id} declares fix='none' but produced a fix")
        if path is None:
            if self.file is None:
                raise ValueError("a repository-wide rule must give the finding's path")
            path = self.file.rel
        # Scrubbed with the values judged in this file only, so the text is the same in every run and worker.
        text = self._local.scrub(template.format(**fmt))
        return self._engine.stamp(self.meta, path, at, key, text, message, fix)


class Engine:
    def __init__(self, options: RunOptions):
        self.options = options
        cwd = Path.cwd()
        paths = options.paths or [cwd]
        dirs = [p for p in paths if p.is_dir()]
        files = [p for p in paths if not p.is_dir()]
        for p in paths:
            if not p.exists() and not p.is_symlink():
                raise UsageError(f"{p}: no such file or directory")
        if options.root is not None:
            root = options.root
        elif len(dirs) == 1 and not files:
            root = dirs[0]
        else:
            root = cwd
        self.root = root.resolve()
        self.scope_dirs = dirs
        self.explicit_files = files
        self.config = load_config(self.root, options.config_path)
        self.catalog = load_catalog()
        self.notices: list[Notice] = []
        self.baseline_pruned = 0
        self._roles = None
        plugin_dirs = self.config.rules_dirs
        if plugin_dirs and not (options.load_plugins or options.config_path is not None):
            # A configuration found inside the scanned tree belongs to that repository: importing its rule
            # folders would run its code. It takes the user's consent: --load-plugins, or naming it with --config.
            where = self.config.path.name if self.config.path else "configuration"
            self.notices.append(Notice(where, f"rules-dirs not loaded ({len(plugin_dirs)} folder(s)): a "
                                              "repository's own rules run only with --load-plugins or --config"))
            plugin_dirs = []
        # The rule index is reused even under --no-cache: like a compiled module, its key (the rule files'
        # sizes and times, prodlint's version) already says when it is stale.
        self.all_rules = load_rules(plugin_dirs, self.catalog.ids)
        self.rules = self._select(self.all_rules)
        self.rule_options = self._options()
        self.severity = self._severity_overrides()
        self.redactor = Redactor()
        self.project: Project | None = None
        self._per_file_ignores = self._compile_per_file_ignores()
        self._hint_indexes: dict = {}

    # ---- configuration -----------------------------------------------------------------------
    def _known(self, selector: str) -> bool:
        metas = [r.meta for r in self.all_rules] + list(engine_rules.ALL)
        return any(matches(m, selector) for m in metas)

    def _select(self, rules: list[Rule]) -> list[Rule]:
        select = self.options.select or self.config.select
        ignore = list(self.config.ignore) + list(self.options.ignore)
        for selector in select + ignore:
            if not self._known(selector):
                raise UsageError(f"unknown rule '{selector}' in select/ignore")
        chosen = [r for r in rules if not select or any(matches(r.meta, s) for s in select)]
        return [r for r in chosen if not any(matches(r.meta, s) for s in ignore)]

    def _find_rule(self, selector: str) -> Rule | None:
        return next((r for r in self.all_rules if r.meta.id == selector or r.meta.name == selector), None)

    def _options(self) -> dict[str, dict]:
        out = {r.id: resolve_options(r, {}) for r in self.all_rules}
        for selector, configured in self.config.rules.items():
            rule = self._find_rule(selector)
            if rule is None:
                raise UsageError(f"{self.config.label}: unknown rule '{selector}' in [rules]")
            out[rule.id] = resolve_options(rule, configured)
        return out

    def _severity_overrides(self) -> dict[str, str]:
        out = {}
        for selector, level in self.config.severity.items():
            metas = [r.meta for r in self.all_rules] + list(engine_rules.ALL)
            hit = [m for m in metas if matches(m, selector)]
            if not hit:
                raise UsageError(f"{self.config.label}: unknown rule '{selector}' in [severity]")
            for meta in hit:
                out[meta.id] = level
        return out

    def _compile_per_file_ignores(self):
        from .globs import GlobSet
        compiled = []
        for pattern, ids in self.config.per_file_ignores.items():
            for selector in ids:
                if not self._known(selector):
                    raise UsageError(f"{self.config.label}: unknown rule '{selector}' in per-file-ignores")
            compiled.append((GlobSet([pattern]), ids))
        return compiled

    # ---- stamping ----------------------------------------------------------------------------
    def stamp(self, meta: RuleMeta, path: str, at: Span, key: str, message: str, message_id: str,
              fix: Fix | None = None) -> Finding:
        return Finding(
            rule_id=meta.id, rule_name=meta.name, path=path, span=at, message=message, message_id=message_id,
            severity=self.severity.get(meta.id, meta.severity), checklist=tuple(meta.checklist), key=key,
            fingerprint=fingerprint(meta.id, path, key), fix=fix,
        )

    # ---- the run -----------------------------------------------------------------------------
    def run(self) -> RunResult:
        wanted = {k for r in self.rules for k in r.meta.kinds}
        found = discover(self.root, self.scope_dirs, self.explicit_files, self.config.exclude,
                         self.config.max_file_size, self.options.use_git, wanted)
        overlay = self.options.overlay
        files = [SourceFile(c.path, c.rel, c.kind, self._role, overlay.get(c.rel),
                            max_bytes=self.config.max_file_size) for c in found.files]
        found.files = []  # the SourceFiles say it all now; workers inherit less
        self.project = Project(self.root, self.config, files, self.config.max_file_size, overlay)
        self.project.use_git = self.options.use_git
        self.project.explicit_files = list(self.explicit_files)
        self.project.scope_dirs = list(self.scope_dirs)

        todo = [f for f in files if f.kind in wanted]
        outcome = _Outcome()
        cache = self._result_cache(files)
        pending, tree_deps = self._from_cache(cache, todo, outcome, found.others) if cache is not None \
            else ([(f, None, "") for f in todo], None)
        repo_deps = cached_repo = None
        if cache is not None and any("repo" in r.meta.kinds for r in self.rules):
            repo_deps = self._repository_deps(tree_deps)
            cached_repo = cache.get(_REPOSITORY_ENTRY, [0], repo_deps)
        per_file, repository = self._check_all([f for f, _, _ in pending], done=len(todo) - len(pending),
                                               total=len(todo), repository=cached_repo is None)
        for (file, sig, deps), part in zip(pending, per_file):
            outcome.merge(part)
        outcome.merge(cached_repo if cached_repo is not None else repository)
        for value in outcome.secrets:
            self.redactor.add(value)
        if cache is not None:
            for (file, sig, deps), part in zip(pending, per_file):
                cache.put(file.rel, sig, deps, part)
            if repo_deps is not None and cached_repo is None:  # a hit is kept by get()
                cache.put(_REPOSITORY_ENTRY, [0], repo_deps, repository)
            cache.save()
        raw = outcome.findings

        findings, suppressed = self._suppress(_dedupe(raw), outcome.directives)
        _disambiguate_fingerprints(findings)
        if self.options.baseline is not None or self.config.baseline is not None:
            from .baseline import apply_baseline
            # only a run that saw every file with every rule knows a baseline entry was fixed
            complete = not (self.explicit_files or self.options.select or self.options.ignore or self.options.overlay
                            or self.config.select or self.config.ignore
                            or any(d.resolve() != self.root for d in self.scope_dirs))
            findings, baselined, self.baseline_pruned = apply_baseline(
                findings, self.options.baseline or self.config.baseline, prune=complete)
            suppressed.extend(baselined)
        findings.sort(key=Finding.sort_key)
        notices = sorted(self.notices + found.notices + outcome.notices, key=lambda n: (n.path, n.message))
        return RunResult(self.root, self.config, self.rules, self.all_rules, files, findings, suppressed,
                         notices, self.redactor, self.project, self.severity, found.source, outcome.ranges,
                         self.baseline_pruned)

    def _role(self, rel: str) -> str:
        if self._roles is None:
            from .model.roles import Roles
            self._roles = Roles(self.config.roles)
        return self._roles.role(rel)

    def _jobs(self, todo: list[SourceFile]) -> int:
        """Worker processes: one for small runs (start-up would cost more than it saves), else the cores."""
        wanted = self.options.jobs
        if wanted is None:
            if len(todo) < PARALLEL_MIN_FILES or self.options.debug:
                return 1
            wanted = os.cpu_count() or 1
        import multiprocessing
        if wanted > 1 and "fork" not in multiprocessing.get_all_start_methods():
            return 1
        return max(1, min(wanted, len(todo)))

    def _check_all(self, todo: list[SourceFile], done: int, total: int,
                   repository: bool = True) -> tuple[list["_Outcome"], "_Outcome"]:
        """One outcome per file, in order, and the repository-wide outcome (unless its cached one is
        used); in forked workers when the run is large enough."""
        progress = self.options.progress
        jobs = self._jobs(todo)
        if jobs <= 1:
            out = []
            for n, file in enumerate(todo, start=1):
                out.append(self._check_file(file))
                if progress is not None:
                    progress(done + n, total)
            return out, self._check_repository() if repository else _Outcome()
        # Files that share cross-file facts (a backend package, a service's directory) go to the same group,
        # so each fact is computed in one worker. Workers inherit the loaded rules and config by fork.
        global _WORKER_ENGINE
        _WORKER_ENGINE = (self, todo)
        import multiprocessing
        results: list[_Outcome | None] = [None] * len(todo)
        repository = _Outcome()
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for part in pool.imap_unordered(_check_group, _group(todo, self.root, repository)):
                    for index, outcome in part:
                        if index == _REPOSITORY:
                            repository = outcome
                            continue
                        results[index] = outcome
                        done += 1
                    if progress is not None:
                        progress(done, total)
        finally:
            _WORKER_ENGINE = None
        return results, repository

    # ---- the result cache ---------------------------------------------------------------------
    def _result_cache(self, files: list[SourceFile]):
        """The cache of per-file results, or None where it cannot be trusted or is not wanted."""
        if not (self.options.cache and self.config.cache) or self.explicit_files or self.options.overlay \
                or self.options.debug:
            return None  # explicit files (pre-commit) are few, and their neighbours are read from disk
        from .resultcache import ResultCache, digest, signature
        config_text = self.config.path.read_bytes() if self.config.path and self.config.path.is_file() else b""
        engine_code = sorted((str(p), signature(p)) for p in Path(__file__).parent.rglob("*.py"))
        key = digest([__version__, engine_code, [(r.id, str(r.path), signature(r.path)) for r in self.all_rules],
                      str(self.config.path), config_text, self.options.select, self.options.ignore,
                      sorted(self.severity.items()), sorted((k, repr(v)) for k, v in self.rule_options.items()),
                      [r.id for r in self.rules], self.options.hints])
        return ResultCache(self.root, key)

    def _from_cache(self, cache, todo: list[SourceFile], outcome: "_Outcome", others):
        """Merge cached outcomes into ``outcome``; return the (file, signature, dependency digest) still to
        check, and the digest of the whole listing (every discovered and every other listed file).

        A configuration file's results may depend on any other file of the tree (an nginx include of no
        known kind, the .env a compose file interpolates from), so its digest covers them all; backend
        source also depends on the other source files.
        """
        from .resultcache import digest, signature
        sigs = {f.rel: signature(f.path) for f in self.project.files}
        config_deps = digest(sorted((rel, sigs[rel]) for rel, f in self.project.by_rel.items()
                                    if f.kind not in _SOURCE_KINDS and rel in sigs)
                             + [others.hexdigest()])
        source_deps = digest([config_deps] + sorted((rel, sigs[rel]) for rel, f in self.project.by_rel.items()
                                                    if f.kind in _SOURCE_KINDS and rel in sigs))
        pending = []
        for file in todo:
            deps = source_deps if file.kind in _SOURCE_KINDS else config_deps
            hit = cache.get(file.rel, sigs.get(file.rel), deps)
            if hit is None:
                pending.append((file, sigs.get(file.rel), deps))
            else:
                outcome.merge(hit)
        return pending, source_deps

    def _repository_deps(self, tree_deps: str) -> str:
        """What the repository-wide rules read besides the listed files: git's state (what is tracked and
        ignored) and every env file on disk, git-ignored ones included (a build context sends them)."""
        from .model.repository import repository
        from .resultcache import digest, signature
        on_disk = repository(self.project).env_files_on_disk()
        return digest([tree_deps, _git_state(self.root), [(rel, signature(self.root / rel)) for rel in on_disk]])

    def _check_file(self, file: SourceFile) -> "_Outcome":
        out = _Outcome(files=1)
        rules = [r for r in self.rules if file.kind in r.meta.kinds and file.role in r.meta.roles]
        if not rules:
            return out
        text = file.text
        if file.unreadable:
            out.notices.append(Notice(file.rel, f"skipped: {file.unreadable}"))
            return out
        if file.encoding_note:
            out.notices.append(Notice(file.rel, file.encoding_note))
        if "prodlint:" in text:
            out.directives[file.rel] = parse_directives(text, file.kind)
        if self.options.hints and any(rule.meta.hints for rule in rules):
            rules = self._hint_index(file.kind).wanted(rules, text)
        if not rules:  # nothing any active rule could report here: not worth parsing
            if self.project.forget(file):
                file.release()
            return out
        try:
            doc = self.project.document(file)
        except Exception as exc:  # a parser bug must not end the run
            if self.options.debug:
                raise
            out.findings.append(self.stamp(engine_rules.INTERNAL_ERROR, file.rel, Span(1, 1), "parser",
                                           f"the {file.kind} parser failed on this file ({type(exc).__name__}); "
                                           "it was not checked", "parser-crash"))
            return out
        for problem in doc.problems:
            out.findings.append(self.stamp(engine_rules.PARSE_ERROR, file.rel, problem.span,
                                           f"parse.{problem.message}", problem.message, "parse-error"))
        local = Redactor()
        for rule in rules:
            out.findings.extend(self._run_rule(rule, doc, file, local))
        self._record_secrets(out, local.values, {file.rel} | {f.path for f in out.findings})
        ranges = out.ranges.get(file.rel, ())
        for finding in out.findings:  # while the text is at hand (and, in a worker, in parallel)
            if finding.path == file.rel and finding.snippet is None:
                finding.snippet = masked_line(file, finding.span.line, ranges)
        if self.project.forget(file):
            file.release()
        return out

    def _hint_index(self, kind: str):
        index = self._hint_indexes.get(kind)
        if index is None:
            from .hints import HintIndex
            index = self._hint_indexes[kind] = HintIndex([r for r in self.rules if kind in r.meta.kinds])
        return index

    def _check_repository(self) -> "_Outcome":
        out = _Outcome()
        local = Redactor()
        for rule in self.rules:
            if "repo" in rule.meta.kinds:
                out.findings.extend(self._run_rule(rule, self.project, None, local))
        self._record_secrets(out, local.values, {f.path for f in out.findings})
        return out

    def _record_secrets(self, out: "_Outcome", judged: set[str], paths: set[str]) -> None:
        """Keep judged values (memory only) and where they are written (masks that outlive them)."""
        if not judged:
            return
        out.secrets.extend(judged)
        for path in paths:
            other = self.project.by_rel.get(path)
            if other is not None:
                spans = secret_ranges(other.text, judged)
                if spans:
                    out.ranges.setdefault(path, set()).update(spans)

    def _run_rule(self, rule: Rule, doc, file: SourceFile | None, local: Redactor | None = None) -> list[Finding]:
        ctx = Context(self, rule, file, self.rule_options.get(rule.id, {}), local)
        try:
            if getattr(doc, "kind", None) == "nginx":  # once per tree, not per file of it
                from .model.nginx_groups import replayed
                found = replayed(rule, doc, ctx)
                if found is not None:
                    return found
            return list(rule.check(doc, ctx) or ())
        except Exception as exc:
            if self.options.debug:
                raise
            where = file.rel if file is not None else "."
            import traceback
            tb = traceback.extract_tb(exc.__traceback__)
            line = tb[-1].lineno if tb else 0
            return [self.stamp(engine_rules.INTERNAL_ERROR, where, Span(1, 1), f"rule.{rule.id}",
                               f"rule {rule.id} ({rule.meta.name}) failed on this file with {type(exc).__name__}"
                               f" (rule line {line}); the file was not fully checked. Run with --debug for "
                               "the traceback", "rule-crash")]

    # ---- suppression -------------------------------------------------------------------------
    def _directives_for(self, path: str, known: dict[str, list[Directive]]) -> list[Directive]:
        """Directives of a file a finding points at; parsed here when that file was not checked itself."""
        if path not in known:
            file = self.project.by_rel.get(path)
            text = file.text if file is not None else ""
            known[path] = parse_directives(text, file.kind) if text and "prodlint:" in text else []
        return known[path]

    def _suppress(self, raw: list[Finding], directives: dict[str, list[Directive]]):
        extra: list[Finding] = []
        metas = [r.meta for r in self.all_rules] + list(engine_rules.ALL)
        for f in raw:
            self._directives_for(f.path, directives)
        for path, found in sorted(directives.items()):
            for d in found:
                for selector in d.ids:
                    hit = [m.id for m in metas if m.id == selector or m.name == selector]
                    if not hit:
                        extra.append(self.stamp(engine_rules.UNKNOWN_SUPPRESSION, path, Span(d.line, d.column),
                                                f"directive.{d.line}.{selector}",
                                                f"unknown rule '{selector}' in a prodlint directive; use a rule id "
                                                "or name from `prodlint rules`", "unknown-rule"))
                    d.rule_ids.update(hit)
                if self.config.require_reason and not d.reason:
                    extra.append(self.stamp(engine_rules.MISSING_REASON, path, Span(d.line, d.column),
                                            f"directive.{d.line}.reason",
                                            "add a reason after '--' to this prodlint directive", "no-reason"))
        kept, suppressed = [], []
        for f in raw:
            hit = next((d for d in directives.get(f.path, ()) if covers(d, f.rule_id, f.span.line)), None)
            if hit is not None:
                hit.used = True
                f.suppressed = "inline"
                suppressed.append(f)
            elif any(spec.match(f.path) and any(matches(_meta(self, f.rule_id), s) for s in ids)
                     for spec, ids in self._per_file_ignores):
                f.suppressed = "per-file-ignores"
                suppressed.append(f)
            else:
                kept.append(f)
        active = {r.id for r in self.rules} | {m.id for m in engine_rules.ALL}
        narrowed = bool(self.options.select or self.config.select or self.options.ignore or self.config.ignore)
        for path, found in sorted(directives.items()):
            for d in found:
                if d.used or (d.ids and not d.rule_ids):
                    continue
                if (d.rule_ids and not d.rule_ids <= active) or (not d.ids and narrowed):
                    continue  # its rules did not run, so it cannot be judged unused
                extra.append(self.stamp(engine_rules.UNUSED_SUPPRESSION, path, Span(d.line, d.column),
                                        f"directive.{d.line}.unused",
                                        "this prodlint directive suppresses nothing; remove it", "unused"))
        return kept + extra, suppressed


class _Outcome:
    """What checking some files produced; picklable, so workers can send it back."""

    def __init__(self, files: int = 0):
        self.files = files
        self.findings: list[Finding] = []
        self.notices: list[Notice] = []
        self.directives: dict[str, list[Directive]] = {}
        self.secrets: list[str] = []  # judged values, kept in memory only, for scrubbing
        self.ranges: dict[str, set[tuple[int, int, int]]] = {}  # where judged values are written: masks

    def add(self, other: "_Outcome") -> None:
        self.merge(other)

    def merge(self, other: "_Outcome") -> None:
        self.files += other.files
        self.findings.extend(other.findings)
        self.notices.extend(other.notices)
        self.directives.update(other.directives)
        self.secrets.extend(other.secrets)
        for path, spans in other.ranges.items():
            self.ranges.setdefault(path, set()).update(spans)


PARALLEL_MIN_FILES = 300
_WORKER_ENGINE = None  # (engine, files) inherited by forked workers


_SOURCE_KINDS = {"node", "python"}


_REPOSITORY = -1  # stands for the repository-wide rules, a task of their own
_REPOSITORY_ENTRY = "\0repository"  # their outcome's entry in the result cache


def _check_group(indexes: list[int]) -> list[tuple[int, _Outcome]]:
    engine, todo = _WORKER_ENGINE
    return [(i, engine._check_repository() if i == _REPOSITORY else engine._check_file(todo[i])) for i in indexes]


def _group(todo: list[SourceFile], root: Path, repository: bool = True) -> list[list[int]]:
    """Indexes of files to check, grouped by what they share, largest first: a backend package, else a
    directory (a compose file, the Dockerfiles it builds and the env files it reads sit together). The
    repository-wide rules come first, as a task of their own. Indexes over every compose file (who builds
    a Dockerfile, where nginx configuration is mounted) are built in each worker that needs them: with
    libyaml composing, that costs less than waiting for one worker to check every compose reader."""
    from .classify import backend_package_for
    groups: dict[str, list[int]] = {}
    sizes: dict[str, int] = {}
    for i, f in enumerate(todo):
        if f.kind == "node":
            pkg = backend_package_for(f.path, root)
            key = str(pkg.parent) if pkg is not None else str(f.path.parent)
        else:
            key = str(f.path.parent)
        groups.setdefault(key, []).append(i)
        try:
            sizes[key] = sizes.get(key, 0) + f.path.stat().st_size
        except OSError:
            pass
    ordered = [groups[k] for k in sorted(groups, key=lambda k: (-sizes.get(k, 0), k))]
    return ([[_REPOSITORY]] if repository else []) + ordered


def _git_state(root: Path) -> list:
    """Signatures of what decides git's answers about tracked and ignored files: the index, HEAD, the
    repository's config and excludes, and the user's global ignore file."""
    from .resultcache import signature
    git_dir = next((d / ".git" for d in (root, *root.parents) if (d / ".git").exists()), None)
    if git_dir is not None and git_dir.is_file():  # a worktree or submodule: "gitdir: <path>"
        text = git_dir.read_text(errors="replace").strip()
        git_dir = (git_dir.parent / text[len("gitdir:"):].strip()) if text.startswith("gitdir:") else None
    home = Path.home()
    paths = [home / ".gitconfig", home / ".config" / "git" / "ignore", home / ".config" / "git" / "config"]
    if git_dir is not None:
        paths += [git_dir / name for name in ("index", "HEAD", "config", "info/exclude", "packed-refs")]
        head = git_dir / "HEAD"
        try:
            ref = head.read_text(errors="replace").strip()
            if ref.startswith("ref:"):
                paths.append(git_dir / ref[4:].strip())
        except OSError:
            pass
    return [(str(p), signature(p)) for p in paths]


def _meta(engine: Engine, rule_id: str) -> RuleMeta:
    for r in engine.all_rules:
        if r.id == rule_id:
            return r.meta
    return next(m for m in engine_rules.ALL if m.id == rule_id)


def fingerprint(rule_id: str, path: str, key: str) -> str:
    return hashlib.sha256(f"{rule_id}\0{path}\0{key}".encode("utf-8", "surrogateescape")).hexdigest()[:24]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        ident = (f.rule_id, f.path, f.span.line, f.span.column, f.key, f.message)
        if ident not in seen:
            seen.add(ident)
            out.append(f)
    return out


def _disambiguate_fingerprints(findings: list[Finding]) -> None:
    """Two findings with the same key in one file stay distinct, in document order."""
    counts: dict[str, int] = {}
    for f in sorted(findings, key=Finding.sort_key):
        n = counts.get(f.fingerprint, 0)
        counts[f.fingerprint] = n + 1
        if n:
            f.fingerprint = f"{f.fingerprint}:{n + 1}"


def run(options: RunOptions) -> RunResult:
    return Engine(options).run()
