"""Values shared through YAML anchors: a merged key keeps where it is written apart from the keys the mapping
writes itself, findings on shared text are reported once where it is written, and an edit that adds a key
to a mapping with merged keys lands after the keys written there."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import lint
from linter.api import Finding, Span
from linter.decide import dedupe
from linter.parsers.yaml_nodes import load

TEXT = """\
x-base: &base
  A: 1
  B: 2
x-more: &more
  <<: *base
  C: 3
svc:
  A: 0
  <<: [*more, *base]
  D: 4
"""


def test_merged_keys_keep_their_written_place_apart_from_the_mappings_own_keys():
    svc = load(TEXT)["svc"]
    assert dict(svc) == {"A": 0, "D": 4, "C": 3, "B": 2}
    assert list(svc.lc.data) == ["A", "D"]  # only keys written in svc: edits place keys after these
    assert svc.lc.merges == [(8, 2)]
    assert svc.lc.written("A") == (7, 2, 7, 5)  # written in svc wins over the merged A
    assert svc.lc.written("C") == (5, 2, 5, 5)
    assert svc.lc.written("B") == (2, 2, 2, 5)  # through x-more's own merge, to where x-base writes it
    try:
        svc.lc.key("B")
    except KeyError:
        pass
    else:
        raise AssertionError("a merged key must not pass for one written in the mapping")


def _finding(key, line=3, column=22, message_id="literal", rule="CMP013", message="m"):
    return Finding(rule, "name", "docker-compose.yml", Span(line, column, line, column + 5), message, message_id,
                   "error", (), key, fingerprint=key)


def _shared(path):
    return [(1, 5)]


def test_shared_text_is_one_finding_naming_every_owner():
    out = dedupe([_finding("services.worker.environment.P"), _finding("services.api.environment.P"),
                  _finding("services.api.environment.Q", line=9)], _shared)
    assert [(f.key, f.span.line) for f in out] == [("services.api.environment.P", 3),
                                                   ("services.api.environment.Q", 9)]
    assert out[0].message == "m (written once here, used by 'api', 'worker')"
    assert out[1].message == "m"


def test_findings_that_only_share_a_place_stay_apart():
    kept = [_finding("services.api.environment.P"),
            _finding("services.web.environment.Q"),  # two segments differ: not one text shared
            _finding("services.db.environment.P", message_id="default"),  # another message
            _finding("services.db.environment.P", rule="ENV005"),  # another rule
            _finding("services.x.environment.P", column=23),  # another place
            _finding("services.api.environment.R"),  # the last segment differs: two things, one place
            _finding("settings.A", line=9), _finding("settings.B", line=9)]
    assert dedupe(list(kept), _shared) == kept
    outside = [_finding("services.api.environment.P", line=7), _finding("services.web.environment.P", line=7)]
    assert dedupe(list(outside), _shared) == outside  # the same place, but not in shared text
    assert [f.message for f in kept + outside] == ["m"] * 10


def test_anchored_lines_cover_each_anchored_node_and_survive_broken_text():
    from linter.parsers.yaml_nodes import anchored_lines
    assert anchored_lines("a: &x\n  b: 1\n  c: [1, 2]\nd: *x\ne: &s scalar\nf: [&i 1]\n") == [
        (1, 3), (5, 5), (6, 6)]
    assert anchored_lines("a: &x [\n") == []
    assert anchored_lines("a: &x\n  b: 1\nc: {\n") == [(1, 2)]


def test_inserting_a_key_into_a_service_with_merged_keys_gives_valid_yaml_after_its_written_keys(tmp_path):
    text = ("x-common: &common\n  image: example/api:1.2.3\n  environment:\n    LOG_LEVEL: info\n\n"
            "services:\n"
            "  api:\n    <<: *common\n    command: serve\n"
            "  worker:\n    command: work\n    <<: *common\n"
            "  beat:\n    <<: *common\n")
    (tmp_path / "docker-compose.yml").write_text(text)
    result = lint(tmp_path, select=["CMP002"], cache=False)
    fixes = {f.key: f.fix for f in result.findings}
    assert set(fixes) == {"services.api.restart", "services.worker.restart", "services.beat.restart"}
    file = result.project.by_rel["docker-compose.yml"]
    edits = sorted((e for fix in fixes.values() for e in fix.edits), key=lambda e: -e.start)
    fixed = text
    for e in edits:
        fixed = fixed[:e.start] + e.text + fixed[e.end:]
    assert file.text == text
    assert fixed == ("x-common: &common\n  image: example/api:1.2.3\n  environment:\n    LOG_LEVEL: info\n\n"
                     "services:\n"
                     "  api:\n    <<: *common\n    command: serve\n    restart: unless-stopped\n"
                     "  worker:\n    command: work\n    <<: *common\n    restart: unless-stopped\n"
                     "  beat:\n    <<: *common\n    restart: unless-stopped\n")
    data = YAML(typ="safe", pure=True).load(fixed)
    assert {name: s["restart"] for name, s in data["services"].items()} == dict.fromkeys(
        ("api", "worker", "beat"), "unless-stopped")
    assert "restart" not in data["x-common"]


_HOW = st.sampled_from(["merge", "alias", "override", "own"])


@settings(max_examples=15, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_HOW, min_size=1, max_size=5))
def test_an_anchored_secret_is_one_finding_at_the_anchor_and_every_written_one_at_its_service(tmp_path, hows):
    lines = ["x-env: &env", "  API_TOKEN: Lw7Xv2Nc5Rb1Ty4Hs6Pa0q", "services:"]
    own_lines = []
    for n, how in enumerate(hows):
        lines += [f"  s{n}:", "    image: example/api:1.0"]
        if how == "alias":
            lines.append("    environment: *env")
            continue
        lines.append("    environment:")
        if how != "own":
            lines.append("      <<: *env")
        if how in ("override", "own"):
            lines.append("      API_TOKEN: Hs6Pa0qLw7Xv2Nc5Rb1Ty4")
            own_lines.append(len(lines))
    for old in tmp_path.iterdir():
        old.unlink()
    (tmp_path / "docker-compose.yml").write_text("\n".join(lines) + "\n")
    found = [(f.span.line, f.span.column) for f in lint(tmp_path, select=["CMP013"], cache=False).findings]
    sharing = [f"'s{n}'" for n, how in enumerate(hows) if how in ("merge", "alias")]
    assert sorted(found) == sorted(([(2, 14)] if sharing else []) + [(line, 18) for line in own_lines])
    for f in lint(tmp_path, select=["CMP013"], cache=False).findings:
        if f.span.line == 2 and len(sharing) > 1:
            assert f.message.endswith(f"(written once here, used by {', '.join(sharing)})")
