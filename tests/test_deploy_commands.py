"""Deployment commands read as text (linter.evidence.commands, .sources): what they combine and build."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write_tree
from linter.evidence.commands import MakeCall, Use, make_calls, parse, task_calls
from linter.evidence.sources import Deployments
from linter.evidence.text import context_role, header_comment, readme_intro, statement_role


@pytest.mark.parametrize("line, cwd, expected", [
    ("docker compose -f a.yml -f b.yml up -d", "", [Use("compose", ("a.yml", "b.yml"), action="up")]),
    ("docker-compose --file=ops/a.yml --project-name x up", "", [Use("compose", ("ops/a.yml",), action="up")]),
    ("cd deploy && docker compose -f ../a.yml -f b.yml pull", "", [Use("compose", ("a.yml", "deploy/b.yml"),
                                                                        action="pull")]),
    ("COMPOSE_FILE=a.yml:b.yml docker compose up", "", [Use("compose", ("a.yml", "b.yml"), action="up")]),
    ("docker compose up", "svc", [Use("compose", ("svc",), action="up", default_files=True)]),
    ("docker stack deploy -c stack.yml --compose-file more.yml app", "", [Use("stack", ("stack.yml", "more.yml"),
                                                                             action="deploy")]),
    ("docker buildx build -f docker/app.Dockerfile --target runtime --push -t x/y .", "",
     [Use("build", ("docker/app.Dockerfile",), target="runtime", action="build", push=True, tags=("x/y",),
          context="")]),
    ("docker build -t org/app:base --tag=org/app:1.2 -f base.dockerfile .", "",
     [Use("build", ("base.dockerfile",), action="build", tags=("org/app:base", "org/app:1.2"), context="")]),
    ("docker build --target=prod ./api", "", [Use("build", ("api/Dockerfile",), target="prod", action="build",
                                                   context="api")]),
    # a command substitution left unexpanded is one word: its parentheses do not end the command
    ("docker build -t app:$(git rev-parse HEAD) -f docker/Dockerfile .", "",
     [Use("build", ("docker/Dockerfile",), action="build", tags=("app:${_}",), context="")]),
    ("docker build --tag x:$(shell date +%s) --file Dockerfile ../", "server",
     [Use("build", ("server/Dockerfile",), action="build", tags=("x:${_}",), context="")]),
    # sudo resets the environment: none of the caller's variables reach compose, unless -E keeps them
    ("sudo docker compose -f /srv/app/compose.yml up", "",
     [Use("compose", ("/srv/app/compose.yml",), action="up", env_kept=frozenset())]),
    ("sudo -E docker compose -f c.yml up", "", [Use("compose", ("c.yml",), action="up")]),
    ("sudo -Eu deploy docker compose -f c.yml up", "", [Use("compose", ("c.yml",), action="up")]),
    ("sudo --preserve-env=A,B docker compose -f c.yml up", "",
     [Use("compose", ("c.yml",), action="up", env_kept=frozenset({"A", "B"}))]),
    ("env -i PATH=/usr/bin docker compose -f c.yml up", "",
     [Use("compose", ("c.yml",), action="up", env_kept=frozenset())]),
    ("sudo sh -c 'docker compose -f c.yml up'", "", [Use("compose", ("c.yml",), action="up", env_kept=frozenset())]),
    ("ssh -i key host docker compose -f c.yml up", "",
     [Use("compose", ("c.yml",), action="up", remote=True, env_kept=frozenset())]),
    # buildx's registry exporter publishes like --push; a local exporter does not
    ("docker buildx build -f Dockerfile.dev -t org/app:1 --output \"type=registry,name=org/app:1\" .", "",
     [Use("build", ("Dockerfile.dev",), action="build", push=True, tags=("org/app:1",), context="")]),
    ("docker buildx build -o type=image,name=org/app,push=true .", "",
     [Use("build", ("Dockerfile",), action="build", push=True, context="")]),
    ("docker buildx build --output type=docker .", "", [Use("build", ("Dockerfile",), action="build", context="")]),
    # overlays kept in an array the text cannot expand: the files named are only part of the combination
    ("docker compose -f base.yml \"${OVERRIDES[@]}\" up -d", "",
     [Use("compose", ("base.yml",), action="up", partial=True)]),
    ("npm run build && echo docker", "", []),
    # a usage line printed by a script names arguments, it runs nothing
    ("Usage: ./dev.sh [optional start dev commands] [optional docker-compose up commands]", "", []),
    ("[ -f .env ] && docker compose up -d", "", [Use("compose", ("",), action="up", default_files=True)]),
    # a message printed about a command is no command; the command after it is
    ('echo "./dev.sh: Disabled docker-compose up at end" && docker compose -f a.yml up', "",
     [Use("compose", ("a.yml",), action="up")]),
    ("printf 'run docker compose -f b.yml up\\n'", "", []),
    ("docker compose -f 'unbalanced.yml up", "", [Use("compose", ("'unbalanced.yml",), action="up")]),
    # the docker CLI's own options before the subcommand; -H/--context point it at another engine
    ("docker --log-level WARNING compose up -d", "", [Use("compose", ("",), action="up", default_files=True)]),
    ("docker -H ssh://deploy@host compose -f c.yml up -d", "", [Use("compose", ("c.yml",), action="up", remote=True)]),
    ("docker --context=prod compose -f c.yml up", "", [Use("compose", ("c.yml",), action="up", remote=True)]),
    ("docker -H unix:///var/run/docker.sock compose -f c.yml up", "", [Use("compose", ("c.yml",), action="up")]),
    ("docker --debug build -t org/app:1 .", "", [Use("build", ("Dockerfile",), action="build", tags=("org/app:1",),
                                                     context="")]),
    # the build arguments a build passes, by name (DKF001 leaves a FROM variable they set to the build)
    ("docker build --build-arg TAG=:3.20 --build-arg=NODE_ENV --build-arg VERSION -t a:1 .", "",
     [Use("build", ("Dockerfile",), action="build", tags=("a:1",), context="",
          build_args=("TAG", "NODE_ENV", "VERSION"))]),
])
def test_parse(line, cwd, expected):
    assert parse(line, {}, cwd) == expected


def test_variables_are_expanded():
    assert parse("$(COMPOSE) -f ${PROD_FILE:-prod.yml} up", {"COMPOSE": "docker compose -f base.yml"}) == \
        [Use("compose", ("base.yml", "prod.yml"), action="up")]


@pytest.mark.parametrize("names, role", [
    (("deploy:prod",), "production"), (("up-dev",), "development"), (("test:e2e",), "test"),
    (("deploy-staging",), "development"), (("build",), None), (("", "release"), "production"),
    (("startDevContainer",), "development"), (("e2e",), "test"),
    # the shell's `cd` quoted in a heading is no continuous delivery; a job or a heading naming CD still is
    (("/bin/sh: line 0: cd: web: No such file or directory",), None), (("cd into web/ first",), None),
    (("cd",), "production"), (("deploy-cd",), "production"), (("CD pipeline",), "production"),
])
def test_context_role(names, role):
    assert context_role(*names) == role


@pytest.mark.parametrize("text, role", [
    ("This configuration file is for the **development** setup. For production, see the docs.", "development"),
    ("Do not use this in production!", "development"),
    ("These are samples, not for production use.", "example"),
    ("Used by the test suite.", "test"),
    ("A production-ready stack for the shop.", "production"),
    ("Works for development and production.", None),
    ("Test: dropping Pragma should be reported", None),
    ("for example, set PORT", None),
    ("Development settings; copy to .env", "development"),
    ("Production settings for the API", "production"),
    ("Dev image with hot reload", "development"),
    ("The samples are for local development environments and are not meant to be deployed in production.",
     "example"),
    ("Do not enable DEBUG in production.", None),
    ("Should not be used in production", "development"),
    # a list of environments that ends in production says nothing of one
    ("Single source of truth for dev + CI + prod.", None),
    ("Shared settings for development, staging and production", None),
    # a starter kit's code is what the projects made from it deploy: its "dev environment" is no dev-only file
    ("This is an ever-evolving, very opinionated architecture and dev environment for new node projects using "
     "NestJS.", None),
    ("A boilerplate with a development setup for Express APIs", None),
    ("Dev environment for the API", "development"),
    ("A starter kit, not meant for production use.", "development"),
])
def test_statement_role(text, role):
    said = statement_role(text)
    assert (said[0] if said else None) == role


def test_header_is_the_first_paragraph():
    text = "#!/bin/sh\n# syntax=docker/dockerfile:1\n# First part\n# still first\n#\n# second part\nFROM x\n"
    assert header_comment(text) == "First part\nstill first"


def test_readme_intro_stops_at_the_second_heading():
    text = "# Title\n[![badge](x)](y)\nIntro line.\n```sh\nnot intro\n```\n## Usage\nlater\n"
    assert readme_intro(text).split() == ["Title", "Intro", "line."]


def test_readme_intro_reads_the_headings_it_opens_with_as_its_title():
    """A sample's README opens with "## Compose sample application" and a subtitle: that is what the folder is;
    a section heading right after the title ("Installation") is not."""
    sample = ("## Compose sample application\n### React with a NodeJS backend\n\nProject structure:\n"
              "## Deploy with docker compose\nRun it for local development.\n")
    assert readme_intro(sample).split() == "Compose sample application React with a NodeJS backend Project structure:".split()
    assert statement_role(readme_intro(sample))[0] == "example"
    app = "# Shop\n## Installation\nFor local development, run make dev.\n"
    assert readme_intro(app).split() == ["Shop"]


def test_deployments_read_every_source(tmp_path):
    write_tree(tmp_path, {
        "Makefile": "DC := docker compose -f a.yml\nprod:\n\t$(DC) -f b.yml up -d\n",
        "scripts/start-dev.sh": "#!/bin/sh\ndocker compose -f c.yml up\n",
        "Procfile": "web: NODE_ENV=production node server.js\n",
        "infra/app.service": "[Service]\nEnvironment=NODE_ENV=production\nEnvironmentFile=/opt/app/.env\n"
                             "ExecStart=/usr/bin/docker compose -f /opt/app/d.yml up\n",
        "ecosystem.config.js": "module.exports = {apps: [{env_production: {NODE_ENV: 'production'}}]}\n",
        "node_modules/x/Makefile": "prod:\n\tdocker compose -f hidden.yml up\n",
    })
    found = Deployments(tmp_path)
    seen = {(f.use.files, f.role, f.where) for f in found.found}
    assert (("a.yml", "b.yml"), "production", "Makefile:3 target 'prod'") in seen
    assert (("scripts/c.yml",), "development", "scripts/start-dev.sh:2") in seen
    assert (("/opt/app/d.yml",), "production", "infra/app.service:4") in seen
    assert not any("hidden.yml" in f for files, _, _ in seen for f in files)
    supplied = {(s.name, s.value, s.where) for s in found.supplied}
    assert ("NODE_ENV", "production", "Procfile:1") in supplied
    assert ("NODE_ENV", "production", "infra/app.service:2") in supplied
    assert ("NODE_ENV", "production", "ecosystem.config.js:1") in supplied
    assert found.env_files == [("/opt/app/.env", "infra/app.service:3")]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("docker compose -f a.yml|&;()'\"$\\{}=:\n\tbuild --target x")),
               max_size=200))
def test_any_command_text_parses_without_error(text):
    for use in parse(text, {"A": "$A"}):
        assert all(".." not in f.split("/")[1:] for f in use.files if f.startswith("/"))


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=300))
def test_any_evidence_file_reads_without_error(tmp_path_factory, text):
    root = tmp_path_factory.mktemp("deploy")
    write_tree(root, {"Makefile": text, "README.md": text, ".github/workflows/x.yml": text, "package.json": text,
                      "run.sh": text, "ecosystem.config.js": text, "Procfile": text, "a.service": text})
    Deployments(root)


def test_docs_guides_are_read_at_any_depth_but_a_hostile_nesting_costs_nothing(tmp_path):
    # install guides deep in a docs tree are read; other deep pages and translations are not; a folder
    # nested hundreds deep (thousands would pass os.walk's recursion limit) is not walked to its end
    write_tree(tmp_path, {"docs/getting_started/installation/container.md": "x\n",
                          "docs/api/reference/clients/bots.md": "x\n",
                          "docs/locales/zh/getting_started/installation/container.md": "x\n"})
    deep = tmp_path / "docs" / "/".join(["a"] * 300)
    deep.mkdir(parents=True)
    (deep / "install.md").write_text("x\n")
    found = Deployments(tmp_path)._candidates(set())
    assert found == ["docs/getting_started/installation/container.md"]


def test_commands_inside_a_quoted_remote_command():
    line = 'ssh deploy@host "cd /srv/app && docker compose --env-file .env.prod -f docker-compose.prod.yml up -d"'
    assert parse(line, {}) == [Use("compose", ("/srv/app/docker-compose.prod.yml",), action="up",
                                   env_files=("/srv/app/.env.prod",), remote=True, env_kept=frozenset())]


def test_shell_functions_case_branches_and_cd(tmp_path):
    write_tree(tmp_path, {"run.sh": "#!/bin/bash\nFILE=stack.yml\n"
                                    "start_dev() {\n  docker compose -f dev-stack.yml up\n}\n"
                                    "case \"$1\" in\n  prod)\n    cd deploy\n"
                                    "    docker compose -f $FILE up -d\n    ;;\n"
                                    "  test) docker compose -f t.yml run tests ;;\nesac\n"
                                    "docker compose -f other.yml config\n"})
    seen = [(f.use.files, f.role, f.where) for f in Deployments(tmp_path).found]
    assert seen == [(("dev-stack.yml",), "development", "run.sh:4"), (("deploy/stack.yml",), "production", "run.sh:9"),
                    (("deploy/t.yml",), "test", "run.sh:11"), (("deploy/other.yml",), None, "run.sh:13")]


def test_readme_intro_includes_an_about_section():
    text = ("<div align=center><h1>Shop</h1></div>\n\n## About\n\n### What is Shop?\n\nShop is the way to start "
            "local development.\n\n## Requirements\nDocker, and not for production.\n")
    assert readme_intro(text).split() == "About What is Shop? Shop is the way to start local development.".split()


@pytest.mark.parametrize("line", ["prodlint check -f json | -f github", "a && && b ; ; | x", "|", "&&"])
def test_empty_command_segments_name_nothing(line):
    """A pipe or list with an empty side (README shorthand such as `-f json | -f github`) is no command."""
    assert parse(line, {}, "") == []


@pytest.mark.parametrize("shape", ["/*", "//", '"', ",", " /"])
def test_a_workspace_file_is_read_in_linear_time(shape):
    """devcontainer.json is JSONC: its comments are dropped in one pass, so unclosed `/*` runs, lone quotes or
    comma runs cost the file's length (a regex trying each `/*` to the end was quadratic)."""
    from conftest import cpu_seconds
    from linter.evidence.sources import _jsonc

    small, large = cpu_seconds(lambda n: shape * (n * 4), _jsonc)
    assert large < 0.3 + 8 * small, f"{large:.2f} s for the large text ({small:.2f} s for the small)"


