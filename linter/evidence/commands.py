"""Deployment commands read as text: which compose files `docker compose -f … -f …` combines, which
Dockerfile and stage `docker build -f … --target …` builds, what `docker stack deploy -c …` deploys.

Commands are split the way a shell would split them (never run); variables the same file assigns
(`COMPOSE = docker compose -f a.yml`, `COMPOSE_FILE=a.yml:b.yml`) are substituted first.
"""
from __future__ import annotations

import posixpath
import re
import shlex

from ..lazyre import lazy
from ..record import NamedTuple

_VAR = lazy(r"\$\((\w+)\)|\$\{(\w+)(?::?[-=]([^}]*))?\}|\$(\w+)")
_SUBSTITUTION = lazy(r"\$\((?:[^()]|\([^()]*\))*\)")
_SEPARATORS = {"&&", "||", ";", "|", "&", "(", ")", "then", "do", "else", "{", "}"}
_COMPOSE_OPTS_WITH_VALUE = {"-p", "--project-name", "--profile", "--project-directory", "--ansi",
                            "--progress", "--parallel", "-c", "--context", "-H", "--host", "--log-level"}
_BUILD_OPTS_WITH_VALUE = {"-t", "--tag", "--build-arg", "--platform", "--label", "--cache-from", "--cache-to",
                          "--secret", "--ssh", "--network", "--output", "-o", "--builder", "--progress", "--iidfile",
                          "--metadata-file", "--add-host", "--build-context", "--shm-size", "--ulimit", "--memory",
                          "-m", "--attest", "--provenance", "--sbom", "--annotation", "--allow", "--load-from"}
MAX_LINE = 4000
# programs that print their arguments: a command in their text is a message (`echo "run docker compose up"`)
_PRINTS = {"echo", "printf", "print", "log", "info", "warn", "error", "die", "say", "notify", ":"}
_REMOTE = ("ssh", "sshpass", "autossh")


# a NamedTuple, not a frozen dataclass: cheaper to import and to build (docs/architecture.md, "Records")
class Use(NamedTuple):
    """One deployment command: compose files combined (in -f order), or a Dockerfile built."""
    tool: str  # "compose" | "stack" | "build"
    files: tuple[str, ...]  # as resolved against the command's directory, posix, relative to the root
    target: str | None = None  # the build stage (`--target`)
    action: str | None = None  # compose subcommand: up, run, build, config, ...
    push: bool = False  # the image is published
    default_files: bool = False  # no -f: compose reads its default file(s) in the directory
    env_files: tuple[str, ...] = ()  # compose --env-file
    remote: bool = False  # run on another host (`ssh host "docker compose ..."`): a deployment
    tags: tuple[str, ...] = ()  # the names a build gives its image (`-t repo:tag`)
    # the caller's variables that reach the command: None for all of them; fewer when it runs on another host
    # (ssh: none) or under a wrapper that resets the environment (sudo: none, or those --preserve-env lists)
    env_kept: frozenset | None = None
    context: str | None = None  # the build context a command names (`docker build -f x/Dockerfile .`), as resolved
    # compose options the text cannot show (`-f base.yml "${OVERRIDES[@]}" up`, an array or a variable left
    # unexpanded): the files named may be only part of the combination
    partial: bool = False
    # names a build passes with `--build-arg NAME[=value]`; "*" where the source's arguments are not read
    # (a CI action's or a workspace's `build-args` block)
    build_args: tuple[str, ...] = ()


# how long expansion may make a text: longer than any command line read (MAX_LINE), shorter than what a hostile
# script's variables spell (`B=$A$A...` over a long A, then lines of `$B$B...`: 50 MB a line, minutes a script)
_MAX_EXPANDED = 4 * MAX_LINE


def expand(text: str, variables: dict[str, str], depth: int = 3) -> str:
    """The text with the variables it reads replaced by their values (and `${X:-default}` by the default), a few
    levels deep; a variable whose value would make the text longer than _MAX_EXPANDED is left as written."""
    for _ in range(depth):
        if "$" not in text:
            break
        room = [_MAX_EXPANDED - len(text)]

        def sub(m: re.Match) -> str:
            name = m.group(1) or m.group(2) or m.group(4)
            if name in variables:
                value = variables[name]
            elif m.group(3) is not None:
                value = m.group(3)
            else:
                return m.group(0)
            if len(value) - len(m.group(0)) > room[0]:
                return m.group(0)
            room[0] -= len(value) - len(m.group(0))
            return value
        new = _VAR.sub(sub, text)
        if new == text:
            break
        text = new
    return text


