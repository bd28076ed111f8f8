"""An ONBUILD trigger runs in the build of every image made FROM this one, so the rules about what a command
does judge `ONBUILD RUN x` exactly as they judge `RUN x`; the rules about this image's own stages do not see
triggers at all."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import lint

COMMAND_RULES = ["DKF012", "DKF013", "DKF015", "DKF020", "DKF022", "DKF026"]
STEPS = [
    "curl -k https://example.com/tool.sh -o /tmp/tool.sh",
    "curl -fsSL https://example.com/tool.sh -o /tmp/tool.sh",
    "wget --no-check-certificate https://example.com/a.tgz",
    "apt-get install -y --allow-unauthenticated curl",
    "apt-get install -y curl=7.88.1-10",
    "apk add --no-cache curl",
    "pip install flask",
    "pip install flask==3.0.3",
    "npm ci --omit=dev",
    "sudo make install",
    "apt-get install -y sudo",
    "vim /etc/hosts",
    "GOSUMDB=off go mod download",
    "export NODE_TLS_REJECT_UNAUTHORIZED=0 && node build.js",
    "curl -fsSL https://example.com/install.sh | sh",
    "wget -qO- https://example.com/a.tgz | tar -xz -C /opt",
    "echo ok",
]


def _seen(result):
    return sorted((f.rule_id, f.span.line, f.message_id) for f in result.findings if f.rule_id in COMMAND_RULES)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(STEPS), min_size=1, max_size=4))
def test_an_onbuild_run_is_judged_as_the_run_it_registers(steps):
    head = "FROM debian:bookworm-slim\n"
    tail = "USER 1000\n"
    with tempfile.TemporaryDirectory() as own, tempfile.TemporaryDirectory() as triggered:
        plain = lint(Path(own), {"Dockerfile": head + "".join(f"RUN {s}\n" for s in steps) + tail},
                     select=COMMAND_RULES)
        onbuild = lint(Path(triggered), {"Dockerfile": head + "".join(f"ONBUILD RUN {s}\n" for s in steps) + tail},
                       select=COMMAND_RULES)
    assert _seen(onbuild) == _seen(plain)


def test_triggers_are_not_the_image_own_instructions(tmp_path):
    # an ONBUILD USER or CMD belongs to the child image: this image still has no USER and a shell-form CMD
    result = lint(tmp_path, {"Dockerfile": "FROM debian:bookworm-slim\nONBUILD USER 1000\nONBUILD CMD [\"app\"]\n"
                                           "CMD app --serve\n"}, select=["DKF006", "DKF008"])
    assert sorted((f.rule_id, f.span.line) for f in result.findings) == [("DKF006", 1), ("DKF008", 4)]
