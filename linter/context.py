"""What a rule's check() receives besides the document, and where every finding gets its identity.

:class:`Stamper` fills a finding's rule id, severity, checklist ids and fingerprint from the rule's
metadata and the configuration, so no rule can get them wrong; :class:`Context` is the rule's handle on
the project model, its options, and ``ctx.finding``.
"""
from __future__ import annotations

from .api import Finding, Fix, RuleMeta, Span
from .digests import sha256_hex
from .secrets import Redactor, mask_message, secret_value


def fingerprint(rule_id: str, path: str, key: str) -> str:
    return sha256_hex(f"{rule_id}\0{path}\0{key}".encode("utf-8", "surrogateescape"))[:24]


class Stamper:
    def __init__(self, severity: dict[str, str]):
        self.severity = severity  # rule id -> configured level

    def __call__(self, meta: RuleMeta, path: str, at: Span, key: str, message: str, message_id: str,
                 fix: Fix | None = None) -> Finding:
        # The one place every finding is built: whatever evidence its text quotes leaves here masked. The
        # fingerprint hashes the masked key: a hash of a weak secret (a parse error quoting it) is found again
        # by hashing candidates.
        key = mask_message(key)
        return Finding(
            rule_id=meta.id, rule_name=meta.name, path=path, span=at, message=mask_message(message),
            message_id=message_id, severity=self.severity.get(meta.id, meta.severity),
            checklist=tuple(meta.checklist), key=key, fingerprint=fingerprint(meta.id, path, key),
            fix=fix if fix is None else fix._replace(title=mask_message(fix.title)),
        )


class Context:
    """What a rule's check() receives besides the document: the model, its options, and ctx.finding."""

    def __init__(self, stamp: Stamper, redactor: Redactor, project, rule, file, options: dict,
                 local: Redactor | None = None):
        self._stamp = stamp
        self._redactor = redactor
        self._local = local if local is not None else Redactor()
        self.rule = rule
        self.meta: RuleMeta = rule.meta
        self.file = file
        self.options = options
        self.model = project

    def finding(self, at: Span, key: str, message: str, *, path: str | None = None, fix: Fix | None = None,
                secret: str | None = None, **fmt) -> Finding:
        """A finding of this rule. ``message`` is a key of the rule's MESSAGES; ``fmt`` fills it.

        ``secret`` is the judged value: it is never formatted into anything, and the engine scrubs it from
        every output should it appear anyway.
        """
        # published defaults ("postgres", "changeme") hide nothing; masking them would garble every message
        secret = secret_value(secret)
        if secret is not None:
            self._redactor.add(secret)
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
        # The checker scrubs the message with every value judged in this file once its rules have run (only
        # this file's values, so the text is the same in every run and worker).
        return self._stamp(self.meta, path, at, key, template.format(**fmt), message, fix)