def _words(line: str) -> list[str]:
    line = line[:MAX_LINE].replace("\\\n", " ")
    try:
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|()")
        lexer.whitespace_split = True
        lexer.commenters = "#"
        return list(lexer)
    except ValueError:  # an unbalanced quote: split on blanks
        return line.split()


def _segments(words: list[str]):
    current: list[str] = []
    for word in words:
        if word in _SEPARATORS or set(word) <= set(";&|()"):
            if current:
                yield current
            current = []
        else:
            current.append(word)
    if current:
        yield current


def _option(words: list[str], i: int, names: tuple[str, ...]) -> tuple[str | None, int]:
    """The value of an option at words[i] (`-f x`, `--file=x`, `-fx`), and how many words it takes."""
    word = words[i]
    for name in names:
        if word == name:
            return (words[i + 1], 2) if i + 1 < len(words) else (None, 1)
        if name.startswith("--") and word.startswith(name + "="):
            return word[len(name) + 1:], 1
        if not name.startswith("--") and word.startswith(name) and len(word) > len(name) and word[len(name)] != "-":
            return word[len(name):], 1
    return None, 0


def parse(line: str, variables: dict[str, str], cwd: str = "", depth: int = 0) -> list[Use]:
    """Every docker command in one logical command line; file paths resolved against ``cwd`` (a posix
    path relative to the repository root, '' for the root)."""
    if "$" in line:
        line = expand(line, variables)
        # what is left unexpanded, a command substitution or make's `$(shell ...)`, is one word whose value is
        # unknown: its parentheses must not end the command (`docker build -t app:$(git rev-parse HEAD) .`)
        line = _SUBSTITUTION.sub("${_}", line)
    if "docker" not in line and "podman" not in line and "compose" not in line:
        return []
    out = []
    env = dict(variables)
    for seg in _segments(_words(line)):
        # assignments before a command apply to it: COMPOSE_FILE=a.yml:b.yml docker compose up
        while seg and re.match(r"^[A-Za-z_]\w*=", seg[0]):
            name, _, value = seg[0].partition("=")
            env[name] = value
            seg = seg[1:]
        if seg and seg[0] in ("export", "env"):
            words = [w for w in seg[1:] if not w.startswith("-")]
            for word in words:
                if "=" in word:
                    name, _, value = word.partition("=")
                    env[name] = value
            if seg[0] == "export" or all("=" in w for w in words):
                continue  # `env A=1 docker compose up` runs the command after them
        if len(seg) >= 2 and seg[0] == "cd":
            cwd = join_path(cwd, seg[1])
            continue
        if seg and seg[0] in _PRINTS:
            continue  # `echo "Disabled docker-compose up at end"`: a message about a command, not one
        for start in range(len(seg)):
            if seg[start].startswith("["):
                # a usage synopsis, `Usage: ./dev.sh [options] [docker-compose up args]`: what follows an
                # opening bracket in the same command is text about arguments, not a command
                break
            use = _use_at(seg, start, env, cwd)
            if use is not None:
                if any(posixpath.basename(w) in _REMOTE for w in seg[:start]):
                    use = use._replace(remote=True)  # ssh host docker compose up -d, unquoted
                out.append(_kept(use, _env_kept(seg[:start])))
                break
        else:
            # a command handed to another as one string: ssh host "cd /srv/app && docker compose ... up -d",
            # sh -c '...'
            remote = bool(seg) and posixpath.basename(seg[0]) in _REMOTE
            for i, word in enumerate(seg[1:], 1):
                if " " in word and ("docker" in word or "compose" in word) and depth < 2:
                    inner = parse(word, variables, cwd, depth + 1)
                    # the server's shell starts with its own environment: none of the caller's variables
                    kept = frozenset() if remote else _env_kept(seg[:i])
                    out.extend(_kept(u._replace(remote=True) if remote else u, kept) for u in inner)
    return out


