"""Which files are production, development, examples or tests: decided here once, asked by rules.

Configuration (`[roles]`) decides first; then the repository's own evidence (`linter.evidence`): how it
deploys, its names and folders, header comments, READMEs and the files' own settings. Without a project
(a bare path to classify) names and folders alone decide.
"""
from __future__ import annotations

from ..evidence.clues import Clue, Decision, Strength, decide
from ..evidence.names import FILE_PATTERNS

# kept for callers that list the name patterns (the glob tests)
DEFAULT_ROLE_PATTERNS: dict[str, list[str]] = FILE_PATTERNS
ROLE_ORDER = ("production", "example", "test", "development")


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
