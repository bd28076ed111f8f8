"""The fifth red team's holes in the security guarantees (SECURITY.md), each closed as a general property."""
from __future__ import annotations

import time

import pytest

from conftest import cpu_seconds, git_add_all, lint, prodlint, write_tree

WEAK = "Pw05hunterxx"


def _run(*args, timeout=180, cwd=None):
    return prodlint(*args, cwd=cwd, timeout=timeout)


_git = git_add_all


# ---- bounded parsing: work grows with the file, not with its square --------------------------------------
def _dockerfile_of_stages(n: int, shape: str) -> str:
    if shape == "copy-from":  # each stage copies from the one before: every COPY --from looks a stage up
        return "".join(f"FROM node:20 AS s{i}\nCOPY --from=s{i - 1} / /\n" if i else "FROM node:20 AS s0\n"
                       for i in range(n))
    return "FROM node:20 AS s0\n" + "".join(f"FROM s{i - 1} AS s{i}\n" for i in range(1, n))  # a FROM chain


@pytest.mark.parametrize("shape", ["copy-from", "from-chain"])
def test_a_dockerfile_of_many_stages_is_checked_in_linear_time(tmp_path, shape):
    # a 700 kB Dockerfile of 20,000 stages (well under the size cap) took minutes: every stage looked each
    # other up by scanning the list of stages, and each FROM chain was walked with a list for its seen set
    def check(text):
        write_tree(tmp_path, {"Dockerfile": text})
        lint(tmp_path, cache=False)

    check("FROM node:20\n")  # rules imported before timing
    small, large = cpu_seconds(lambda n: _dockerfile_of_stages(n, shape), check, (1000, 4000))
    assert large < 1.0 + 8 * small, f"{large:.2f} s of CPU for 4000 stages ({small:.2f} s for 1000)"


def _merge_chain(n: int) -> str:
    """Each anchored mapping merges the one before: the last one holds n keys, the file n**2/2 merged keys."""
    return ("x-a0: &a0 {k0: 1}\n" + "".join(f"x-a{i}: &a{i}\n  <<: *a{i - 1}\n  k{i}: 1\n" for i in range(1, n))
            + f"services:\n  s:\n    image: nginx:1.27\n    <<: *a{n - 1}\n")


def test_merge_keys_that_chain_are_refused_before_they_are_built(tmp_path):
    # merge keys copy every key of the merged mapping: a chain of 8,000 mappings (250 kB) built 32 million
    # keys (minutes, gigabytes); a 2 MB file, billions. The alias count saw one alias per anchor: no bomb.
    from linter.files import SourceFile
    from linter.parsers.yaml_doc import parse

    def check(text):
        doc = parse(SourceFile(tmp_path / "docker-compose.yml", "docker-compose.yml", "compose", text=text))
        return doc

    check("a: [1]\n")
    start = time.process_time()
    doc = check(_merge_chain(8000))
    assert time.process_time() - start < 10
    assert doc.problems and "alias" in doc.problems[0].message
    # what compose files really do with merge keys still loads: one shared block merged into many services
    shared = ("x-common: &common\n" + "".join(f"  k{i}: v\n" for i in range(40))
              + "services:\n" + "".join(f"  s{i}:\n    image: nginx:1.27\n    <<: *common\n" for i in range(200)))
    doc = check(shared)
    assert not doc.problems and len(doc.root["services"]["s199"]) == 41


@pytest.mark.parametrize("layout", ["one-file", "included"])
def test_an_nginx_configuration_of_many_servers_is_checked_in_linear_time(tmp_path, layout):
    # every server without a root of its own asked each enclosing block for all its children: an http block
    # of n servers cost n**2 (8,000 servers: 20 s; the same servers pulled in by repeated include globs, more)
    def make(n):
        if layout == "one-file":
            return {"nginx.conf": "events {}\nhttp {\n" + "".join(f"server {{ listen {i}; }}\n" for i in range(n)) + "}\n"}
        per_file = n // 50  # 50 conf.d files of n/50 servers each, pulled in by one include glob
        return {"nginx.conf": "events {}\nhttp {\n  include conf.d/*.conf;\n}\n",
                **{f"conf.d/{f}.conf": "".join(f"server {{ listen {f * per_file + i}; }}\n" for i in range(per_file))
                   for f in range(50)}}

    def check(files):
        write_tree(tmp_path / str(len(files) + sum(map(len, files.values()))), files)
        lint(tmp_path / str(len(files) + sum(map(len, files.values()))), cache=False)

    check({"nginx.conf": "events {}\nhttp { server { listen 80; } }\n"})
    small, large = cpu_seconds(make, check, (1000, 5000))
    assert large < 0.5 + 10 * small, f"{large:.2f} s of CPU for 5000 servers ({small:.2f} s for 1000)"