def _env_kept(wrappers: list[str]) -> frozenset | None:
    """Which of the caller's variables the words before a command let through: sudo resets the environment
    unless -E / --preserve-env (all, or the names listed) keeps it, and `env -i` empties it. None: all."""
    kept = None
    for i, word in enumerate(wrappers):
        name = posixpath.basename(word)
        if name in _REMOTE:
            return frozenset()  # the server's shell starts with its own environment
        if name in ("sudo", "doas"):
            options = [w for w in wrappers[i + 1:] if w.startswith("-")]
            listed = [w.partition("=")[2] for w in options if w.startswith("--preserve-env=")]
            if "-E" in options or "--preserve-env" in options or any(
                    o.startswith("-") and not o.startswith("--") and "E" in o for o in options):
                continue
            names = frozenset(n for value in listed for n in value.split(",") if n)
            kept = names if kept is None else kept & names
        elif name == "env" and any(w in ("-i", "--ignore-environment", "-") for w in wrappers[i + 1:]):
            kept = frozenset()
    return kept


def _kept(use: Use, kept: frozenset | None) -> Use:
    if kept is None:
        return use
    return use._replace(env_kept=kept if use.env_kept is None else use.env_kept & kept)


class MakeCall(NamedTuple):
    """`make [-C dir] [-f file] target ...`: the Makefile a command runs and the targets it asks for."""
    makefile: str  # as resolved against the command's directory (absolute when the text names a server's)
    targets: tuple[str, ...]


# (-O/--output-sync takes its type attached only: `make -O deploy` names the target deploy)
_MAKE_OPTS_WITH_VALUE = {"-j", "--jobs", "-l", "--load-average", "-o", "--old-file", "-W", "--what-if",
                         "-I", "--include-dir"}
# what may run make for the caller (`sudo -u deploy make start`, `nohup env X=1 make start`), and sudo's options
# that take the next word
_MAKE_WRAPPERS = {"sudo", "doas", "env", "nohup", "nice", "time", "exec", "command"}
_SUDO_WITH_VALUE = {"-u", "--user", "-g", "--group", "-C", "--close-from", "-D", "--chdir", "-h", "--host",
                    "-p", "--prompt", "-r", "--role", "-t", "--type", "-U", "--other-user", "-T", "--command-timeout",
                    "-R", "--chroot"}
# a shell redirection (`> log`, `2>/dev/null`, `>>deploy.log`): the operator, and its file when written apart
_REDIRECT = lazy(r"^\d*(?:>>?|<<?|>&|<&)")


def _runner_segments(line: str, variables: dict[str, str], cwd: str, programs: tuple[str, ...]):
    """(words after the program, the directory it runs in) for each command of one logical line that runs one
    of ``programs`` (a task runner), past leading `VAR=x` assignments and wrappers (`sudo -u deploy -E`,
    `nohup env X=1`); a `cd` before it moves the commands after it."""
    if "$" in line:
        line = _SUBSTITUTION.sub("${_}", expand(line, variables))
    for seg in _segments(_words(line)):
        while seg and re.match(r"^[A-Za-z_]\w*=", seg[0]):
            seg = seg[1:]
        if len(seg) >= 2 and seg[0] == "cd":
            cwd = join_path(cwd, seg[1])
            continue
        while seg and posixpath.basename(seg[0]) in _MAKE_WRAPPERS:
            seg = seg[1:]
            while seg and (seg[0].startswith("-") or re.match(r"^[A-Za-z_]\w*=", seg[0])):
                seg = seg[2:] if seg[0] in _SUDO_WITH_VALUE else seg[1:]
        if seg and posixpath.basename(seg[0]) in programs:
            yield seg, cwd


def _runner_call(seg: list[str], cwd: str, dir_options: tuple[str, ...], file_options: tuple[str, ...],
                 default_file: str, skip) -> MakeCall | None:
    """The file and targets one task-runner command names (`make -C web -f ops.mk deploy`); ``skip(seg, i)``
    says how many words at i are the runner's own (0: a target or option, -1: nothing after is a target)."""
    directory, file, targets, i = "", default_file, [], 1
    while i < len(seg):
        value, taken = _option(seg, i, dir_options)
        if taken:
            directory = join_path(directory, value or "")
        else:
            value, taken = _option(seg, i, file_options)
            file = (value or file) if taken else file
        taken = taken or skip(seg, i)
        if taken < 0:
            break
        if taken:
            i += taken
            continue
        word = seg[i]
        if not word.startswith("-") and "=" not in word and "$" not in word and word.strip():
            targets.append(word)
        i += 1
    if not targets:
        return None
    base = directory if directory.startswith("/") else join_path(cwd, directory)
    return MakeCall(join_path(base, file), tuple(targets))


