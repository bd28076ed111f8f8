"""Just enough POSIX shell to read a Dockerfile ``RUN``: words, quotes, operators and simple commands.

It never executes or expands anything. Quotes and backslashes are removed the way ``sh`` removes them,
``$(...)``, backticks and ``${...}`` stay inside the word they appear in, and a script that does not
close a quote still yields words (the rest of the text becomes one word) instead of an error, because
scanned files are untrusted. ``sh -c '...'`` scripts are read as commands too.
"""
from __future__ import annotations

from ..lazyre import lazy
from ..record import Record

SEPARATORS = ("&&", "||", ";;", ";", "|&", "|", "&", "\n", "(", ")")
_REDIRECTS = ("&>>", "&>", ">>", ">&", ">|", "<<<", "<<-", "<<", "<&", "<>", ">", "<")
_KEYWORDS = {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time", "esac",
             "in"}
_ASSIGNMENT = lazy(r"^[A-Za-z_][A-Za-z0-9_]*=")
# Commands that run the command named by their arguments; value-taking options listed per wrapper.
_WRAPPERS = {
    "sudo": {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "--user", "--group"},
    "env": {"-u", "-C", "-S", "--unset", "--chdir"},
    "exec": {"-a"}, "nice": {"-n"}, "nohup": set(), "command": set(), "time": set(), "builtin": set(),
    "eatmydata": set(), "xargs": {"-I", "-n", "-P", "-d", "-L", "-s", "-E", "-a"}, "stdbuf": {"-i", "-o", "-e"},
    "timeout": {"-s", "-k", "--signal", "--kill-after"}, "tini": {"-s", "-e", "-p"}, "dumb-init": {"-r"},
}
_USER_WRAPPERS = {"gosu", "su-exec"}  # first argument is the user
# scripts that wait for a service and then run the command after `--` (`wait-for-it.sh db:5432 -t 60 -- cmd`)
_WAIT_WRAPPERS = {"wait-for-it", "wait-for-it.sh", "wait_for_it.sh", "wait-for", "wait-for.sh"}
_SHELLS = {"sh", "bash", "ash", "dash", "zsh", "ksh"}


class Word(Record):
    """A shell word with its quotes removed, and where it is written."""
    text: str  # quotes removed
    start: int  # offsets in the script
    end: int
    quoted: bool  # some part was quoted: the shell will not split or glob it

    _fields = ("text", "start", "end", "quoted")

    def __init__(self, text, start, end, quoted=False):
        self.text = text
        self.start = start
        self.end = end
        self.quoted = quoted


