"""The pipeline: discover -> classify -> parse -> project model -> rules -> suppress/baseline -> findings.

Nothing here knows a specific rule: rules are dispatched by the kinds and
roles their metadata declares, and every finding is stamped here with the
rule's identity, severity, checklist ids and fingerprint.
"""
from __future__ import annotations

from pathlib import Path

from . import caching, scheduler
from .api import SEVERITY_RANK, Finding
from .checker import Checker, Outcome
from .config import Config, load_config
from .context import Stamper
from .decide import Suppressor, dedupe, disambiguate_fingerprints
from .discover import Notice, discover
from .errors import UsageError
from .files import SourceFile
from .loader import Rule
from .model.project import Project
from .secrets import Redactor, mask_message
from .selection import RuleSet
from .record import Record


class RunOptions(Record):
    """What a caller (the command line, the API, the fixer) asks of a run."""
    paths: list[Path]
    root: Path | None
    config_path: Path | None
    select: list[str]
    ignore: list[str]
    baseline: Path | None
    debug: bool
    use_git: bool
    progress: object  # callable(done, total) for a progress display, or None
    jobs: int | None  # worker processes; None = decide from the amount of work
    cache: bool  # reuse cached rule indexes and results
    overlay: dict  # rel path -> text to use instead of the file's (fixes)
    load_plugins: bool  # import the rules-dirs of a configuration found in the scanned tree
    hints: bool  # skip files that hold none of an active rule's hint words (RuleMeta.hints)
    untracked: str | None  # which git-ignored files to read: none | env | all (untracked.py)
    audit: bool  # the audit of a whole repository: every ignored env file is read

    _fields = ("paths", "root", "config_path", "select", "ignore", "baseline", "debug", "use_git", "progress", "jobs",
               "cache", "overlay", "load_plugins", "hints", "untracked", "audit")

    def __init__(self, paths=None, root=None, config_path=None, select=None, ignore=None, baseline=None, debug=False,
                 use_git=True, progress=None, jobs=None, cache=True, overlay=None, load_plugins=False, hints=True,
                 untracked=None, audit=False):
        self.paths = [] if paths is None else paths
        self.root = root
        self.config_path = config_path
        self.select = [] if select is None else select
        self.ignore = [] if ignore is None else ignore
        self.baseline = baseline
        self.debug = debug
        self.use_git = use_git
        self.progress = progress
        self.jobs = jobs
        self.cache = cache
        self.overlay = {} if overlay is None else overlay
        self.load_plugins = load_plugins
        self.hints = hints
        self.untracked = untracked
        self.audit = audit


class RunResult(Record):
    """Everything a report needs from a run."""
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
    severity: dict[str, str]  # rule id -> configured level
    discovery_source: str
    secret_ranges: dict  # path -> {(line, column, length)} to mask in snippets
    baseline_pruned: int  # baseline entries removed because their findings are fixed
    steering: list  # what an in-tree configuration removes (linter/steering.py)
    untracked: dict  # rel -> "untracked" | "ignored": files git does not track
    suppressions: list  # where findings were suppressed (decide.suppression_places)
    set_aside: list | None  # report.common.set_aside's groups, when the result cache kept them; None: not worked out

    _fields = ("root", "config", "rules", "all_rules", "files", "findings", "suppressed", "notices", "redactor",
               "project", "severity", "discovery_source", "secret_ranges", "baseline_pruned", "steering", "untracked",
               "suppressions", "set_aside")

    def __init__(self, root, config, rules, all_rules, files, findings, suppressed, notices, redactor, project,
                 severity=None, discovery_source="walk", secret_ranges=None, baseline_pruned=0, steering=None,
                 untracked=None, suppressions=None, set_aside=None):
        self.root = root
        self.config = config
        self.rules = rules
        self.all_rules = all_rules
        self.files = files
        self.findings = findings
        self.suppressed = suppressed
        self.notices = notices
        self.redactor = redactor
        self.project = project
        self.severity = {} if severity is None else severity
        self.discovery_source = discovery_source
        self.secret_ranges = {} if secret_ranges is None else secret_ranges
        self.baseline_pruned = baseline_pruned
        self.steering = [] if steering is None else steering
        self.untracked = {} if untracked is None else untracked
        self.suppressions = [] if suppressions is None else suppressions
        self.set_aside = set_aside

    def reported(self, threshold: str = "note") -> list[Finding]:
        rank = SEVERITY_RANK[threshold]
        return [f for f in self.findings if SEVERITY_RANK[f.severity] >= rank]