def test_a_workspace_file_keeps_strings_that_look_like_comments():
    import json
    from linter.evidence.sources import _jsonc

    text = '// a comment\n{"a": "x//y /* z */", /* b */ "b": [1, 2,], "c": "q\\"r",}'
    assert json.loads(_jsonc(text)) == {"a": "x//y /* z */", "b": [1, 2], "c": 'q"r'}


@pytest.mark.parametrize("line, cwd, expected", [
    ("make start", "", [MakeCall("Makefile", ("start",))]),
    ("make start -C $INSTALL_PATH/ &>>$LOG_FILE", "deploy", [MakeCall("/opt/app/Makefile", ("start",))]),
    ("cd /srv && sudo make -f ops/Makefile -j 4 deploy build", "", [MakeCall("/srv/ops/Makefile", ("deploy", "build"))]),
    ("make -C ../web VERSION=1 release", "tools", [MakeCall("web/Makefile", ("release",))]),
    ("make", "", []),
    ("echo make start", "", []),
    # -O takes its type attached only (`-Oline`): the next word is a target
    ("make -O deploy", "", [MakeCall("Makefile", ("deploy",))]),
    ("make --output-sync deploy", "", [MakeCall("Makefile", ("deploy",))]),
    # a redirection is the shell's, not a target
    ("make deploy > /var/log/deploy.log 2>/dev/null", "", [MakeCall("Makefile", ("deploy",))]),
    ("make deploy >>deploy.log", "", [MakeCall("Makefile", ("deploy",))]),
    # sudo's options with a value, and other wrappers, before make
    ("sudo -u deploy -E make start", "", [MakeCall("Makefile", ("start",))]),
    ("nohup env RELEASE=1 make start", "", [MakeCall("Makefile", ("start",))]),
    ("sudo echo make start", "", []),
])
def test_make_calls(line, cwd, expected):
    assert make_calls(line, {"INSTALL_PATH": "/opt/app"}, cwd) == expected


