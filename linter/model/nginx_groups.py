"""An nginx rule run once per tree, not once per file of the tree.

A configuration that pulls 300 ``conf.d`` files in with one include glob is one tree of 300 files. Every
nginx rule walks the whole tree it is given (``trees_for(doc)``) and reports, through :class:`Emitter`, only
what is written in the file being checked: run per file, that is files x servers for every rule. A rule
that declares ``per_tree`` (it uses the document only to build its Emitter and to ask for the trees)
reports, in each file, exactly the findings its walk of the tree meets in that file; so the walk is done
once, with the Emitter recording what it meets per file, and each file's findings are made from the record
(through the file's own ``ctx.finding``, in the same order and with the same deduplication as a run of its
own).

Every other rule is run per file as before, and so is every rule on a tree of few files. A rule that
raises while recording is run per file too, so it fails as it did.
"""
from __future__ import annotations

from .nginx import nginx_model

MIN_FILES = 4  # below this, running per file costs about the same: keep the plain path


def replayed(rule, doc, ctx) -> list | None:
    """The rule's findings in ``doc`` from one run over its trees, or None to run it on ``doc`` as usual."""
    if not rule.meta.per_tree:
        return None
    model = nginx_model(ctx.model)
    trees = model.trees_for(doc)
    if not trees or len(set().union(*(t.files for t in trees))) < MIN_FILES:
        return None
    key = (rule.id, tuple(id(t) for t in trees))
    if key not in model.recorded:
        model.recording = {}
        try:
            list(rule.check(doc, ctx) or ())
            model.recorded[key] = model.recording
        except Exception:
            model.recorded[key] = None
        finally:
            model.recording = None
    found = model.recorded[key]
    if found is None:
        return None
    return [ctx.finding(node.span, k, message, **fmt) for node, k, message, fmt in found.get(doc.rel, ())]

