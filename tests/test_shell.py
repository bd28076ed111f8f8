"""linter.model.shell: words, operators and simple commands of a Dockerfile RUN, never executed."""
from linter.model import shell


def names(script):
    return [c.name for c in shell.split(script)]


def test_operators_split_commands_with_or_without_spaces():
    assert names("a&&b||c;d|e & f") == ["a", "b", "c", "d", "e", "f"]
    cmds = shell.split("a | b")
    assert cmds[0].after == "|" and cmds[1].before == "|" and shell.has_pipe(cmds)
    assert not shell.has_pipe(shell.split("a || b"))


def test_quotes_and_escapes_are_removed_like_sh():
    cmd = shell.split("""x "a b" 'c d' e\\ f "g\\"h" \\*""")[0]
    assert cmd.args == ["a b", "c d", "e f", 'g"h', "*"]


def test_unclosed_quote_takes_the_rest_instead_of_raising():
    cmd = shell.split("A='x\\'' npm ci")[0]
    assert cmd.words == [] and cmd.env() == {"A": "x\\ npm ci"}


def test_substitutions_stay_in_their_word():
    assert shell.split("echo $(a; b) `c;d` ${x:-;}")[0].args == ["$(a; b)", "`c;d`", "${x:-;}"]


def test_assignments_redirections_and_comments():
    cmd = shell.split("A=1 B='2' tool -x 2>/dev/null > out.txt # note")[0]
    assert cmd.name == "tool" and cmd.args == ["-x"] and cmd.env() == {"A": "1", "B": "2"}


def test_redirect_targets_are_kept_and_process_substitution_is_one_word():
    cmd = shell.split("curl -fsSL https://example.com/i.sh > /tmp/i.sh 2>&1")[0]
    assert cmd.args == ["-fsSL", "https://example.com/i.sh"] and cmd.redirects == [(">", "/tmp/i.sh"), (">&", "1")]
    cmds = shell.split('sudo bash <(curl -Ls "https://example.com/x.sh") && diff <(a) >(b)')
    assert [c.name for c in cmds] == ["bash", "diff"]
    assert cmds[0].args == ['<(curl -Ls "https://example.com/x.sh")'] and cmds[1].args == ["<(a)", ">(b)"]


def test_wrappers_are_peeled_and_remembered():
    cmd = shell.split("sudo -u app env FOO=1 /usr/bin/apt-get install x")[0]
    assert cmd.name == "apt-get" and cmd.wrappers == ["sudo", "env"] and cmd.env() == {"FOO": "1"}


def test_a_wait_script_runs_the_command_after_its_double_dash():
    cmd = shell.commands_of(["/app/wait-for-it.sh", "db:5432", "-t", "60", "--", "uvicorn", "main:app", "--reload"])[0]
    assert cmd.name == "uvicorn" and cmd.args == ["main:app", "--reload"] and cmd.wrappers == ["wait-for-it.sh"]
    # without `--` the script only waits: it is the command
    assert shell.split("./wait-for-it.sh db:5432")[0].name == "wait-for-it.sh"


def test_keywords_and_subshells():
    cmds = shell.split("if [ -n x ]; then cd a; fi && (cd b && make)")
    assert [(c.name, c.depth) for c in cmds] == [("[", 0), ("cd", 0), ("cd", 1), ("make", 1)]


def test_sh_c_scripts_are_read_as_nested_commands():
    cmds = shell.split("bash -c 'curl -k x | tar x'")
    assert [(c.name, c.nested) for c in cmds] == [("bash", False), ("curl", True), ("tar", True)]
    assert [c.name for c in shell.commands_of(["/bin/sh", "-c", "npm install"])] == ["sh", "npm"]


def test_flags_grouped_short_letters_and_values():
    curl = shell.split("curl -fsSLk https://x")[0]
    assert curl.has_flag("--insecure", short="k", short_values="o")
    assert not shell.split("curl -ok https://x")[0].has_flag("--insecure", short="k", short_values="o")
    assert shell.split("npm ci --omit=dev")[0].flag_value("--omit") == "dev"
    assert shell.split("apk add --virtual .deps gcc")[0].positional({"--virtual"}) == ["add", "gcc"]


def test_pipefail_set_before_the_pipe():
    cmds = shell.split("set -euxo pipefail; a | b")
    assert shell.sets_pipefail(cmds, cmds[1])
    cmds = shell.split("a | b; set -o pipefail")
    assert not shell.sets_pipefail(cmds, cmds[0])


def test_node_installs():
    npm = shell.node_install(shell.split("NODE_ENV=production npm i")[0])
    assert npm.tool == "npm" and not npm.frozen and npm.omits_dev and npm.packages == []
    assert shell.node_install(shell.split("npm ci --omit dev")[0]).omits_dev
    assert shell.node_install(shell.split("npm install -g pm2@5")[0]).global_
    assert shell.node_install(shell.split("yarn")[0]).tool == "yarn"
    assert shell.node_install(shell.split("yarn build")[0]) is None
    assert shell.prunes_dev(shell.split("npm prune --omit=dev")[0])


def test_scripts_dev_servers_and_builds():
    assert shell.script_call(shell.split("npm run start:prod")[0]) == "start:prod"
    assert shell.script_call(shell.split("yarn dev")[0]) == "dev"
    assert shell.dev_server(shell.split("npx vite --host")[0]) == "vite"
    assert shell.dev_server(shell.split("vite build")[0]) is None
    assert shell.dev_server(shell.split("python manage.py runserver 0:8000")[0]) == "manage.py runserver"
    assert shell.build_step(shell.split("go build -o app .")[0]) == "go build"
    assert shell.build_step(shell.split("npx tsc --noEmit")[0]) is None