@pytest.mark.parametrize("line, cwd, expected", [
    ("task start-db", "", [MakeCall("Taskfile.yml", ("start-db",))]),
    ("task -d deploy up migrate", "", [MakeCall("deploy/Taskfile.yml", ("up", "migrate"))]),
    ("task --taskfile ops/Taskfile.yaml up -- --force", "", [MakeCall("ops/Taskfile.yaml", ("up",))]),
    ("cd web && task build", "", [MakeCall("web/Taskfile.yml", ("build",))]),
    ("task", "", []),
    ("echo task start", "", []),
    ("mytask start", "", []),
])
def test_task_calls(line, cwd, expected):
    assert task_calls(line, {}, cwd) == expected


def test_a_deploy_script_running_a_make_target_gives_its_commands_its_role(tmp_path):
    # docker-openwisp: deploy/auto-install.sh clones the repository to /opt/... and runs `make start -C` there;
    # `start` (a target whose name says nothing) and `develop-runtests` both start the default compose file
    write_tree(tmp_path, {
        "Makefile": "develop-runtests:\n\tdocker compose up -d\n\nstart: pull\n"
                    "\tdocker --log-level WARNING compose up -d\n\npull:\n\tdocker compose -f extra.yml pull\n",
        "deploy/auto-install.sh": "#!/bin/bash\nexport INSTALL_PATH=/opt/app/repo\n"
                                  "make start -C $INSTALL_PATH/ &>>$LOG_FILE\n",
        "scripts/helper.sh": "#!/bin/sh\nmake start\n",
    })
    seen = {(f.use.files, f.role, f.where) for f in Deployments(tmp_path).found}
    assert (("",), "production", "deploy/auto-install.sh:3 (`make start`: Makefile:5 target 'start')") in seen
    assert (("extra.yml",), "production", "deploy/auto-install.sh:3 (`make pull`: Makefile:8 target 'pull')") in seen
    assert (("",), "development", "Makefile:2 target 'develop-runtests'") in seen
    # a caller whose context says nothing adds nothing; the target's own commands stay as they were
    assert (("",), None, "Makefile:5 target 'start'") in seen
    assert len([s for s in seen if s[1] == "production"]) == 2


