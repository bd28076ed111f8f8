"""Which files are production, development, examples or tests: decided here once, asked by rules.

Configuration (`[roles]`) decides first; then the repository's own evidence (`linter.evidence`): how it
deploys, its names and folders, header comments, READMEs and the files' own settings. Without a project
(a bare path to classify) names and folders alone decide.
"""
from __future__ import annotations

import re

from ..evidence.clues import Clue, Decision, Strength, decide
from ..evidence.names import FILE_PATTERNS

# kept for callers that list the name patterns (the glob tests)
DEFAULT_ROLE_PATTERNS: dict[str, list[str]] = FILE_PATTERNS
ROLE_ORDER = ("production", "example", "test", "development")
SET_ASIDE = "not production, as its path would make it: counts as "
_INHERITED = re.compile(r"\((?:development|example|test)\)$")


class Roles:
    def __init__(self, overrides: dict[str, list[str]] | None = None, project=None):
        from ..evidence.names import NameClues
        from ..globs import GlobSet
        self._specs = []
        for role in ROLE_ORDER:
            patterns = (overrides or {}).get(role)
            if patterns:
                self._specs.append((role, GlobSet(patterns), patterns))
        self._project = project
        self._evidence = None
        self._names = NameClues(getattr(project, "role_base", ""))

    @property
    def evidence(self):
        if self._evidence is None and self._project is not None:
            from ..evidence.decide import RoleEvidence
            self._evidence = RoleEvidence(self._project)
        return self._evidence

    def forget_evidence(self) -> None:
        """Drop the evidence read so far: the next question reads the repository again (files were added)."""
        self._evidence = None

    def decision(self, rel: str) -> Decision:
        for role, spec, patterns in self._specs:
            if spec.match(rel):
                pattern = next((p for p in patterns if _globs_match(p, rel)), patterns[0])
                return Decision(role, f"configuration [roles] {role} = '{pattern}'",
                                [Clue(role, Strength.CONFIG, "configuration")])
        evidence = self.evidence
        if evidence is not None and rel in self._project.by_rel:
            return evidence.decision(rel)
        return decide(self._names.clues(rel))

    def role(self, rel: str) -> str:
        return self.decision(rel).role

    def notice(self, rel: str) -> str | None:
        """The line a run shows about a file's role: a disagreement, else a role that evidence other than the
        file's path sets aside (see ``set_aside``)."""
        return self.conflict(rel) or self.set_aside(rel)

    def set_aside(self, rel: str) -> str | None:
        """One line when the file is not production although its path does not say so: the repository's prose
        or scripts decided (a README's "not for production", a header comment, a development command, a
        production file beside it). Production checks skip the file, and nothing in the report would show
        it, so a repository could silence its deployment files by writing a sentence; the line is gathered
        into one notice per reason (``grouped_set_aside``)."""
        decision = self.decision(rel)
        if decision.role == "production" or any(c.strength >= Strength.CONFIG for c in decision.clues):
            return None
        if any(c.role != "production" for c in self._names.clues(rel)):
            return None
        inherited = _INHERITED.search(decision.reason)
        if inherited is not None and self._names_file(decision.reason[:inherited.start()]):
            return None  # the role of the file it goes with ("built only by compose.yml (development)"): that file's line says why
        evidence = self.evidence
        if evidence is not None and evidence._vendored(rel.rpartition("/")[0]) is not None:
            return None  # inside a committed vendor/ folder: its path says so
        return f"{SET_ASIDE}{decision.role} by {decision.reason}"

    def _names_file(self, said: str) -> bool:
        """Whether a reason's words end with a file of the project (the file whose role it took). Only the
        place is fixed text: a reason quoting the repository's own words can end with a role in brackets too
        (`builds only development stages (development)`, the stage names of its build targets), and such a
        file was set aside with no notice and no steering entry."""
        project = self._project
        return project is not None and said.rstrip().rpartition(" ")[2] in project.by_rel

    def conflict(self, rel: str) -> str | None:
        """One line when the repository's evidence about a file disagrees, else None."""
        decision = self.decision(rel)
        if decision.conflict is None:
            return None
        return (f"role {decision.role} ({decision.reason}) despite {decision.conflict.role} evidence "
                f"({decision.conflict.reason}); set [roles] in the configuration to decide")


def _globs_match(pattern: str, rel: str) -> bool:
    from ..globs import GlobSet
    return GlobSet([pattern]).match(rel)


def grouped_set_aside(notices: list) -> tuple[list, list[dict]]:
    """The run's notices with the per-file ``set_aside`` lines gathered into one notice per reason, and one
    steering entry (linter/steering.py) per reason: how the repository's own evidence, not its configuration,
    set files aside."""
    kept, groups = [], {}
    for n in notices:
        if n.message.startswith(SET_ASIDE):
            groups.setdefault(n.message[len(SET_ASIDE):], []).append(n.path)
        else:
            kept.append(n)
    entries = []
    for said, paths in sorted(groups.items()):
        role, _, reason = said.partition(" by ")
        shown = ", ".join(f"'{p}'" for p in paths[:_LISTED]) + \
            (f" and {len(paths) - _LISTED} more" if len(paths) > _LISTED else "")
        many = len(paths) != 1
        entries.append({"setting": "role-evidence",
                        "effect": f"{reason} sets {len(paths)} file{'s' if many else ''} aside as {role} ({shown}): "
                                  f"production checks skip {'them' if many else 'it'}; set [roles] production in "
                                  "the configuration to check "
                                  + ("them" if many else "it")})
    return kept, entries


_LISTED = 5