class Command(Record):
    """One simple command of a script, with what surrounds it."""
    words: list[Word]  # the command name first, then its arguments
    assignments: list[Word]  # NAME=value words before the name
    before: str | None  # separator before this command ("&&", "|", ...); None for the first
    after: str | None
    depth: int  # subshell nesting: (cd x && make) runs at depth 1
    wrappers: list[str]  # sudo, env, ... that were peeled off
    nested: bool  # read from the script of an ``sh -c`` argument
    redirects: list[tuple[str, str]]  # (operator, target): ``> /tmp/x.sh`` is (">", "/tmp/x.sh")

    _fields = ("words", "assignments", "before", "after", "depth", "wrappers", "nested", "redirects")

    def __init__(self, words, assignments=None, before=None, after=None, depth=0, wrappers=None, nested=False,
                 redirects=None):
        self.words = words
        self.assignments = [] if assignments is None else assignments
        self.before = before
        self.after = after
        self.depth = depth
        self.wrappers = [] if wrappers is None else wrappers
        self.nested = nested
        self.redirects = [] if redirects is None else redirects

    @property
    def name(self) -> str:
        """The command's base name (``/usr/bin/apt-get`` -> ``apt-get``)."""
        return self.words[0].text.rsplit("/", 1)[-1] if self.words else ""

    @property
    def args(self) -> list[str]:
        return [w.text for w in self.words[1:]]

    @property
    def piped(self) -> bool:
        return self.before in ("|", "|&") or self.after in ("|", "|&")

    def env(self) -> dict[str, str]:
        return dict(w.text.split("=", 1) for w in self.assignments)

    def has_flag(self, *names: str, short: str = "", short_values: str = "") -> bool:
        """Whether a long option (``--insecure``, also ``--insecure=x``) or a short letter is given.

        Short letters may be grouped (``-Lkv``); a letter listed in ``short_values`` takes the rest of
        its group (or the next word) as its value, so later letters are not options.
        """
        return self.flag_value(*names, short=short, short_values=short_values) is not None

    def flag_value(self, *names: str, short: str = "", short_values: str = "") -> str | None:
        """The value given to an option ("" when it takes none), or None when it is absent."""
        args = self.args
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--":
                return None
            if arg.startswith("--"):
                key, sep, value = arg.partition("=")
                if key in names:
                    return value if sep else ""
            elif arg.startswith("-") and len(arg) > 1 and short:
                for pos, letter in enumerate(arg[1:], start=1):
                    if letter in short:
                        return arg[pos + 1:]
                    if letter in short_values:
                        if pos == len(arg) - 1:
                            i += 1
                        break
            i += 1
        return None

    def positional(self, value_options: set[str] | frozenset = frozenset()) -> list[str]:
        """Arguments that are not options, skipping the values of options in ``value_options``."""
        out = []
        args = self.args
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "--":
                out.extend(args[i + 1:])
                break
            if arg.startswith("-") and len(arg) > 1:
                if arg in value_options and " " not in arg:
                    i += 1
            else:
                out.append(arg)
            i += 1
        return out

    def subcommand(self, value_options: set[str] | frozenset = frozenset()) -> str | None:
        rest = self.positional(value_options)
        return rest[0] if rest else None

    def script(self) -> str | None:
        """The script of ``sh -c 'script'``, or None when this is not a shell running a string."""
        if self.name not in _SHELLS:
            return None
        args = self.args
        for i, arg in enumerate(args):
            if arg.startswith("-") and not arg.startswith("--") and "c" in arg[1:]:
                return args[i + 1] if i + 1 < len(args) else None
            if not arg.startswith("-") and arg not in ("pipefail", "errexit", "nounset", "xtrace"):
                return None
        return None


def tokenize(text: str) -> list[tuple[str, str, int, int, bool]]:
    """(kind, text, start, end, quoted) with kind "word", "op" (a separator) or "redir"."""
    tokens: list[tuple[str, str, int, int, bool]] = []
    i, n = 0, len(text)
    buf: list[str] = []
    start = -1
    quoted = False

    def flush(end: int):
        nonlocal buf, start, quoted
        if start >= 0:
            tokens.append(("word", "".join(buf), start, end, quoted))
        buf, start, quoted = [], -1, False

    while i < n:
        c = text[i]
        if c in " \t\r":
            flush(i)
            i += 1
            continue
        if c == "#" and start < 0:
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c == "\\":
            if start < 0:
                start = i
            if i + 1 < n and text[i + 1] == "\n":
                i += 2
                continue
            buf.append(text[i + 1] if i + 1 < n else "")
            quoted = True
            i += 2
            continue
        if c in "'\"":
            if start < 0:
                start = i
            quoted = True
            i = _quoted(text, i, buf)
            continue
        if c == "$" and i + 1 < n and text[i + 1] in "({":
            if start < 0:
                start = i
            i = _balanced(text, i, buf)
            continue
        if c in "<>" and start < 0 and i + 1 < n and text[i + 1] == "(":
            # process substitution: ``bash <(curl ...)`` passes the inner command's output as a file name
            start = i
            i = _balanced(text, i, buf)
            continue
        if c == "`":
            if start < 0:
                start = i
            j = text.find("`", i + 1)
            j = n - 1 if j < 0 else j
            buf.append(text[i:j + 1])
            i = j + 1
            continue
        redir = next((r for r in _REDIRECTS if text.startswith(r, i)), None) if c in "<>&" else None
        if redir is not None:
            if start >= 0 and "".join(buf).isdigit() and not quoted:
                buf, start = [], -1  # "2>" : the digits name a file descriptor
            flush(i)
            tokens.append(("redir", redir, i, i + len(redir), False))
            i += len(redir)
            continue
        op = next((s for s in SEPARATORS if text.startswith(s, i)), None) if c in "&|;\n()" else None
        if op is not None:
            flush(i)
            tokens.append(("op", op, i, i + len(op), False))
            i += len(op)
            continue
        if start < 0:
            start = i
        buf.append(c)
        i += 1
    flush(n)
    return tokens


