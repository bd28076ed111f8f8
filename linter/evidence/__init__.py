"""What a repository itself says about each file's role: production, development, example or test.

A file's role is weighed from clues, each with a strength and a one-line reason: its name and folders
(`names`), what its header comment, a README or its own settings say (`text`, `content`), and above all how
the repository deploys it (`commands`, `sources`): `docker compose -f … -f …`, `docker build -f … --target …`
and `docker stack deploy -c …` found in Makefiles, package.json scripts, shell scripts, CI workflows,
Procfiles, process-manager configs, systemd units and README code blocks. Nothing is ever executed; the
text is parsed. `decide` weighs the clues; configuration (`[roles]`) overrides them all.
"""
from .clues import Clue, Decision, ROLES, Strength  # noqa: F401