def test_a_make_call_for_development_leaves_a_target_named_for_production_alone(tmp_path):
    write_tree(tmp_path, {
        "Makefile": "prod:\n\tdocker compose -f prod.yml up -d\nup:\n\tdocker compose up\n",
        "scripts/dev.sh": "#!/bin/sh\nmake prod up\n",
    })
    seen = {(f.use.files, f.role, f.where) for f in Deployments(tmp_path).found}
    assert (("prod.yml",), "production", "Makefile:2 target 'prod'") in seen
    assert (("",), "development", "scripts/dev.sh:2 (`make up`: Makefile:4 target 'up')") in seen
    assert not any(files == ("prod.yml",) and role == "development" for files, role, _ in seen)


def test_two_make_calls_on_one_line_each_give_their_targets_the_role(tmp_path):
    """`make pull && make start` on one line of a deployment script: both calls name the same Makefile from the
    same place, and the second was passed over as already followed."""
    write_tree(tmp_path, {
        "Makefile": "pull:\n\tdocker compose -f pull.yml pull\n\nstart:\n\tdocker compose -f run.yml up -d\n",
        "deploy/install.sh": "#!/bin/bash\nmake pull && make start\n",
    })
    seen = {(f.use.files, f.role) for f in Deployments(tmp_path).found}
    assert (("pull.yml",), "production") in seen and (("run.yml",), "production") in seen