def _quoted(text: str, i: int, buf: list[str]) -> int:
    quote = text[i]
    i += 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == quote:
            return i + 1
        if quote == '"' and c == "\\" and i + 1 < n and text[i + 1] in '"\\$`\n':
            if text[i + 1] != "\n":
                buf.append(text[i + 1])
            i += 2
            continue
        buf.append(c)
        i += 1
    return n  # an unclosed quote takes the rest of the script


def _balanced(text: str, i: int, buf: list[str]) -> int:
    opener = text[i + 1]
    closer = ")" if opener == "(" else "}"
    depth = 0
    j = i + 1
    n = len(text)
    while j < n:
        c = text[j]
        if c == opener:
            depth += 1
        elif c == closer:
            depth -= 1
            if depth == 0:
                break
        elif c in "'\"":
            j = _quoted(text, j, []) - 1
        j += 1
    buf.append(text[i:j + 1])
    return j + 1


def split(text: str, *, expand: int = 2) -> list[Command]:
    """The simple commands of a script, in order, with wrappers (sudo, env, ...) peeled off.

    ``expand`` levels of ``sh -c 'script'`` are read as commands too (they follow the shell that runs them).
    """
    commands: list[Command] = []
    words: list[Word] = []
    before: str | None = None
    depth = 0
    redirect: str | None = None  # the operator whose target is the next word
    redirects: list[tuple[str, str]] = []

    def close(sep: str | None):
        nonlocal words, before, redirects
        if words:
            cmd = _build(words, before, depth)
            if cmd is not None:
                cmd.after = sep
                cmd.redirects = redirects
                commands.append(cmd)
        words = []
        redirects = []
        before = sep

    for kind, value, start, end, quoted in tokenize(text):
        if kind == "redir":
            redirect = value
            continue
        if kind == "op":
            if value == "(":
                close(before)
                depth += 1
                continue
            if value == ")":
                close(before)
                depth = max(0, depth - 1)
                continue
            close(value)
            continue
        if redirect is not None:
            redirects.append((redirect, value))
            redirect = None
            continue
        words.append(Word(value, start, end, quoted))
    close(None)
    if expand > 0:
        out: list[Command] = []
        for cmd in commands:
            out.append(cmd)
            script = cmd.script()
            if script:
                for inner in split(script, expand=expand - 1):
                    inner.nested = True
                    inner.depth += cmd.depth
                    inner.wrappers = cmd.wrappers + [cmd.name] + inner.wrappers
                    span = next((w for w in cmd.words if w.text == script), cmd.words[-1])
                    for w in inner.words + inner.assignments:
                        w.start, w.end = span.start, span.end
                    out.append(inner)
        commands = out
    return commands


def _build(words: list[Word], before: str | None, depth: int) -> Command | None:
    words = list(words)
    while words and words[0].text in _KEYWORDS and not words[0].quoted:
        words.pop(0)
    assignments = []
    while words and _ASSIGNMENT.match(words[0].text):
        assignments.append(words.pop(0))
    if words and words[0].text in ("for", "case", "select", "function"):
        return None
    wrappers = []
    while words:
        name = words[0].text.rsplit("/", 1)[-1]
        if name in _WRAPPERS:
            values = _WRAPPERS[name]
            rest = words[1:]
            while rest:
                text = rest[0].text
                if text == "--":
                    rest = rest[1:]
                    break
                if name == "env" and _ASSIGNMENT.match(text):
                    assignments.append(rest[0])
                    rest = rest[1:]
                elif text.startswith("-") and len(text) > 1:
                    rest = rest[2:] if text in values else rest[1:]
                elif name == "timeout" and text[:1].isdigit():
                    rest = rest[1:]
                else:
                    break
            if not rest:
                break
            wrappers.append(name)
            words = rest
        elif name in _USER_WRAPPERS and len(words) > 2:
            wrappers.append(name)
            words = words[2:]
        elif name in _WAIT_WRAPPERS and any(w.text == "--" for w in words[1:-1]):
            wrappers.append(name)
            words = words[next(i for i, w in enumerate(words) if w.text == "--") + 1:]
        else:
            break
    if not words and not assignments:
        return None
    return Command(words, assignments, before, None, depth, wrappers)


