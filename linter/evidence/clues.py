"""A clue about a file's role, how strong it is, and the decision the clues add up to."""
from __future__ import annotations


from ..record import NamedTuple, Record

ROLES = ("production", "development", "example", "test")


class Strength:
    """How much a kind of clue weighs. A deployment the repository scripts outweighs any name; a name
    outweighs what a comment or a README says; what a file's own settings suggest weighs least."""
    CONFIG = 1000
    DEPLOY_PRODUCTION = 95  # a file the repository deploys to production (wins over any other use of it)
    DEPLOY = 90  # a file the repository runs for development or tests, or links to a production one
    # A command in a README or docs page: "Deploy with docker compose" over `docker compose up` is often a
    # local run, so a README's "not for production" outweighs it, and production wins ties as above.
    DOCS_PRODUCTION = 72
    # A docs page's download of one of the repository's own files from its raw address (`curl -o compose.yaml
    # https://raw.githubusercontent.com/...`): developers clone, the product's users download what they run, so it
    # outweighs the folder the file is kept in (`docs/examples/compose/`), not a deployment the repository scripts
    DOWNLOADED = 78
    DOCS = 70
    FOLDER_ASIDE = 75  # inside examples/, samples/, docs/, test/, fixtures/ ...: set aside whatever its name
    NAME = 70  # the file's own name: docker-compose.dev.yml, .env.example, Dockerfile.prod
    HEADER = 60  # its header comment: "for the development setup", "not for production"
    FOLDER = 50  # inside dev/, local/, staging/, production/ ...
    README_FOLDER = 50  # the README of its folder says what the folder is for
    README_ROOT = 40  # the repository's README says what the repository is for
    SIBLING = 40  # beside a standalone production compose file, the base file is the other (development) one
    CONTENT = 30  # its own settings: NODE_ENV=development, a dev-server command, only dev build targets


# a NamedTuple, not a frozen dataclass: cheaper to import and to build (docs/architecture.md, "Records")
class Clue(NamedTuple):
    """One piece of evidence about a file's role, and how much it weighs."""
    role: str
    strength: int
    reason: str
    # False for clues too loose to call a disagreement (a README's "Deploy with docker compose" section)
    contradicts: bool = True
    source: str = ""  # the repository file the clue was read from, when it is another file (a README)


class Decision(Record):
    """The role the clues add up to, why, and the strongest disagreeing clue."""
    role: str
    reason: str  # the clue that decided, or why nothing did
    clues: list[Clue]
    conflict: Clue | None  # the strongest clue for another role, when it is strong enough to matter

    _fields = ("role", "reason", "clues", "conflict")

    def __init__(self, role, reason, clues=None, conflict=None):
        self.role = role
        self.reason = reason
        self.clues = [] if clues is None else clues
        self.conflict = conflict

    @property
    def production_evidenced(self) -> bool:
        """Production because something says so (a name, a deployment, a production compose file loading
        it), not merely because nothing says otherwise: what an untracked file needs to be checked."""
        return self.role == "production" and any(c.role == "production" for c in self.clues)

    @property
    def evidence(self) -> str:
        """One short line: the deciding reason, and the conflicting clue if any; masked, since a clue may quote
        the repository (a README's words, the command an image runs) and the line is printed as it is
        (`--show-files`, SARIF's roleEvidence)."""
        from ..secrets import mask_message
        if self.conflict is None:
            return mask_message(self.reason)
        return mask_message(f"{self.reason}; conflicts with: {self.conflict.role} ({self.conflict.reason})")


# Between equal clues, the more specific role wins: a production template is an example first.
_ORDER = {"example": 0, "test": 1, "development": 2, "production": 3}
# A losing clue weaker than a name (a header, a README, a file's own settings) loses quietly: an example of
# production settings says "for production" in its header, and that is no contradiction worth a notice.
CONFLICT_MIN = Strength.NAME


def decide(clues: list[Clue], default_reason: str = "no evidence of another role") -> Decision:
    if not clues:
        return Decision("production", default_reason, [])
    best = min(clues, key=lambda c: (-c.strength, _ORDER[c.role]))
    # only a disagreement about production matters: whether the checklist applies to the file
    others = [c for c in clues if (c.role == "production") != (best.role == "production")
              and c.strength >= CONFLICT_MIN and c.contradicts
              # a base file that production and development commands both use is normal, not a conflict
              and not (best.strength == Strength.DEPLOY_PRODUCTION and c.strength == Strength.DEPLOY)]
    conflict = max(others, key=lambda c: c.strength) if others else None
    return Decision(best.role, best.reason, clues, conflict)
