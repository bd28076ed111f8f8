"""Running rules on one file, or on the repository as a whole, into an :class:`Outcome`.

A parser or a rule that raises becomes a PL002 finding naming the file (and the rule), so an unchecked file
never looks clean; ``--debug`` re-raises instead.
"""
from __future__ import annotations

from . import engine_rules
from .api import Finding, Span
from .context import Context, Stamper
from .discover import Notice
from .evidence.names import is_template
from .files import SourceFile
from .loader import Rule
from .secrets import Redactor, index_ranges, masked_line, secret_ranges, text_tokens, written_pieces
from .peer_directives import directives_in
from .suppress import Directive


SOURCE_KINDS = {"node", "python"}  # source is parsed only when a rule's hint words are in it


class Outcome:
    """What checking some files produced; picklable, so workers can send it back."""

    def __init__(self, files: int = 0):
        self.files = files
        self.findings: list[Finding] = []
        self.notices: list[Notice] = []
        self.directives: dict[str, list[Directive]] = {}
        self.secrets: list[str] = []  # judged values, kept in memory only, for scrubbing
        self.ranges: dict[str, set[tuple[int, int, int]]] = {}  # where judged values are written: masks

    def merge(self, other: "Outcome") -> None:
        self.files += other.files
        self.findings.extend(other.findings)
        self.notices.extend(other.notices)
        self.directives.update(other.directives)
        self.secrets.extend(other.secrets)
        for path, spans in other.ranges.items():
            self.ranges.setdefault(path, set()).update(spans)


class Checker:
    def __init__(self, ruleset, project, stamp: Stamper, redactor: Redactor, *, debug: bool, hints: bool):
        self.ruleset = ruleset
        self.project = project
        self.stamp = stamp
        self.redactor = redactor
        self.debug = debug
        self.hints = hints
        self._hint_indexes: dict = {}
        self._selected: dict[tuple[str, str], tuple[list[Rule], list[Rule]]] = {}

    def check_file(self, file: SourceFile) -> Outcome:
        """Parse the file whatever its role (its parse errors are reported), then run the rules of its
        kind that apply to its role. Source files (JS/TS, Python) are the exception: one that holds none of
        the hint words of any rule of its kind is not parsed at all."""
        out = Outcome(files=1)
        conflict = self.project.roles.notice(file.rel)
        if conflict is not None:
            out.notices.append(Notice(file.rel, conflict))
        of_kind, rules = self._rules_for(file.kind, file.role)
        if not of_kind:
            return out
        text = file.text
        if file.unreadable:
            out.notices.append(Notice(file.rel, f"skipped: {file.unreadable}"))
            return out
        if file.encoding_note:
            out.notices.append(Notice(file.rel, file.encoding_note))
        if rules:
            directives = directives_in(text, file.kind, self.ruleset.config.peer_directives)
            if directives:
                out.directives[file.rel] = directives
        if self.hints and any(rule.meta.hints for rule in of_kind):
            index = self._hint_index(file.kind)
            found = index.found(text)  # one search answers both questions below
            rules = index.wanted(rules, found)
            if file.kind in SOURCE_KINDS and not rules and not index.wanted(of_kind, found):
                if self.project.forget(file):  # no rule of its kind could say anything: not worth parsing
                    file.release()
                return out
        try:
            doc = self.project.document(file)
        except Exception as exc:  # a parser bug must not end the run
            if self.debug:
                raise
            out.findings.append(self.stamp(engine_rules.INTERNAL_ERROR, file.rel, Span(1, 1), "parser",
                                           f"the {file.kind} parser failed on this file ({type(exc).__name__}); "
                                           "it was not checked", "parser-crash"))
            return out
        if doc.problems and is_template(file.rel, text):
            out.notices.append(Notice(file.rel, "not checked: a project template's file, written in the template "
                                                "language and rendered before use"))
            return out
        out.notices.extend(_skipped_branches(file))
        out.notices.extend(_services_set_aside(file, doc, self.project))
        for problem in doc.problems:
            out.findings.append(self.stamp(engine_rules.PARSE_ERROR, file.rel, problem.span,
                                           f"parse.{problem.message}", problem.message, "parse-error"))
        local = Redactor()
        for rule in rules:
            out.findings.extend(self.run_rule(rule, doc, file, local))
        _scrub_messages(out.findings, local)
        out.findings.extend(self._model_failures(file.rel))
        self._record_secrets(out, local.values, {file.rel} | {f.path for f in out.findings})
        ranges = index_ranges(out.ranges.get(file.rel, ()))
        snippets: dict[int, str | None] = {}  # several rules often report one line
        for finding in out.findings:  # while the text is at hand (and, in a worker, in parallel)
            if finding.path == file.rel and finding.snippet is None:
                line = finding.span.line
                if line not in snippets:
                    snippets[line] = masked_line(file, line, ranges)
                finding.snippet = snippets[line]
        if self.project.forget(file):
            file.release()
            doc.release()
        return out

    def check_repository(self) -> Outcome:
        out = Outcome()
        local = Redactor()
        for rule in self.ruleset.rules:
            if "repo" in rule.meta.kinds:
                out.findings.extend(self.run_rule(rule, self.project, None, local))
        _scrub_messages(out.findings, local)
        out.findings.extend(self._model_failures(None))
        self._record_secrets(out, local.values, {f.path for f in out.findings})
        return out

    def run_rule(self, rule: Rule, doc, file: SourceFile | None, local: Redactor | None = None) -> list[Finding]:
        ctx = Context(self.stamp, self.redactor, self.project, rule, file,
                      self.ruleset.options.get(rule.id, {}), local)
        try:
            if getattr(doc, "kind", None) == "nginx":  # once per tree, not per file of it
                from .model.nginx_groups import replayed
                found = replayed(rule, doc, ctx)
                if found is not None:
                    return found
            return list(rule.check(doc, ctx) or ())
        except Exception as exc:
            if self.debug:
                raise
            where = file.rel if file is not None else "."
            import traceback
            tb = traceback.extract_tb(exc.__traceback__)
            line = tb[-1].lineno if tb else 0
            return [self.stamp(engine_rules.INTERNAL_ERROR, where, Span(1, 1), f"rule.{rule.id}",
                               f"rule {rule.id} ({rule.meta.name}) failed on this file with {type(exc).__name__}"
                               f" (rule line {line}); the file was not fully checked. Run with --debug for "
                               "the traceback", "rule-crash")]

    def _model_failures(self, checking: str | None) -> list[Finding]:
        """PL002 findings for model code that failed on a file while answering this check's questions."""
        out = []
        for failure in self.project.failures.drain():
            where = failure.path if failure.path in self.project.by_rel else (checking or ".")
            out.append(self.stamp(engine_rules.INTERNAL_ERROR, where, Span(1, 1), f"model.{failure.model}",
                                  f"the {failure.model} model failed on this file ({failure.error}); facts it "
                                  "holds were not used. Run with --debug for the traceback", "model-crash"))
        return out

    def _rules_for(self, kind: str, role: str) -> tuple[list[Rule], list[Rule]]:
        """(the rules of a kind, those of them for a role): the same few lists for every file of a run,
        so they are chosen once, not for each of its thousands of files."""
        key = (kind, role)
        chosen = self._selected.get(key)
        if chosen is None:
            of_kind = self.ruleset.of_kind(kind)
            chosen = self._selected[key] = (of_kind, [r for r in of_kind if role in r.meta.roles])
        return chosen

    def _hint_index(self, kind: str):
        index = self._hint_indexes.get(kind)
        if index is None:
            from .hints import HintIndex
            index = self._hint_indexes[kind] = HintIndex([r for r in self.ruleset.rules if kind in r.meta.kinds])
        return index

    def _record_secrets(self, out: Outcome, judged: set[str], paths: set[str]) -> None:
        """Keep judged values (memory only) and where they are written (masks that outlive them)."""
        if not judged:
            return
        judged = set(judged)
        for path in paths:  # a value written in pieces is masked piece by piece, wherever it is shown
            other = self.project.by_rel.get(path)
            if other is not None:
                tokens = None
                for value in list(judged):
                    if len(value) >= 4 and ("\n" in value or value not in other.text):
                        tokens = text_tokens(other.text) if tokens is None else tokens
                        judged |= written_pieces(other.text, value, tokens)
        out.secrets.extend(judged)
        for path in paths:
            other = self.project.by_rel.get(path)
            if other is not None:
                spans = secret_ranges(other.text, judged)
                if spans:
                    out.ranges.setdefault(path, set()).update(spans)


