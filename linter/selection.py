"""Which rules run, with which options and severities: the one place a rule is looked up by id or name.

Everything that names a rule (select/ignore, [rules], [severity], per-file-ignores, suppression directives)
resolves through :class:`RuleSet`, so an id, a name and an id prefix mean the same everywhere.
"""
from __future__ import annotations

from . import engine_rules
from .api import RuleMeta
from .discover import Notice
from .errors import UsageError
from .loader import Rule, find_rule, is_rule, load_rules, matches, resolve_options


def _refuse_outside(config, root) -> None:
    """--load-plugins consents to the repository's own rules, not to code elsewhere on the machine: an in-tree
    configuration's rule folder must resolve inside the repository root (``../outside``, a link out: refused)."""
    from .config import repository_top
    top = (root or repository_top(config.path.parent)).resolve()
    for folder in config.rules_dirs:
        real = folder.resolve()
        if real != top and top not in real.parents:
            raise UsageError(f"{config.path}: rules-dirs folder {folder} is outside the repository root {top}; "
                             "a configuration found in the scanned tree may only load rules from inside it")


class RuleSet:
    def __init__(self, config, checklist_ids=None, *, select=(), ignore=(), plugins_consented: bool = False,
                 use_cache: bool = True, root=None):
        self.config = config
        self.notices: list[Notice] = []
        plugin_dirs = config.rules_dirs
        if plugin_dirs and plugins_consented and config.in_tree:
            _refuse_outside(config, root)
        if plugin_dirs and not plugins_consented:
            # A configuration found inside the scanned tree belongs to that repository: importing its rule
            # folders would run its code. It takes the user's consent: --load-plugins, or naming it with --config.
            where = config.path.name if config.path else "configuration"
            self.notices.append(Notice(where, f"rules-dirs not loaded ({len(plugin_dirs)} folder(s)): a "
                                              "repository's own rules run only with --load-plugins or --config"))
            plugin_dirs = []
        # The rule index holds data only (metadata and docs, sealed; module paths come from the rule folders),
        # so it is safe to reuse; --no-cache rebuilds it all the same.
        self.all_rules: list[Rule] = load_rules(plugin_dirs, checklist_ids, use_cache=use_cache)
        self.metas: list[RuleMeta] = [r.meta for r in self.all_rules] + list(engine_rules.ALL)
        self.narrowed = bool(select or config.select or ignore or config.ignore)
        self.rules = self._select(list(select) or list(config.select), list(config.ignore) + list(ignore))
        self.options = self._options()
        self.severity = self._severity_overrides()
        self.per_file_ignores = self._compile_per_file_ignores()
        self.active_ids = {r.id for r in self.rules} | {m.id for m in engine_rules.ALL}

    # ---- lookups ---------------------------------------------------------------------------------
    def matching(self, selector: str) -> list[RuleMeta]:
        """Every rule (engine rules included) an id, name or id prefix selects."""
        return [m for m in self.metas if matches(m, selector)]

    def known(self, selector: str) -> bool:
        return bool(self.matching(selector))

    def exact(self, selector: str) -> list[str]:
        """Ids of the rules an id or a name names exactly (no prefixes): what a suppression directive means."""
        return [m.id for m in self.metas if is_rule(m, selector)]

    def covering(self, peer_id: str) -> set[str]:
        """Ids of the rules that cover another linter's rule ("hadolint:DL3008"; "bandit:*" for any of Bandit's)."""
        from .peer_directives import rules_for
        return rules_for(peer_id, self.metas)

    def meta(self, rule_id: str) -> RuleMeta:
        return next(m for m in self.metas if m.id == rule_id)

    def rule(self, selector: str) -> Rule | None:
        return find_rule(self.all_rules, selector)

    def of_kind(self, kind: str) -> list[Rule]:
        return [r for r in self.rules if kind in r.meta.kinds]

    def ignored_for(self, path: str, rule_id: str) -> bool:
        """Whether per-file-ignores drop this rule's findings in this file."""
        if not self.per_file_ignores:  # asked for every finding, cached ones included
            return False
        key = (path, rule_id)
        known = self._ignored.get(key)
        if known is None:
            meta = self.meta(rule_id)
            known = self._ignored[key] = any(any(matches(meta, s) for s in ids) and spec.match(path)
                                             for spec, ids in self.per_file_ignores)
        return known

    # ---- configuration ---------------------------------------------------------------------------
    def _select(self, select: list[str], ignore: list[str]) -> list[Rule]:
        for selector in select + ignore:
            if not self.known(selector):
                raise UsageError(f"unknown rule '{selector}' in select/ignore")
        chosen = [r for r in self.all_rules if not select or any(matches(r.meta, s) for s in select)]
        return [r for r in chosen if not any(matches(r.meta, s) for s in ignore)]

    def _options(self) -> dict[str, dict]:
        out = {r.id: resolve_options(r, {}) for r in self.all_rules}
        for selector, configured in self.config.rules.items():
            rule = self.rule(selector)
            if rule is None:
                raise UsageError(f"{self.config.label}: unknown rule '{selector}' in [rules]")
            out[rule.id] = resolve_options(rule, configured)
        return out

    def _severity_overrides(self) -> dict[str, str]:
        out = {}
        for selector, level in self.config.severity.items():
            hit = self.matching(selector)
            if not hit:
                raise UsageError(f"{self.config.label}: unknown rule '{selector}' in [severity]")
            for meta in hit:
                out[meta.id] = level
        return out

    def _compile_per_file_ignores(self):
        """(patterns, selectors) pairs: one glob set per selector holding every pattern that names it, and
        asked once per file and rule (``ignored_for``). A set per pattern, asked for every finding, cost findings
        x patterns: an in-tree configuration of 5,000 patterns made a run of 6,000 findings take 17 s, and one
        at the size cap minutes. A negated pattern stays a set of its own (in one set it would undo the others)."""
        from .globs import GlobSet
        self._ignored: dict[tuple[str, str], bool] = {}
        by_selector: dict[str, list[str]] = {}
        compiled = []
        for pattern, ids in self.config.per_file_ignores.items():
            for selector in ids:
                if not self.known(selector):
                    raise UsageError(f"{self.config.label}: unknown rule '{selector}' in per-file-ignores")
            if pattern.lstrip().startswith("!"):
                compiled.append((GlobSet([pattern]), ids))
                continue
            for selector in ids:
                by_selector.setdefault(selector, []).append(pattern)
        return [(GlobSet(patterns), [selector]) for selector, patterns in by_selector.items()] + compiled