@pytest.mark.parametrize("shape", ["servers", "locations"])
def test_many_headers_above_many_blocks_cost_their_sum(tmp_path, shape):
    # every server asked for its headers copied (and recomputed) all n add_header lines of the http block
    # above it, and every location with an add_header of its own listed all n it drops in a message: a
    # 400 kB nginx.conf took minutes, and its NGX017 messages were n x m long
    def make(n):
        above = "".join(f"add_header X-H{i} v;\n" for i in range(n))
        if shape == "servers":
            return "events {}\nhttp {\n" + above + "".join(f"server {{ listen {i}; root /s; }}\n" for i in range(n // 2)) + "}\n"
        return ("events {}\nhttp {\nserver {\nlisten 80;\n" + above
                + "".join(f"location /{i} {{ add_header A b; }}\n" for i in range(n // 2)) + "}\n}\n")

    def check(text):
        write_tree(tmp_path, {"nginx.conf": text})
        return lint(tmp_path, cache=False)

    check("events {}\nhttp { server { listen 80; } }\n")
    small, large = cpu_seconds(make, check, (500, 2500))
    assert large < 0.5 + 10 * small, f"{large:.2f} s of CPU for 2500 headers ({small:.2f} s for 500)"
    if shape == "locations":
        dropped = [f for f in check(make(40)).findings if f.rule_id == "NGX017"]
        assert len(dropped) == 20
        assert dropped[0].message.startswith("this location has its own add_header, so X-H0, X-H1, X-H10, ")
        assert "X-H17 and 30 more set above are not sent here" in dropped[0].message


# ---- a secret a command reads from its standard input ------------------------------------------------
@pytest.mark.parametrize("line", [
    f"RUN echo {WEAK} | docker login -u me --password-stdin registry.example.com",
    f"RUN echo -n '{WEAK}' | helm registry login ghcr.io -u me --password-stdin",
    f'RUN printf "%s" "{WEAK}" | podman login --username me --password-stdin quay.io',
    f"RUN echo {WEAK} | gh auth login --with-token",
    f"RUN docker login -u me --password-stdin reg.io <<< {WEAK}",
    f"      - echo \"{WEAK}\" | oras login --password-stdin -u me reg.io",
])
def test_a_value_piped_into_a_stdin_password_option_is_masked(line):
    from linter.secrets import mask_diff, mask_line, mask_message
    assert WEAK not in mask_line(line) and WEAK not in mask_message(line)
    assert WEAK not in mask_diff(f"--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n FROM node:20\n {line}\n+x\n")


@pytest.mark.parametrize("line", [
    "RUN echo $REGISTRY_TOKEN | docker login -u me --password-stdin registry.example.com",
    'RUN echo "${CR_PAT}" | docker login ghcr.io -u me --password-stdin',
    "RUN echo hello | tee out.txt",
    "RUN docker login -u me --password-stdin registry.example.com",  # the registry is no password
])
def test_references_and_other_pipes_stay(line):
    from linter.secrets import mask_line
    assert mask_line(line) == line


def test_a_piped_password_leaves_through_no_output(tmp_path):
    root = write_tree(tmp_path, {"Dockerfile": f"FROM node:20\nRUN echo {WEAK} | docker login -u me --password-stdin r.io\n"
                                               "CMD [\"node\", \"s.js\"]\n"})
    outputs = [_run("check", "--no-git", "--diff", "--unsafe-fixes", root).stdout, _run("audit", "--no-git", root).stdout]
    outputs += [_run("check", "--no-git", "-f", fmt, root).stdout for fmt in ("text", "json", "sarif")]
    assert "+USER node" in outputs[0] and "Dockerfile:2" in outputs[1]  # the line is shown, masked
    for shown in outputs:
        assert WEAK not in shown


# ---- a deployment's files in folders prodlint never enters --------------------------------------------
BAD_COMPOSE = ("services:\n  api:\n    image: node:20\n    privileged: true\n    environment:\n"
               f"      JWT_SECRET: {WEAK}\n")


@pytest.mark.parametrize("files, hidden", [
    ({"Makefile": "deploy:\n\tdocker compose -f node_modules/.deploy/docker-compose.yml up -d\n",
      "node_modules/.deploy/docker-compose.yml": BAD_COMPOSE}, "node_modules/.deploy/docker-compose.yml"),
    ({"docker-compose.yml": "services:\n  api:\n    image: node:20\n    env_file: venv/prod.env\n",
      "venv/prod.env": f"JWT_SECRET={WEAK}\n"}, "venv/prod.env"),
    ({"docker-compose.yml": "services:\n  api:\n    build:\n      context: .\n      dockerfile: .tox/Dockerfile\n",
      ".tox/Dockerfile": f"FROM node:20\nENV JWT_SECRET={WEAK}\n"}, ".tox/Dockerfile"),
    ({"docker-compose.yml": "services:\n  web:\n    image: nginx:1.27\n    volumes:\n"
                            "      - ./bower_components/site.conf:/etc/nginx/conf.d/default.conf:ro\n",
      "bower_components/site.conf": "server { listen 80; server_tokens on; }\n"}, "bower_components/site.conf"),
])
@pytest.mark.parametrize("git", [True, False])
def test_a_file_the_deployment_uses_in_a_folder_never_entered_is_announced(tmp_path, files, hidden, git):
    # dependency folders (node_modules/, venv/, ...) are never entered: a repository that keeps the compose
    # file its deploy target runs, or the env file its compose file loads, in one was checked by no rule and
    # nothing said so
    root = write_tree(tmp_path, files)
    args = [] if git else ["--no-git"]
    if git:
        _git(root)
    for fmt in ("text", "json", "sarif", "github"):
        shown = _run("check", *args, "-f", fmt, root).stdout
        assert hidden in shown and "never enters" in shown, fmt
        assert WEAK not in shown


# ---- a judged value of several words, partly masked by a pattern first ---------------------------------
@pytest.mark.parametrize("line", [
    f"ENV JWT_SECRET Qz7a {WEAK} more",         # the legacy ENV form: the value is the rest of the line
    f"ENV SESSION_SECRET Qz7a {WEAK}",
])
def test_a_judged_value_of_several_words_leaves_no_word_in_the_diff(tmp_path, line):
    # the diff's lines were masked by pattern first (`ENV JWT_SECRET ****` hides the first word) and scrubbed of
    # judged values after: the value was no longer there whole, and its other words were printed
    root = write_tree(tmp_path, {"Dockerfile": f"FROM node:20\n{line}\nCMD [\"node\", \"s.js\"]\n"})
    diff = _run("check", "--no-git", "--diff", "--unsafe-fixes", root).stdout
    assert "+USER node" in diff and "ENV " in diff
    assert WEAK not in diff