def _make_skip(seg: list[str], i: int) -> int:
    """A shell redirection (`> log`), and make's options that take the next word (`-j 4`, `-o file`)."""
    word = seg[i]
    redirect = _REDIRECT.match(word)
    if redirect:
        return 2 if redirect.end() == len(word) else 1
    if word in _MAKE_OPTS_WITH_VALUE and i + 1 < len(seg) and not seg[i + 1].startswith("-"):
        return 2 if word not in ("-j", "-l") or seg[i + 1].replace(".", "").isdigit() else 1
    return 0


def _task_skip(seg: list[str], i: int) -> int:
    """go-task passes the words after `--` to the task (CLI_ARGS); a redirection is the shell's."""
    return -1 if seg[i] == "--" or _REDIRECT.match(seg[i]) else 0


def make_calls(line: str, variables: dict[str, str], cwd: str = "") -> list[MakeCall]:
    """Every `make` (or `gmake`) invocation naming targets in one logical command line. A deployment script
    that runs `make start -C /opt/app` runs that target's commands: which of the Makefile's commands ship is
    said by the script that calls them, not only by the target's name."""
    if "make" not in line:
        return []
    calls = (_runner_call(seg, here, ("-C", "--directory"), ("-f", "--file", "--makefile"), "Makefile", _make_skip)
             for seg, here in _runner_segments(line, variables, cwd, ("make", "gmake")))
    return [call for call in calls if call is not None]


def task_calls(line: str, variables: dict[str, str], cwd: str = "") -> list[MakeCall]:
    """Every go-task invocation (`task start-db`, `task -d deploy up`, `task --taskfile ops/Taskfile.yml up`):
    the task file it runs and the tasks it names, read as `make` calls are."""
    if "task" not in line:
        return []
    calls = (_runner_call(seg, here, ("-d", "--dir"), ("-t", "--taskfile"), "Taskfile.yml", _task_skip)
             for seg, here in _runner_segments(line, variables, cwd, ("task", "go-task")))
    return [call for call in calls if call is not None]


def join_path(cwd: str, path: str) -> str:
    """``path`` against the command's directory; an absolute path (a server's) stays absolute: which file of
    the repository it is, the caller guesses from its tail."""
    path = path.strip()
    if path.startswith("~"):
        path = "/" + path.lstrip("~").lstrip("/")  # a home folder on a server: as absolute as any other
    if path.startswith("/"):
        return posixpath.normpath(path)
    joined = posixpath.normpath(posixpath.join(cwd, path)) if path else cwd
    return "" if joined == "." else joined


def _use_at(seg: list[str], i: int, env: dict[str, str], cwd: str) -> Use | None:
    word = posixpath.basename(seg[i])
    rest = seg[i + 1:]
    if word in ("docker-compose", "podman-compose"):
        return _compose(rest, env, cwd)
    if word in ("docker", "podman") and rest:
        rest, remote = _after_global_options(rest)
        if not rest:
            return None
        if rest[0] == "compose":
            use = _compose(rest[1:], env, cwd)
            return use._replace(remote=True) if use is not None and remote else use
        if rest[0] == "stack" and len(rest) > 1 and rest[1] in ("deploy", "up"):
            files = []
            j = 2
            while j < len(rest):
                value, took = _option(rest, j, ("--compose-file", "-c"))
                if took:
                    if value:
                        files.append(join_path(cwd, value))
                    j += took
                else:
                    j += 1
            return Use("stack", tuple(files), action="deploy") if files else None
        if rest[0] == "build" or rest[:2] in (["buildx", "build"], ["image", "build"], ["builder", "build"]):
            return _build(rest[2:] if rest[0] != "build" else rest[1:], cwd)
    return None