def test_a_hostile_taskfile_names_nothing_and_costs_little(tmp_path):
    """An alias bomb, a tag asking for a Python object and a malformed Taskfile are read as naming nothing."""
    import time
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)) + "tasks:\n  up:\n    cmds: *u\n"
    for text in (bomb, "tasks: !!python/object/apply:os.system ['true']\n", "tasks: [unclosed\n"):
        (tmp_path / "Taskfile.yml").write_text(text)
        (tmp_path / "README.md").write_text("## Production\n\n```sh\ntask up\n```\n")
        (tmp_path / "docker-compose.yml").write_text("services:\n  api:\n    image: example/api:1.0\n")
        start = time.perf_counter()
        found = Deployments(tmp_path).found
        assert time.perf_counter() - start < 5
        assert [f for f in found if "Taskfile" in f.where] == []


@pytest.mark.parametrize("spec", [
    "deps: 5\n    cmds: [docker compose up]",
    "deps: {task: up}\n    cmds: [docker compose up]",
    "deps: [{task: 5}, null, 3]\n    cmds: [{cmd: 5}, {task: [1]}, null, docker compose up]",
    "dir: 5\n    cmds: docker compose up",
])
def test_a_taskfile_of_unexpected_types_is_read_for_what_it_holds(tmp_path, spec):
    """A task's fields of another type than go-task's (a number for `deps`) crashed the whole run."""
    write_tree(tmp_path, {"Taskfile.yml": f"tasks:\n  up:\n    {spec}\n",
                          "README.md": "## Production\n\n```sh\ntask up\n```\n"})
    found = Deployments(tmp_path).found
    assert all(f.use.files == ("",) for f in found if "Taskfile" in f.where)