def commands_of(argv: list[str], *, expand: int = 2) -> list[Command]:
    """Commands of an exec-form (JSON array) instruction: one command, plus its ``sh -c`` script."""
    if not argv:
        return []
    words = [Word(a, 0, 0, True) for a in argv]
    cmd = _build(words, None, 0)
    if cmd is None:
        return []
    out = [cmd]
    script = cmd.script()
    if script and expand > 0:
        for inner in split(script, expand=expand - 1):
            inner.nested = True
            inner.wrappers = cmd.wrappers + [cmd.name] + inner.wrappers
            for w in inner.words + inner.assignments:
                w.start = w.end = 0
            out.append(inner)
    return out


def has_pipe(commands: list[Command]) -> bool:
    return any(c.after in ("|", "|&") and not c.nested for c in commands)


# Commands that cannot fail in a way that matters: what they write is in the Dockerfile itself.
_CANNOT_FAIL = {"echo", "printf", "yes", "true", ":"}
# Commands that fail when their input is empty, so an upstream failure that writes nothing still fails the pipe.
_FAIL_ON_EMPTY_INPUT = {"grep", "egrep", "fgrep"}


def pipelines(commands: list[Command]) -> list[list[Command]]:
    """The pipes of a script (``a | b | c``), each as its commands in order; nested scripts left out."""
    out: list[list[Command]] = []
    current: list[Command] = []
    for cmd in commands:
        if cmd.nested:
            continue
        current.append(cmd)
        if cmd.after not in ("|", "|&"):
            if len(current) > 1:
                out.append(current)
            current = []
    if len(current) > 1:
        out.append(current)
    return out


def hides_failure(pipeline: list[Command]) -> bool:
    """Whether a failure of a command before the last can leave the pipe's status 0: not when nothing upstream
    can fail (``echo y | apt-get ...``), nor when the last command fails on empty input (``... | grep -q x``,
    not inverted or counting)."""
    if all(cmd.name in _CANNOT_FAIL for cmd in pipeline[:-1]):
        return False
    last = pipeline[-1]
    if last.name in _FAIL_ON_EMPTY_INPUT:
        flags = [a for a in last.args if a.startswith("-") and not a.startswith("--")]
        inverted = any("v" in f or "c" in f for f in flags) or any(
            a in ("--invert-match", "--count") for a in last.args)
        return inverted
    return True


def sets_pipefail(commands: list[Command], before: Command | None = None) -> bool:
    """Whether ``set -o pipefail`` (or ``set -eo pipefail``, ``set -euxo pipefail``) runs before ``before``."""
    for cmd in commands:
        if cmd is before:
            return False
        if cmd.name == "set" and "pipefail" in cmd.args:
            i = cmd.args.index("pipefail")
            if i > 0 and cmd.args[i - 1].startswith("-") and cmd.args[i - 1].endswith("o"):
                return True
    return False