# the docker CLI's own options, written before its subcommand (`docker --log-level WARNING compose up -d`,
# `docker -H ssh://host compose up`, `docker --context prod stack deploy`)
_DOCKER_GLOBAL_WITH_VALUE = {"--log-level", "-l", "--context", "-c", "--host", "-H", "--config", "--tlscacert",
                             "--tlscert", "--tlskey", "--url"}


def _after_global_options(words: list[str]) -> tuple[list[str], bool]:
    """The words from the subcommand on, and whether the options point the CLI at another engine (`-H
    ssh://host`, `--context prod`): a command run there deploys, like one run over ssh."""
    j, remote = 0, False
    while j < len(words) and words[j].startswith("-"):
        word = words[j]
        name, _, inline = word.partition("=")
        if name in ("-H", "--host", "--context", "-c"):
            value = inline or (words[j + 1] if j + 1 < len(words) else "")
            remote = remote or value not in ("", "default") and not value.startswith(("unix://", "npipe://"))
        j += 2 if word in _DOCKER_GLOBAL_WITH_VALUE else 1
    return words[j:], remote


def _compose(words: list[str], env: dict[str, str], cwd: str) -> Use | None:
    files: list[str] = []
    env_files: list[str] = []
    action = None
    project_dir = cwd
    partial = False
    j = 0
    while j < len(words):
        value, took = _option(words, j, ("--env-file",))
        if took:
            if value:
                env_files.append(join_path(cwd, value))
            j += took
            continue
        value, took = _option(words, j, ("--file", "-f"))
        if took:
            if value:
                files.append(value)
            j += took
            continue
        value, took = _option(words, j, ("--project-directory",))
        if took:
            if value:
                project_dir = join_path(cwd, value)
            j += took
            continue
        word = words[j]
        if word.startswith("-"):
            j += 2 if word in _COMPOSE_OPTS_WITH_VALUE else 1
            continue
        if word.startswith("$"):
            partial = True
            j += 1
            continue
        action = word
        break
    default = not files
    if default and env.get("COMPOSE_FILE"):
        separator = env.get("COMPOSE_PATH_SEPARATOR") or (";" if ";" in env["COMPOSE_FILE"] else ":")
        files = [f for f in env["COMPOSE_FILE"].split(separator) if f]
        default = not files
    if action is None and not files:
        return None
    resolved = tuple(join_path(project_dir if not f.startswith("/") else "", f) for f in files if f != "-")
    return Use("compose", resolved if not default else (project_dir,), action=action, default_files=default,
               env_files=tuple(env_files), partial=partial)


def _build(words: list[str], cwd: str) -> Use | None:
    dockerfile = target = context = None
    push = False
    tags: list[str] = []
    build_args: list[str] = []
    j = 0
    while j < len(words):
        value, took = _option(words, j, ("--tag", "-t"))
        if took:
            tags += [value] if value else []
            j += took
            continue
        value, took = _option(words, j, ("--build-arg",))
        if took:
            build_args += [value.split("=", 1)[0]] if value else []
            j += took
            continue
        value, took = _option(words, j, ("--file", "-f"))
        if took:
            dockerfile = value
            j += took
            continue
        value, took = _option(words, j, ("--target",))
        if took:
            target = value
            j += took
            continue
        value, took = _option(words, j, ("--output", "-o"))
        if took:
            # buildx's exporter: `--output "type=registry,name=org/app:1"` (or `type=image,...,push=true`)
            # publishes the image as surely as `--push`
            options = [o.strip().lower() for o in (value or "").split(",")]
            push = push or "type=registry" in options or "push=true" in options
            j += took
            continue
        word = words[j]
        if word == "--push" or word == "--push=true":
            push = True
        if word.startswith("-"):
            j += 2 if word in _BUILD_OPTS_WITH_VALUE else 1
            continue
        context = word if context is None else context
        j += 1
    base = join_path(cwd, context) if context and "://" not in context else cwd
    if dockerfile is None:
        dockerfile_path = posixpath.join(base, "Dockerfile") if base else "Dockerfile"
    elif dockerfile == "-":
        return None
    else:
        # docker resolves -f against the working directory, not the context
        dockerfile_path = join_path(cwd, dockerfile)
    return Use("build", (dockerfile_path,), target=target, action="build", push=push, tags=tuple(tags),
               context=base if context and "://" not in context else None, build_args=tuple(build_args))