def _scrub_messages(findings, local: Redactor) -> None:
    """Mask every value judged in the file (or the repository rules) wherever a message repeats it. Done once
    the rules have run, not as each finding is made: a scrub after every new value rebuilt the matcher each
    time, quadratic in a file that holds thousands of keys."""
    if local:
        from .context import fingerprint
        for finding in findings:
            finding.message = local.scrub(finding.message)
            if finding.rule_id != engine_rules.PARSE_ERROR.id:
                continue  # a rule's key is made of names (a service, a variable), stable whatever they equal
            key = local.scrub(finding.key)
            if key != finding.key:  # the parser's text quoted a judged value: neither it nor its hash is kept
                finding.key, finding.fingerprint = key, fingerprint(finding.rule_id, finding.path, key)


def _services_set_aside(file, doc, project) -> list[Notice]:
    """Services of a production compose file that its own words leave out of production checks (scaled to
    zero, a data container, only development profiles): one notice naming each and why. Quiet, a
    `deploy.replicas: 0` beside `privileged: true` made the service and its findings vanish from every output."""
    if file.kind != "compose" or file.role != "production" or not isinstance(getattr(doc, "root", None), dict):
        return []
    aside = project.compose_set_aside(doc)
    if not aside:
        return []
    shown = "; ".join(f"'{name}' ({why})" for name, why in aside[:10])
    more = f"; and {len(aside) - 10} more" if len(aside) > 10 else ""
    return [Notice(file.rel, f"not checked as running containers: service{'s' if len(aside) > 1 else ''} "
                             f"{shown}{more}")]


def _skipped_branches(file) -> list[Notice]:
    """A template's `elif`/`else` branches that were not checked (linter.parsers.template_text): one notice."""
    if file.kind not in ("compose", "nginx") or "{%" not in file.text:
        return []
    from .evidence.names import template_path
    from .parsers.template_text import skipped_branches
    lines = skipped_branches(file.text) if template_path(file.rel) else []
    if not lines:
        return []
    shown = ", ".join(str(n) for n in lines[:5]) + (f" and {len(lines) - 5} more" if len(lines) > 5 else "")
    return [Notice(file.rel, f"not checked: the template's elif/else branches (line{'s' if len(lines) > 1 else ''} "
                             f"{shown}); only its first branches are read")]