def test_makefile_macros_expand_boundedly():
    from linter.evidence.sources import _called
    macros = {"compose": ["@echo using", "docker compose -f $(1) $(2)"], "up": ["$(call compose,dev.yml,up -d)"]}
    assert _called("$(call up)", macros)[0] == ["@echo using", "docker compose -f dev.yml up -d"]
    assert _called("$(call unknown,x)", macros)[0] == ["$(call unknown,x)"]
    assert _called("$(call up)", macros, budget=0)[0] == ["$(call up)"]  # the Makefile's budget spent
    # macros calling each other 64 times over, ten levels deep: a few lines, at once
    hostile = {f"m{i}": [f"$(call m{i + 1},x)"] * 64 for i in range(10)}
    assert len(_called("$(call m0)", hostile)[0]) <= 64


def test_a_macro_argument_repeated_in_the_body_is_not_multiplied_without_bound():
    """`$(1)` written thousands of times in a macro and a long argument: each use copied the argument (5,000 uses
    of 20 kB made 100 MB of one line; a 2 MiB Makefile's could not be held). An expansion longer than a command
    line is left as the call."""
    from linter.evidence.sources import _called
    line = "$(call A," + "x" * 20000 + ")"
    out, _ = _called(line, {"A": ["$(1)" * 5000]})
    assert out == [line]


def test_a_makefile_whose_every_line_calls_a_long_macro_costs_what_its_lines_do(tmp_path):
    """160,000 recipe lines each calling a 64-line macro made ten million commands (minutes on a 2 MiB
    Makefile): the expansion steps of a Makefile's macros are bounded, past which a call is read as its line."""
    import time
    from linter.evidence import sources
    body = "\n".join(["\tdocker compose -f docker-compose.yml up $(1)"] * 64)
    text = "define A\n" + body + "\nendef\n\nall:\n" + "\t$(call A,x)\n" * 20000
    deployments = sources.Deployments.__new__(sources.Deployments)
    calls = []
    deployments._line = lambda line, *a, **k: calls.append(line)
    deployments.found, deployments._target_found, deployments._target_deps = [], {}, {}
    start = time.perf_counter()
    deployments._makefile("Makefile", text, "")
    assert time.perf_counter() - start < 5
    assert len(calls) <= 20000 + 64 * sources._MACRO_STEPS // 64 + 64
    assert calls[0] == "docker compose -f docker-compose.yml up x"


def test_just_interpolations_are_found_in_linear_time():
    """`\\{\\{.*?\\}\\}` scanned to the end of the line from every `{{` that is never closed: 40 kB of `{` took
    twelve seconds, a 2 MiB justfile line hours."""
    import time
    from linter.evidence.sources import _without_interpolations
    assert _without_interpolations("run {{args}} and {{ if a { 'b' } else { 'c' } }} {{open") == \
        "run $JUST and $JUST {{open"
    start = time.perf_counter()
    _without_interpolations("{{" * (1 << 20))
    assert time.perf_counter() - start < 1


def test_a_variable_bomb_in_a_shell_script_expands_to_a_bounded_length(tmp_path):
    """`B=$A$A...` over a long A, then lines of `$B$B...`: each line expanded to 50 MB (twice: for its commands,
    and for the install-script reader's copies), a 2 MiB install.sh ran for more than ten minutes. Past a
    length no command line has, a variable is left unexpanded."""
    import time
    from linter.evidence import commands
    variables = {"A": "x" * 1000}
    variables["B"] = commands.expand("$A" * 1000, variables)
    assert len(variables["B"]) <= 4 * commands.MAX_LINE
    assert len(commands.expand("cp a.yml " + "$B" * 50, variables)) <= 4 * commands.MAX_LINE + 200
    assert commands.expand("cp $SRC $DEST", {"SRC": "a.yml", "DEST": "docker-compose.yml"}) == \
        "cp a.yml docker-compose.yml"
    script = "#!/bin/sh\nA=" + "x" * 1000 + "\nB=" + "$A" * 1000 + "\n" + \
        ("cp docker-compose.template.yml " + "$B" * 50 + "\n") * 2000
    write_tree(tmp_path, {"install.sh": script, "docker-compose.template.yml": "services: {}\n"})
    start = time.perf_counter()
    Deployments(tmp_path)
    assert time.perf_counter() - start < 5
