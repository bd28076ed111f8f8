"""One line that counts everything a run did not read, so nothing is left out silently."""
from __future__ import annotations

from .discover import Notice

# (words in a "skipped: ..." notice, how the summary names that reason)
_REASONS = (
    ("size cap", "over the size cap"),
    ("binary", "binary"),
    ("leaves the scanned root", "symbolic links out of the root"),
    ("dangling or looping", "broken symbolic links"),
    ("outside the scanned root", "outside the root"),
    ("not a regular file", "not regular files"),
    ("cannot be read", "unreadable"),
)


def skipped_files(notices) -> int:
    """How many files a run named but did not read (binary, over the size cap, not regular, ...)."""
    return len({n.path for n in notices if n.path and n.message.startswith("skipped:")})


def summary_notice(notices: list[Notice], unread, truncated: bool) -> Notice | None:
    """``unread``: the untracked policy's decision (git-ignored files left unread), or None."""
    counts: dict[str, int] = {}
    for n in notices:
        if not n.message.startswith("skipped:"):
            continue
        label = next((label for words, label in _REASONS if words in n.message), "other reasons")
        counts[label] = counts.get(label, 0) + 1
    parts = [f"{n} {label}" for label, n in counts.items()]
    if unread is not None and (unread.unread_env or unread.unread_other):
        ignored = len(unread.unread_env) + unread.unread_other
        parts.append(f"{ignored} git-ignored file{'s' if ignored != 1 else ''} of known kinds ("
                     + (f"{len(unread.unread_env)} env, listed above; " if unread.unread_env else "")
                     + "`--untracked all` reads them)")
    if truncated:
        parts.append("git-ignored folders only partly searched (too many files)")
    if not parts:
        return None
    return Notice("", "skipped: " + ", ".join(parts))


_CATCH_ALL = {"*", "/*", "**", "/**", "*.*", "**/*", "/**/*"}


def ignore_steering(root, files, found) -> dict | None:
    """A steering entry (linter/steering.py) when the ignore rules leave no file of a known kind outside
    them: a repository's ``.gitignore`` (or a shipped ``.git/info/exclude``) of ``*`` must not silence the run
    unseen. ``files``: the files the run reads; ``found``: discovery's result."""
    if not found.ignored or any(found.untracked.get(f.rel) != "ignored" for f in files):
        return None
    sources = [rel for rel in (".gitignore", ".git/info/exclude") if _catch_all(root / rel, root)]
    where = " and ".join(f"'{rel}'" for rel in sources) or "the ignore rules"
    verb = "ignores" if len(sources) == 1 else "ignore"
    n = len(found.ignored)
    return {"setting": "ignore-files",
            "effect": f"{where} {verb} every file of a known kind ({n} file{'s' if n != 1 else ''}): only what "
                      "the untracked policy admits is checked (`--untracked all` reads them all)"}


def _catch_all(path, root) -> bool:
    from .files import Unreadable, read_text
    try:
        text, _ = read_text(path, 64 * 1024, root, git_data=".git" in path.relative_to(root).parts[:1])
    except (Unreadable, OSError):
        return False
    return any(line.strip() in _CATCH_ALL for line in text.splitlines())
