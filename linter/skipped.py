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
