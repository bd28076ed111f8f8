"""DKF026 judges what a RUN does with a download, however the shell spells it: the downloader's options, the
interpreter's wrappers and options, the operators' spacing and the commands around it."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import lint

URL = "https://example.com/v2/install.sh"
STDOUT_DOWNLOADS = [f"wget -qO /dev/stdout {URL}", f"curl -fsSo /dev/stdout {URL}",
    f"curl {URL}", f"curl -fsSL {URL}", f"curl -sSL --retry 3 {URL}", f"curl --proto '=https' --tlsv1.2 -sSf {URL}",
    f'curl -fsSL "{URL}"', f"curl -L {URL} -o -", f"wget -qO- {URL}", f"wget -O - {URL}", f"wget -q -O- {URL}",
    f"wget --output-document=- {URL}", f"wget --quiet {URL} -O -",
]
FILE_DOWNLOADS = [  # (command, file it writes)
    (f"curl -fsSLo /tmp/install.sh {URL}", "/tmp/install.sh"), (f"curl -o /tmp/install.sh {URL}", "/tmp/install.sh"),
    (f"curl -fsSLO {URL}", "install.sh"), (f"curl --output /tmp/install.sh {URL}", "/tmp/install.sh"),
    (f"curl -fsSL {URL} > /tmp/install.sh", "/tmp/install.sh"), (f"wget {URL}", "install.sh"),
    (f"wget -q -O /tmp/install.sh {URL}", "/tmp/install.sh"), (f"wget -nv -P /tmp {URL}", "/tmp/install.sh"),
    (f"curl -fsSL {URL} | tee /tmp/install.sh > /dev/null", "/tmp/install.sh"),
    (f"wget -qO- {URL} | sudo tee -a /tmp/install.sh >/dev/null", "/tmp/install.sh"),
]
STDIN_RUNNERS = ["sh", "bash", "/bin/bash", "bash -", "bash -s", "bash -s -- --yes", "sudo bash", "sudo -E bash -",
                 "sh -x", "dash", "zsh", "python3 -", "python", "node", "perl", "php -- --install-dir=/usr/bin",
                 "env FOO=1 sh", "bash -o pipefail -s"]
NOT_RUNNERS = ["tee /tmp/install.sh", "gpg --dearmor -o /usr/share/keyrings/k.gpg", "python3 -c 'import sys'",
               "node -e 'process.stdin.pipe(process.stdout)'", "sh -c 'cat > /tmp/x'", "grep -q ok", "jq -r .tag",
               "sha256sum", "bash /tmp/other.sh"]
FILE_RUNNERS = ["sh {f}", "bash {f}", "sudo bash {f}", "chmod +x {f} && {f}", ". {f}", "bash < {f}",
                "python3 {f}", "bash -e {f} --yes"]
CHECKS = ['echo "24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d  {f}" | sha256sum -c -',
          "sha256sum -c {f}.sha256", "shasum -a 256 -c {f}.sha256", "gpg --batch --verify {f}.asc {f}",
          "cosign verify-blob --key k.pub --signature {f}.sig {f}", "sha512sum --check SUMS"]
BEFORE = ["", "set -eux; ", "apt-get update && apt-get install -y curl && ", "cd /tmp && "]
AFTER = ["", " && rm -rf /var/lib/apt/lists/*", "; echo done"]
PIPES = [" | ", "|", " \\\n    | "]


def _dkf026(files):
    with tempfile.TemporaryDirectory() as base:
        result = lint(Path(base), files, select=["DKF026"])
    assert not [f for f in result.findings if f.rule_id in ("PL001", "PL002")]
    return sorted((f.span.line, f.message_id) for f in result.findings if f.rule_id == "DKF026")


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(download=st.sampled_from(STDOUT_DOWNLOADS), runner=st.sampled_from(STDIN_RUNNERS),
       pipe=st.sampled_from(PIPES), before=st.sampled_from(BEFORE), after=st.sampled_from(AFTER),
       onbuild=st.booleans())
def test_a_download_piped_into_a_program_reader_is_reported(download, runner, pipe, before, after, onbuild):
    run = ("ONBUILD RUN " if onbuild else "RUN ") + before + download + pipe + runner + after
    assert _dkf026({"Dockerfile": f"FROM debian:bookworm-slim\n{run}\nUSER 1000\n"}) == [(2, "pipe")]


@SETTINGS
@given(download=st.sampled_from(STDOUT_DOWNLOADS), runner=st.sampled_from(STDIN_RUNNERS))
def test_a_download_piped_through_tee_into_a_program_reader_is_reported(download, runner):
    for tee in ("tee /tmp/install.sh", "sudo tee -a /tmp/install.sh", "tee /tmp/a.sh | tee /tmp/b.sh"):
        run = f"RUN {download} | {tee} | {runner}"
        assert _dkf026({"Dockerfile": f"FROM debian:bookworm-slim\n{run}\n"}) == [(2, "pipe")], run


@SETTINGS
@given(download=st.sampled_from(STDOUT_DOWNLOADS), reader=st.sampled_from(NOT_RUNNERS),
       pipe=st.sampled_from(PIPES), before=st.sampled_from(BEFORE))
def test_a_download_piped_into_anything_else_is_not(download, reader, pipe, before):
    run = "RUN " + before + download + pipe + reader
    assert _dkf026({"Dockerfile": f"FROM debian:bookworm-slim\n{run}\n"}) == []


@SETTINGS
@given(download=st.sampled_from(FILE_DOWNLOADS), runner=st.sampled_from(FILE_RUNNERS),
       check=st.sampled_from([None] + CHECKS), split_runs=st.booleans(), check_first=st.booleans())
def test_a_downloaded_file_is_reported_when_it_is_run_unchecked(download, runner, check, split_runs, check_first):
    command, path = download
    use = runner.format(f=path if "/" in path or not runner.startswith("chmod") else "./" + path)
    steps = [command] + ([check.format(f=path)] if check else []) + [use]
    if not check_first and check:
        steps = [command, use, check.format(f=path)]
    if split_runs:  # the download in one RUN, the rest in the next
        text = f"RUN {steps[0]}\nRUN " + " && ".join(steps[1:]) + "\n"
    else:
        text = "RUN " + " && ".join(steps) + "\n"
    expect = [] if check else [(3 if split_runs else 2, "file")]
    assert _dkf026({"Dockerfile": f"FROM debian:bookworm-slim\n{text}"}) == expect


BIN = "https://example.com/releases/download/v1.2.0/tool-linux-amd64"
MAKE_EXECUTABLE = ["chmod +x {f}", "chmod 755 {f}", "chmod 0755 {f}", "chmod u+x {f}", "chmod a+rx,u+w {f}",
                   "chmod -v 775 {f}", "chmod ug=rwx {f}", "install {f} /usr/local/bin/tool",
                   "install -Dm755 {f} /usr/local/bin/tool", "install -m 0755 {f} /usr/bin/tool",
                   "install --mode=555 {f} /usr/bin/tool", "install -t /usr/local/bin {f}"]
KEEP_UNEXECUTABLE = ["chmod 644 {f}", "chmod -x {f}", "chmod u=rw,go=r {f}", "chmod +r {f}", "chmod 600 {f}",
                     "install -m 0644 {f} /etc/tool.conf", "install -d /opt/tool", "chmod +x /usr/local/bin/other"]


@SETTINGS
@given(mode=st.sampled_from(MAKE_EXECUTABLE), out=st.sampled_from(["/tmp/tool", "/usr/local/bin/tool"]),
       split_runs=st.booleans(), check=st.sampled_from([None] + CHECKS), check_after=st.booleans())
def test_a_downloaded_binary_made_executable_is_reported_unless_checked(mode, out, split_runs, check, check_after):
    """Nothing in the build runs it, but it ships to run: unverified like `ADD <url>` without --checksum. A check
    in the RUN after still covers it (nothing ran it yet)."""
    download, use = f"curl -fsSLo {out} {BIN}", mode.format(f=out)
    if check_after:  # downloaded and made executable here, checked in the next RUN
        text = f"RUN {download} && {use}\n" + (f"RUN {check.format(f=out)}\n" if check else "RUN echo done\n")
    elif split_runs:
        text = f"RUN {download}\nRUN " + " && ".join(([check.format(f=out)] if check else []) + [use]) + "\n"
    else:
        text = "RUN " + " && ".join([download] + ([check.format(f=out)] if check else []) + [use]) + "\n"
    line = 3 if split_runs and not check_after else 2
    expect = [] if check else [(line, "file")]
    assert _dkf026({"Dockerfile": f"FROM debian:bookworm-slim\n{text}USER 1000\n"}) == expect


@SETTINGS
@given(mode=st.sampled_from(KEEP_UNEXECUTABLE), split_runs=st.booleans())
def test_a_download_left_unexecutable_is_not_reported(mode, split_runs):
    use = mode.format(f="/tmp/tool")
    text = f"RUN curl -fsSLo /tmp/tool {BIN}" + ("\nRUN " if split_runs else " && ") + use + "\n"
    assert _dkf026({"Dockerfile": f"FROM debian:bookworm-slim\n{text}"}) == []


def test_a_binary_made_executable_is_reported_where_it_was_even_as_the_stage_ends():
    text = (f"FROM debian:bookworm-slim AS tools\nRUN curl -Lo /usr/bin/tool {BIN} && chmod +x /usr/bin/tool\n"
            f"FROM debian:bookworm-slim\nCOPY --from=tools /usr/bin/tool /usr/bin/tool\nRUN echo ok\n")
    assert _dkf026({"Dockerfile": text}) == [(2, "file")]


def test_a_copy_kept_by_tee_and_never_run_is_not_reported():
    text = (f"FROM debian:bookworm-slim\nRUN curl -fsSL {URL} | tee /tmp/install.log | grep -q ok\n"
            f"RUN curl -fsSL {URL} | tee /tmp/notes.txt > /dev/null && cat /tmp/notes.txt\n")
    assert _dkf026({"Dockerfile": text}) == []


def test_a_downloaded_file_two_runs_later_is_not_the_neighbour():
    text = (f"FROM debian:bookworm-slim\nRUN curl -o /tmp/i.sh {URL}\nRUN echo unrelated\nRUN sh /tmp/i.sh\n")
    assert _dkf026({"Dockerfile": text}) == []
