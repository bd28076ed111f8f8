"""linter.record: mutable records mean what a dataclass with the same fields would (docs/architecture.md)."""
from __future__ import annotations

import pytest

from linter.api import Finding, Span
from linter.config import Config
from linter.discover import Discovery, Notice
from linter.parsers.dockerfile import Instruction


def _finding(**changes) -> Finding:
    fields = dict(rule_id="CMP001", rule_name="compose-healthcheck", path="docker-compose.yml", span=Span(3, 5),
                  message="no healthcheck", message_id="m", severity="note", checklist=("C1",), key="api")
    fields.update(changes)
    return Finding(**fields)


def test_records_are_equal_by_their_fields_and_class_and_not_hashable():
    assert _finding() == _finding()
    assert _finding() != _finding(fingerprint="x")
    assert Notice("a", "b") == Notice("a", "b") and Notice("a", "b") != Notice("a", "c")
    assert Notice("a", "b") != ("a", "b")  # not a tuple: another class is never equal
    with pytest.raises(TypeError):
        hash(Notice("a", "b"))


def test_defaults_match_the_fields_and_mutable_defaults_are_never_shared():
    f = _finding()
    assert (f.fingerprint, f.fix, f.suppressed, f.snippet, f.untracked) == ("", None, None, None, None)
    one, two = Discovery(), Discovery()
    one.files.append("x")
    one.untracked["a"] = "ignored"
    assert two.files == [] and two.untracked == {} and two.source == "walk"
    assert one.others is not two.others  # each discovery digests its own listing
    assert Config().select is not Config().select and Config().fail_on == "warning"


def test_records_with_slots_take_no_other_attribute():
    with pytest.raises(AttributeError):
        _finding().extra = 1


def test_the_representation_names_every_field_but_private_caches():
    assert repr(Notice("a", "b")) == "Notice(path='a', message='b')"
    assert "_module" not in repr(__import__("linter.loader", fromlist=["Rule"]).Rule(None, None, "p"))


def test_identity_records_are_equal_only_to_themselves():
    a = Instruction("RUN", "true", 1, 1, "RUN true")
    b = Instruction("RUN", "true", 1, 1, "RUN true")
    assert a == a and a != b
    assert len({a, b}) == 2  # hashable by identity, as a dataclass with eq=False


def _record_classes():
    """Every Record subclass the package defines (imports each linter module so none is missed)."""
    import importlib
    import pkgutil

    import linter
    from linter.record import IdentityRecord, Record

    for info in pkgutil.walk_packages(linter.__path__, "linter."):
        if not info.name.endswith("__main__"):  # importing it runs the command line
            importlib.import_module(info.name)
    seen, todo = [], [Record]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub is not IdentityRecord and sub.__module__.startswith("linter."):
                seen.append(sub)
    return seen


def test_every_record_lists_the_fields_it_declares_and_takes_them_in_that_order():
    # a record's fields are written three times (annotations, _fields, __init__); a dataclass wrote them once,
    # so a field added in one place only must fail here rather than vanish from equality or repr
    import inspect

    classes = _record_classes()
    assert len(classes) >= 20
    for cls in classes:
        declared = tuple(name for name in cls.__dict__.get("__annotations__", {}) if name != "_fields")
        assert declared == cls._fields, cls.__qualname__
        params = tuple(inspect.signature(cls.__init__).parameters)[1:]
        assert params == cls._fields, cls.__qualname__