class Engine:
    """Runs the parts in order; each part is a module of its own (see docs/architecture.md)."""

    def __init__(self, options: RunOptions):
        self.options = options
        from .rootdir import refuse_outside, repository_root
        paths = options.paths or [options.root or Path.cwd()]
        for p in paths:
            if not p.exists() and not p.is_symlink():
                raise UsageError(f"{p}: no such file or directory")
        self.root = repository_root(paths, options.root, options.use_git)
        paths = refuse_outside(paths, self.root)
        self.scope_dirs = [p for p in paths if p.is_dir()]
        self.explicit_files = [p for p in paths if not p.is_dir()]
        # the configuration closest to what is checked wins (its patterns are relative to the root)
        self.config = load_config(self.scope_dirs[0] if self.scope_dirs else self.root, options.config_path)
        self.untracked = options.untracked or self.config.untracked or "env"
        self.ruleset = RuleSet(self.config, select=options.select, ignore=options.ignore,
                               plugins_consented=options.load_plugins or options.config_path is not None,
                               use_cache=options.cache, root=self.root)
        self.notices: list[Notice] = list(self.ruleset.notices)
        self.steering = self._announce_steering()
        self.suppressions: list[dict] = []
        self.all_rules = self.ruleset.all_rules
        self.rules = self.ruleset.rules
        self.severity = self.ruleset.severity
        self.stamp = Stamper(self.severity)
        self.redactor = Redactor()
        self.project: Project | None = None
        self.baseline_pruned = 0

    def run(self) -> RunResult:
        wanted = {k for r in self.rules for k in r.meta.kinds}
        found = discover(self.root, self.scope_dirs, self.explicit_files, self.config.exclude,
                         self.config.max_file_size, self.options.use_git, wanted)
        overlay = self.options.overlay

        def source_file(c) -> SourceFile:
            return SourceFile(c.path, c.rel, c.kind, self._role, overlay.get(c.rel),
                              max_bytes=self.config.max_file_size, root=self.root)

        files = [source_file(c) for c in found.files]
        found.files = []  # the SourceFiles say it all now; workers inherit less
        self.project = Project(self.root, self.config, files, self.config.max_file_size, overlay,
                               role_base=self._below_scope_base())
        self.project.use_git = self.options.use_git
        self.project.explicit_files = list(self.explicit_files)
        self.project.scope_dirs = list(self.scope_dirs)
        # roles: the values a repository commits are its defaults, an ignored file is this machine's (filled in
        # place as the untracked policy admits files)
        self.project.untracked = found.untracked
        self.project.proxy_configs = list(found.proxy_configs)
        unread = None  # files named on the command line (pre-commit) are all a run reads
        cache = caching.open_cache(self.root, self.config, self.options, self.ruleset, self.untracked)
        if not self.explicit_files:
            from .linked import linked_compose
            added = False
            named = caching.NamedByCommands(cache, self.project, found.others)
            for _ in range(3):  # an included file may include another
                linked = linked_compose(self.project, self.config.max_file_size, named)
                for candidate in linked:
                    self.project.add(source_file(candidate))
                added = added or bool(linked)
                if not linked:
                    break
            if added:
                # the role evidence read for the links searched the folders of the files known then: read it
                # again beside the admitted ones (rare: a link outside the names discovery knows)
                self.project.roles.forget_evidence()
            from .untracked import read_ignored
            unread = read_ignored(self.project, found, self.untracked, self.options.audit, wanted, source_file)
            files = self.project.files
        self.project.failures.debug = self.options.debug
        checker = Checker(self.ruleset, self.project, self.stamp, self.redactor,
                          debug=self.options.debug, hints=self.options.hints)

        todo = [f for f in files if f.kind in wanted]
        outcome = Outcome()
        pending, tree_deps = caching.from_cache(cache, self.project, todo, outcome, found.others, self.ruleset) \
            if cache is not None else ([(f, None, "") for f in todo], None)
        repo_deps = cached_repo = None
        if cache is not None and any("repo" in r.meta.kinds for r in self.rules):
            repo_deps = caching.repository_deps(self.project, self.root, tree_deps, cache)
            cached_repo = cache.get(caching.REPOSITORY_ENTRY, [0], repo_deps)
        to_check = [f for f, _, _ in pending]
        per_file, repository = scheduler.check_all(
            checker, to_check, self.root, jobs=scheduler.jobs_for(to_check, self.options.jobs, self.options.debug),
            done=len(todo) - len(pending), total=len(todo), progress=self.options.progress,
            repository=cached_repo is None)
        for part in per_file:
            outcome.merge(part)
        outcome.merge(cached_repo if cached_repo is not None else repository)
        for value in outcome.secrets:
            self.redactor.add(value)
        if cache is not None:
            for (file, sig, deps), part in zip(pending, per_file):
                cache.put(file.rel, sig, deps, part, self.redactor)
            if repo_deps is not None and cached_repo is None:  # a hit is kept by get()
                cache.put(caching.REPOSITORY_ENTRY, [0], repo_deps, repository, self.redactor)
            kept_aside = caching.set_aside(cache, tree_deps, self.rules, files, self.project, self.redactor)
            cache.save()

        findings, suppressed = self._decide(outcome, found)
        notices = self._notices(outcome, found, unread, files)
        return RunResult(self.root, self.config, self.rules, self.all_rules, files, findings, suppressed,
                         notices, self.redactor, self.project, self.severity, found.source, outcome.ranges,
                         self.baseline_pruned, self.steering, found.untracked, self.suppressions,
                         kept_aside if cache is not None else None)

    def _shared_lines(self, path: str) -> list[tuple[int, int]]:
        file = self.project.by_rel.get(path)
        if file is None or not file.text:
            return []
        from .parsers import shared_lines
        return shared_lines(file.kind, file.text)

    def _decide(self, outcome: Outcome, found) -> tuple[list[Finding], list[Finding]]:
        """(reported, suppressed): duplicates dropped, directives, per-file ignores and the baseline applied."""
        suppressor = Suppressor(self.ruleset, self.project, self.stamp, self.config.require_reason, self.redactor)
        findings, suppressed = suppressor.apply(dedupe(outcome.findings, self._shared_lines), outcome.directives)
        disambiguate_fingerprints(findings)
        disambiguate_fingerprints(suppressed, after=findings)  # SARIF shows them, each with its own fingerprint
        if self.options.baseline is not None or self.config.baseline is not None:
            from .baseline import apply_baseline
            # only a run that saw every file with every rule knows a baseline entry was fixed
            complete = not (self.explicit_files or self.options.select or self.options.ignore or self.options.overlay
                            or self.config.select or self.config.ignore
                            or any(d.resolve() != self.root for d in self.scope_dirs))
            # a baseline the repository's configuration names is read and written only inside the root
            confined = self.options.baseline is None and self.config.in_tree
            findings, baselined, self.baseline_pruned = apply_baseline(
                findings, self.options.baseline or self.config.baseline, prune=complete,
                root=self.root if confined else None)
            suppressed.extend(baselined)
            for f in baselined:
                suppressor._count(f.path, 0, "baseline", "", f.rule_id)
        from .decide import suppression_notices, suppression_places
        self.suppressions = suppression_places(suppressor.places)
        # a baseline the user names is their own list of known findings; one the repository names is announced
        # (steering) and, like its directives, says where it silenced something
        shown = self.suppressions if self.options.baseline is None and self.config.in_tree else \
            [p for p in self.suppressions if p["cause"] != "baseline"]
        self.notices.extend(suppression_notices(shown))
        for f in findings:
            f.untracked = found.untracked.get(f.path)
        findings.sort(key=Finding.sort_key)
        return findings, suppressed

    def _notices(self, outcome: Outcome, found, unread, files) -> list[Notice]:
        """Every notice of the run, masked, with the one-line summary of what was skipped; an ignore file that
        leaves nothing to check is announced like a configuration that removes findings."""
        from .model.roles import grouped_set_aside
        notices, set_aside = grouped_set_aside(self.notices + found.notices + outcome.notices)
        for entry in set_aside:  # announced like a configuration that removes findings
            entry["effect"] = mask_message(entry["effect"])
            self.steering.append(entry)
            notices.append(Notice("", f"role evidence of the scanned repository: {entry['effect']}"))
        notices = sorted((Notice(n.path, mask_message(n.message)) for n in notices), key=lambda n: (n.path, n.message))
        from .skipped import ignore_steering, summary_notice
        summary = summary_notice(notices, unread, found.ignored_truncated)
        if summary is not None:
            notices.append(summary)
        silenced = ignore_steering(self.root, files, found)
        if silenced is not None:  # announced like a configuration that removes findings
            self.steering.append(silenced)
            notices.append(Notice("", f"ignore rules of the scanned repository: {silenced['effect']}"))
        return notices

    def _below_scope_base(self) -> str:
        """The folder asked for, relative to the root, when it is one folder below the root; else ''."""
        if len(self.scope_dirs) != 1 or self.explicit_files or self.scope_dirs[0] == self.root:
            return ""
        return self.scope_dirs[0].relative_to(self.root).as_posix()

    def _announce_steering(self) -> list[dict]:
        from .steering import notice_text, steering
        defaults = {m.id: m.severity for m in self.ruleset.metas}
        entries = steering(self.config, defaults, self.ruleset.severity)
        where = self.config.path.relative_to(self.root).as_posix() if self.config.path and \
            self.config.path.is_relative_to(self.root) else str(self.config.path)
        self.notices.extend(Notice(where, notice_text(e)) for e in entries)
        return entries

    def _role(self, rel: str) -> str:
        """A file's role, asked when a rule first needs it: the project's evidence decides (linter.evidence)."""
        return self.project.role(rel)


def run(options: RunOptions) -> RunResult:
    return Engine(options).run()