# ---- what common commands do ------------------------------------------------------------------
_NPM_INSTALL = {"install", "i", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal", "isntall", "add"}
_NPM_CI = {"ci", "clean-install", "ic", "install-clean", "isntall-clean"}
_NPM_VALUES = {"--prefix", "-C", "--registry", "--cache", "--userconfig", "--omit", "--include", "--workspace",
               "-w", "--loglevel", "--tag", "--only"}
_PRODUCTION_ENV = {"NODE_ENV": "production", "NPM_CONFIG_PRODUCTION": "true", "NPM_CONFIG_OMIT": "dev"}


class NodeInstall(Record):
    """An npm, yarn or pnpm install command, as far as production images care."""
    tool: str  # npm | yarn | pnpm
    packages: list[str]  # named packages; [] installs what package.json lists
    frozen: bool  # installs exactly what the lockfile says (npm ci, --frozen-lockfile, --immutable)
    omits_dev: bool  # leaves devDependencies out
    global_: bool

    _fields = ("tool", "packages", "frozen", "omits_dev", "global_")

    def __init__(self, tool, packages, frozen, omits_dev, global_):
        self.tool = tool
        self.packages = packages
        self.frozen = frozen
        self.omits_dev = omits_dev
        self.global_ = global_


def _option_value(cmd: Command, name: str) -> str | None:
    """``--omit=dev`` or ``--omit dev``."""
    args = cmd.args
    for i, arg in enumerate(args):
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
        if arg == name and i + 1 < len(args):
            return args[i + 1]
    return None


def production_env(values: dict[str, str]) -> bool:
    """Whether these variables make npm/yarn leave devDependencies out (NODE_ENV=production, ...)."""
    upper = {k.upper(): str(v).strip().strip("'\"").lower() for k, v in values.items()}
    return any(upper.get(k) == v for k, v in _PRODUCTION_ENV.items())


def node_install(cmd: Command) -> NodeInstall | None:
    """An npm, yarn or pnpm command that installs dependencies, described; None for anything else."""
    name = cmd.name
    if name == "npm":
        rest = cmd.positional(_NPM_VALUES)
        if not rest or rest[0] not in _NPM_INSTALL | _NPM_CI:
            return None
        omit = _option_value(cmd, "--omit") == "dev" or cmd.has_flag("--production") or \
            (_option_value(cmd, "--only") or "").startswith("prod") or production_env(cmd.env())
        return NodeInstall("npm", rest[1:], rest[0] in _NPM_CI, omit, cmd.has_flag("--global", short="g"))
    if name in ("yarn", "yarnpkg"):
        rest = cmd.positional({"--cwd", "--modules-folder", "--registry", "--network-timeout", "--mutex"})
        global_ = bool(rest) and rest[0] == "global"
        if global_:
            rest = rest[1:]
        if rest and rest[0] == "workspaces" and rest[1:2] == ["focus"]:
            rest = ["install"]
        if rest and rest[0] not in ("install", "add"):
            return None
        if not rest and cmd.has_flag("--version", "--help", short="vh"):
            return None  # bare `yarn` installs, `yarn --version` only prints
        packages = rest[1:] if rest and rest[0] == "add" else []
        frozen = cmd.has_flag("--frozen-lockfile", "--immutable", "--pure-lockfile")
        omit = cmd.has_flag("--production", "--prod") or production_env(cmd.env())
        return NodeInstall("yarn", packages, frozen, omit, global_)
    if name == "pnpm":
        rest = cmd.positional({"--filter", "-F", "--dir", "-C", "--registry"})
        if not rest or rest[0] not in ("install", "i", "add"):
            return None
        omit = cmd.has_flag("--prod", "--production", short="P") or production_env(cmd.env())
        return NodeInstall("pnpm", rest[1:] if rest[0] == "add" else [], cmd.has_flag("--frozen-lockfile"),
                           omit, cmd.has_flag("--global", short="g"))
    return None


def prunes_dev(cmd: Command) -> bool:
    """``npm prune --omit=dev``, ``pnpm prune --prod``, ``rm -rf node_modules``: devDependencies are gone after."""
    if cmd.name in ("npm", "pnpm") and cmd.positional(_NPM_VALUES)[:1] == ["prune"]:
        return cmd.has_flag("--production", "--prod") or _option_value(cmd, "--omit") == "dev" or \
            production_env(cmd.env())
    if cmd.name == "rm":
        return any(a.rstrip("/").endswith("node_modules") for a in cmd.args)
    return False


def script_call(cmd: Command) -> str | None:
    """The package.json script an npm/yarn/pnpm command runs (``npm start`` -> "start"), or None."""
    name = cmd.name
    if name not in ("npm", "yarn", "pnpm", "yarnpkg"):
        return None
    rest = cmd.positional({"--prefix", "-C", "--cwd", "--workspace", "-w", "--filter", "-F", "--dir"})
    if not rest:
        return None
    verb = rest[0]
    if verb in ("start", "test", "stop", "restart"):
        return verb
    if verb in ("run", "run-script", "rum", "urn"):
        return rest[1] if len(rest) > 1 else None
    if name != "npm" and verb not in ("install", "add", "remove", "exec", "dlx", "global", "config", "set",
                                      "workspaces", "prune", "init", "create", "i", "why", "info", "cache"):
        return verb  # yarn dev, pnpm build
    return None


def program(cmd: Command) -> tuple[str, list[str]]:
    """The program a command really runs and its arguments, through npx / yarn dlx / pnpm exec and
    ``node_modules/.bin`` paths."""
    name, args = cmd.name, cmd.args
    if name == "npx" or (name in ("yarn", "pnpm") and args[:1] and args[0] in ("exec", "dlx")):
        rest = list(args if name == "npx" else args[1:])
        while rest and rest[0].startswith("-"):  # npx's own options (--yes, -p pkg is rare enough)
            rest.pop(0)
        if rest:
            return rest[0].rsplit("/", 1)[-1].split("@")[0] or rest[0], rest[1:]
    if name in ("node", "nodejs") and args and "node_modules/.bin/" in args[0]:
        return args[0].rsplit("/", 1)[-1], args[1:]
    return name, args


_DEV_SERVERS = {  # program -> first arguments that start a development server (None: any)
    "vite": (None, "dev", "serve"), "react-scripts": ("start",), "ng": ("serve", "s"), "next": ("dev",),
    "nuxt": ("dev",), "nuxi": ("dev",), "vue-cli-service": ("serve",), "webpack": ("serve",),
    "webpack-dev-server": (None,), "gatsby": ("develop",), "astro": ("dev",), "ember": ("serve", "s"),
    "parcel": (None, "serve"), "remix": ("dev",), "svelte-kit": ("dev",), "react-app-rewired": ("start",),
    "craco": ("start",), "umi": ("dev",), "quasar": ("dev",), "expo": ("start",),
}


def dev_server(cmd: Command) -> str | None:
    """A short name for the development server a command starts (``vite``, ``ng serve``), or None."""
    prog, args = program(cmd)
    words = [a for a in args if not a.startswith("-")]
    first = words[0] if words else None
    if prog in _DEV_SERVERS:
        allowed = _DEV_SERVERS[prog]
        if first in allowed or (None in allowed and (first is None or first not in (
                "build", "preview", "optimize", "start", "generate", "export"))):
            return " ".join([prog] + ([first] if first else []))
    if prog.startswith("python") or prog in ("django-admin", "flask"):
        if prog == "flask" and first == "run":
            return "flask run"
        if any(a.endswith("manage.py") for a in args) and "runserver" in args:
            return "manage.py runserver"
        if args[:2] == ["-m", "flask"] and "run" in args:
            return "flask run"
    return None


_BUILDS = {"tsc": None, "webpack": None, "rollup": None, "esbuild": None, "babel": None, "swc": None,
           "tsup": None, "vite": ("build",), "next": ("build",), "nuxt": ("build", "generate"), "ng": ("build",),
           "nest": ("build",), "react-scripts": ("build",), "vue-cli-service": ("build",), "gatsby": ("build",),
           "go": ("build", "install"), "mvn": ("package", "install", "verify", "compile"),
           "mvnw": ("package", "install", "verify", "compile"), "gradle": ("build", "assemble", "bootJar",
                                                                            "installDist", "shadowJar"),
           "gradlew": ("build", "assemble", "bootJar", "installDist", "shadowJar"), "cargo": ("build",),
           "dotnet": ("publish", "build")}


def build_step(cmd: Command) -> str | None:
    """A short description of the build a command runs (``npm run build``, ``go build``), or None."""
    script = script_call(cmd)
    if script is not None and script.split(":")[0] in ("build", "compile", "bundle", "dist"):
        return f"{cmd.name} run {script}"
    prog, args = program(cmd)
    if prog not in _BUILDS:
        return None
    verbs = _BUILDS[prog]
    words = [a for a in args if not a.startswith("-")]
    if verbs is None:
        if prog == "webpack" and words[:1] in (["serve"], ["watch"]):
            return None
        if {"--version", "-v", "--help", "--noEmit", "--watch", "-w"} & set(args):
            return None
        return prog
    hit = next((w for w in words if w in verbs), None)
    return f"{prog} {hit}" if hit else None


# ---- integrity checks of downloaded files -------------------------------------------------------------
_CHECKSUMS = {"sha256sum", "sha512sum", "sha384sum", "sha224sum", "sha1sum", "shasum", "b2sum"}


def verifies_integrity(cmd: Command) -> bool:
    """Whether a command checks a downloaded file against a known checksum or signature: ``sha256sum -c``
    (any SHA-2/BLAKE2 tool, ``shasum -c``), ``gpg --verify``, ``gpgv``, ``cosign verify-blob``,
    ``minisign -V``, ``openssl dgst -verify``. md5 proves nothing against an attacker and does not count."""
    name = cmd.name
    if name in _CHECKSUMS:
        return cmd.has_flag("--check", short="c", short_values="a")
    if name in ("gpg", "gpg2"):
        return cmd.has_flag("--verify")
    if name == "gpgv":
        return True
    if name == "cosign":
        return bool(cmd.args) and cmd.args[0].startswith("verify")
    if name == "minisign":
        return cmd.has_flag(short="V")
    if name == "openssl":
        return bool(cmd.args) and cmd.args[0] == "dgst" and cmd.has_flag("-verify", "-prverify")
    return False
