r"""Builds must not run or unpack what they download without checking it first.

## What it does
Reports, in every stage, a `RUN` that runs or unpacks a download that nothing verified:
- a download piped into an interpreter that reads its program from the pipe: `curl ... | sh`,
  `| bash -s -- args`, `| sudo -E bash -`, `| python3 -`, `| node`, `| perl`, `| php`, and
  `wget -O- ... | sh`, also through `tee` (`curl ... | tee install.sh | sh`); or piped into `tar -x` that
  reads the archive from the pipe;
- a download run through a substitution: `bash <(curl ...)`, `source <(curl ...)`,
  `sh -c "$(curl ...)"`, `eval "$(wget -qO- ...)"`, `X=$(curl ...)` then `eval "$X"` (also through
  another variable made from it, `Y=$(${X} | tr -d x)`);
- a downloaded file (`curl -o`, `curl -O`, `curl ... > file`, `curl ... | tee file`, `wget`, `wget -O`) later
  run (`sh x.sh`, `./x.sh`, `python get-pip.py`, `. x.sh`, the file by its name), unpacked (`tar -xf`, `unzip`)
  or installed (`dpkg -i x.deb`, `apt-get install ./x.deb`, `rpm -i x.rpm`) in the same `RUN` or the next one,
  when neither of them checks a digest or a signature (`sha256sum -c`, `echo "<sha>  file" | sha256sum -c`, `shasum -a 256 -c`, a `sha256sum` whose output is compared,
  `gpg --verify`, `gpgv`, `cosign verify-blob`, `minisign -V`, `php -r "... hash_file(...)"`);
- a downloaded file made executable (`chmod +x`, `chmod 755`, `install` with its default mode 0755 or an
  executable `-m`) when neither that `RUN` nor the stage's next one checks it: nothing in the build may run
  it, but it ships to run (`ENTRYPOINT ["/tini", "--"]`, a tool on the `PATH`), as unverified as an `ADD <url>`
  without `--checksum` (DKF014). A file run later in the same `RUN` is reported as run.
A piped download is reported whatever else the `RUN` checks: a stream that goes straight into the
interpreter cannot be checked first. An `ONBUILD RUN` counts like its own instruction: it runs in the build
of every image made FROM this one. A URL that names a full git commit id
(`raw.githubusercontent.com/<owner>/<repo>/<40 hex>/install.sh`) is pinned to its content and is not
reported. `curl -o file url | sh` pipes nothing into the shell and is judged by what is done with the file.

Vendor bootstrap scripts are reported too (`curl -fsSL https://deb.nodesource.com/setup_20.x | bash -`,
`curl https://sh.rustup.rs | sh`, `curl https://install.python-poetry.org | python3 -`): each runs, as
root, whatever the vendor's server (or whoever controls it, its CDN or its DNS) returns on the day of the
build, and leaves no trace of what ran. A reviewer keeps these: the same tools come from an official base
image (`node:20-slim`), a pinned package from a signed repository (the NodeSource key with `signed-by=`),
or a release file whose published checksum the build checks.

## Why it matters in production
The downloaded program runs as root inside the build, with the build's secrets and network, and what it
installs ships in the image. Nothing in the repository records what it was: the same Dockerfile builds a
different image the day the server changes the file, and a compromised server, mirror or account ships its
code in every image built after. A checksum (or signature) checked before the file is used makes the build
fail instead.

## Example
```dockerfile path=Dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/install.sh | sh
```

## Use instead
```dockerfile path=Dockerfile
FROM debian:bookworm-slim
RUN curl -fsSLo /tmp/install.sh https://example.com/v1.4.2/install.sh \
 && echo "24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh && rm /tmp/install.sh
```

## References
- https://docs.docker.com/build/building/best-practices/#run
- https://semgrep.dev/r/bash.curl.security.curl-pipe-bash.curl-pipe-bash
"""
import re

from linter.api import RuleMeta, lazy
from linter.api.secrets import shorten
from linter.api.shell import split, verifies_integrity

META = RuleMeta(
    id="DKF026", name="dockerfile-remote-script", kinds=("dockerfile",), severity="warning",
    checklist=("hardening.supply-chain",), cwe=(494,),
    peers=("semgrep:curl-pipe-bash", "semgrep:curl-eval"),
)
MESSAGES = {
    "pipe": "`{tool} {url} | {runner}` runs the downloaded script unverified; download it to a file, check its "
            "sha256 (sha256sum -c) or signature, then run it",
    "unpack-pipe": "`{tool} {url} | {runner}` unpacks the download unverified; download it to a file and check "
                   "its sha256 (sha256sum -c) or signature before unpacking it",
    "substitution": "`{runner}` runs the output of `{tool} {url}` unverified; download it to a file, check its "
                    "sha256 (sha256sum -c) or signature, then run it",
    "file": "{file} (from {url}) is {action} by `{runner}` without a checksum or signature check; check it with "
            "sha256sum -c (or gpg --verify) first",
}
_SHELLS = {"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"}
_INTERPRETER = lazy(r"^(python[0-9.]*|pypy[0-9.]*|node|nodejs|perl|ruby|php[0-9.]*|pwsh)$")
# options of an interpreter that make it run code from its arguments, not from stdin or a file
_CODE_OPTIONS = {"-c", "-e", "-r", "-m", "-E", "-p", "--eval", "--print", "--command"}
# long curl options whose value is the next word
_CURL_VALUES_LONG = {
    "--retry", "--retry-delay", "--retry-max-time", "--connect-timeout", "--max-time", "--header", "--user-agent",
    "--proto", "--proto-redir", "--output", "--data", "--user", "--cacert", "--cert", "--key", "--resolve",
    "--max-redirs", "--limit-rate", "--output-dir", "--write-out", "--proxy", "--referer", "--cookie",
    "--request", "--upload-file", "--range", "--config", "--url", "--form", "--data-binary", "--data-raw",
    "--oauth2-bearer", "--netrc-file", "--interface", "--dns-servers", "--ciphers", "--tls-max",
    "--compressed-ssh", "--speed-limit", "--speed-time", "--expect100-timeout", "--keepalive-time",
}
_CURL_SHORT_VALUES = "AbcCdDeEFHKmoPQrTuUwxXyYzt"
_WGET_SHORT_VALUES = "oaeiBtOTwQPUlARDIX"
_WGET_VALUES_LONG = {
    "--output-document", "--directory-prefix", "--tries", "--timeout", "--user-agent", "--header", "--user",
    "--password", "--output-file", "--append-output", "--input-file", "--wait", "--quota", "--level",
    "--post-data", "--ca-certificate", "--certificate", "--private-key", "--method", "--body-data",
}
_CHECK_TEXT = lazy(r"\b(sha(1|224|256|384|512)sum|shasum|b2sum|gpgv|minisign|slsa-verifier|hash_file|hashlib|"
                   r"Get-FileHash)\b|\bgpg2?\b[^\n;&|]*--verify|\bcosign\s+verify", re.I)
_COMMIT = lazy(r"/[0-9a-f]{40}(/|$)")
_SUBSTITUTION = lazy(r"\$\(|<\(|`")
_BIN_DIR = lazy(r"(^|/)s?bin$")


class _Download:
    __slots__ = ("tool", "url", "output", "cmd")

    def __init__(self, tool, url, output, cmd):
        self.tool = tool
        self.url = url
        self.output = output  # None: standard output; else the file written
        self.cmd = cmd


def check(doc, ctx):
    carried = {}  # stage -> (downloads of the previous RUN no check covered, that RUN)
    pending = {}  # stage -> (RUN, hit): a file made executable, reported unless the stage's next RUN checks it
    for ins in doc.steps():
        if ins.name != "RUN":
            if ins.name == "FROM":
                carried.clear()
            continue
        commands = ins.commands()
        checked = _checked(ins, commands)
        previous, prev_checked = carried.pop(ins.stage, ((), True)) if not ins.onbuild else ((), True)
        if not ins.onbuild and ins.stage in pending:
            earlier = pending.pop(ins.stage)
            if not checked:
                yield _finding(doc, ctx, *earlier)
        hit, weak, files = _judge(commands, [] if prev_checked or checked else list(previous), checked)
        if not ins.onbuild:
            carried[ins.stage] = (files, checked)
        if hit:
            yield _finding(doc, ctx, ins, hit)
        elif weak and ins.onbuild:
            yield _finding(doc, ctx, ins, weak)
        elif weak:
            pending[ins.stage] = (ins, weak)
    for ins, weak in pending.values():
        yield _finding(doc, ctx, ins, weak)


def _finding(doc, ctx, ins, hit):
    message, fmt = hit
    return ctx.finding(ins.span, doc.key(ins, "remote-script"), message, **fmt)


def _checked(ins, commands) -> bool:
    return any(verifies_integrity(c) for c in commands) or bool(_CHECK_TEXT.search(ins.value)) or \
        any(_CHECK_TEXT.search(h[1]) for h in ins.heredocs)


def _judge(commands, previous, checked):
    """(message, fields) of the first unverified run or unpack, of the first file made executable (which a check
    in the next RUN still covers: nothing ran it yet), and the files this RUN downloads."""
    files = []
    hit = weak = None
    downloads = list(previous)
    variables = {}  # NAME -> download whose output NAME=$(...) holds
    for i, cmd in enumerate(commands):
        nxt = commands[i + 1] if i + 1 < len(commands) else None
        # a variable holds a download when it is assigned one, or a value made from one (``B=$(${A} | tr -d x)``)
        for word in cmd.assignments:
            name, _, value = word.text.partition("=")
            found = _substituted(value) or _variable(value, variables)
            if found:
                variables[name] = found
        if cmd.name == "export":
            for arg in cmd.args:
                name, sep, value = arg.partition("=")
                found = (_substituted(value) or _variable(value, variables)) if sep else None
                if found:
                    variables[name] = found
        dl = _download(cmd)
        if dl is not None:
            if dl.output is None:
                reader, copies = _downstream(commands, i)
                if not checked:
                    for path in copies:
                        downloads.append(_Download(dl.tool, dl.url, path, cmd))
                        files.append(downloads[-1])
                if hit is None and reader is not None:
                    hit = _piped(dl, reader)
            elif not checked:
                downloads.append(dl)
                files.append(dl)
            continue
        if hit is None:
            hit = _substitution(cmd, variables) or _echoed(cmd, nxt, variables)
        if hit is None and not checked:
            used = _uses(cmd, downloads)
            if used is not None and used[1]["action"] == "made executable":
                weak = weak or used  # a later command running the file says more (`chmod +x x.sh && ./x.sh`)
            else:
                hit = used
    return hit, None if hit else weak, files


def _downstream(commands, i):
    """The command reading what ``commands[i]`` writes to its pipe, past any ``tee`` (``curl ... | tee x.sh | sh``),
    and the files those ``tee``s save a copy to (``curl ... | sudo tee x.sh > /dev/null && sh x.sh``)."""
    copies = []
    j = i
    while j + 1 < len(commands) and commands[j].after in ("|", "|&") and commands[j + 1].nested == commands[j].nested:
        reader = commands[j + 1]
        if reader.name != "tee":
            return reader, copies
        copies += [a for a in reader.args if not a.startswith("-")]
        j += 1
    return None, copies


def _download(cmd):
    """What a curl or wget command fetches and where it writes it."""
    if cmd.name == "curl":
        return _curl(cmd)
    if cmd.name == "wget":
        return _wget(cmd)
    return None


def _curl(cmd):
    output, remote_name, positional = None, False, []
    for key, value in _options(cmd.args, _CURL_VALUES_LONG, _CURL_SHORT_VALUES):
        if key is None or key == "--url":
            positional.append(value)
        elif key in ("-O", "--remote-name", "--remote-name-all"):
            remote_name = True
        elif key in ("-o", "--output"):
            output = value
    url = _url(positional)
    if url is None:
        return None
    if output in (None, "-", "/dev/stdout"):
        output = _basename(url) if remote_name and output is None else _redirected(cmd)
    if output in ("/dev/null", ""):
        return None
    return _Download("curl", url, output, cmd)


def _wget(cmd):
    output, prefix, positional = "", "", []
    for key, value in _options(cmd.args, _WGET_VALUES_LONG, _WGET_SHORT_VALUES, pairs="n"):
        if key is None:
            positional.append(value)
        elif key in ("-O", "--output-document"):
            output = value
        elif key in ("-P", "--directory-prefix"):
            prefix = value
    url = _url(positional)
    if url is None:
        return None
    if output in ("-", "/dev/stdout"):
        output = _redirected(cmd)
    elif not output:
        output = (prefix.rstrip("/") + "/" if prefix else "") + _basename(url)
    if output in ("/dev/null", ""):
        return None
    return _Download("wget", url, output, cmd)


def _options(args, long_values, short_values, pairs=""):
    """(option, value) for each option of a curl or wget command line and (None, word) for each operand. A long
    option takes `=value` or, when it is one of ``long_values``, the next word; short options may be grouped
    (`-fsSLo file`): the first of ``short_values`` ends the group and takes its rest or the next word; a letter
    of ``pairs`` takes the letter after it (wget's `-nv`, `-nc`)."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg.startswith("--"):
            key, sep, value = arg.partition("=")
            if key in long_values and not sep:
                i += 1
                value = args[i] if i < len(args) else ""
            yield key, value if sep or key in long_values else None
        elif arg.startswith("-") and len(arg) > 1:
            pos = 1
            while pos < len(arg):
                letter = arg[pos]
                if letter in pairs:
                    pos += 2
                    continue
                if letter in short_values:
                    value = arg[pos + 1:]
                    if not value:
                        i += 1
                        value = args[i] if i < len(args) else ""
                    yield "-" + letter, value
                    break
                yield "-" + letter, None
                pos += 1
        else:
            yield None, arg
        i += 1


def _url(positional):
    urls = [a for a in positional if "://" in a]
    if not urls:
        urls = [a for a in positional if "/" in a or a.startswith("$")]
    if not urls:
        return None
    url = urls[0]
    if _COMMIT.search(url.split("?", 1)[0]) or re.match(r"^(file://|https?://(localhost|127\.0\.0\.1)[:/])", url):
        return None
    return url


def _redirected(cmd):
    """The file a command's standard output is redirected to; None when it goes to the pipe or the log."""
    target = None
    for op, value in cmd.redirects:
        if op in (">", ">>", ">|", "&>", "&>>"):
            target = value
    return target


def _basename(path: str) -> str:
    path = path.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return path.rsplit("/", 1)[-1]


def _norm(path: str) -> str:
    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", r"$\1", path).rsplit("/", 1)[-1]


def _runs_stdin(cmd) -> bool:
    """Whether a shell or interpreter reads its program from standard input."""
    name = cmd.name
    if name not in _SHELLS and not _INTERPRETER.match(name):
        return False
    args = cmd.args
    for j, arg in enumerate(args):
        if arg == "--":
            return name not in _SHELLS or j + 1 >= len(args) or "-s" in args[:j]
        if arg in ("-", "/dev/stdin"):
            return True
        if arg.startswith("-") and not arg.startswith("--") and len(arg) > 1:
            if name in _SHELLS:
                if "c" in arg[1:]:
                    return False
                if "s" in arg[1:]:
                    return True
                if arg[1:] in ("o",) and j + 1 < len(args):
                    continue
            elif arg in _CODE_OPTIONS or (arg[:2] in _CODE_OPTIONS and name.startswith("python")):
                return False
            continue
        if arg.startswith("--"):
            if arg.split("=")[0] in _CODE_OPTIONS:
                return False
            continue
        if j > 0 and args[j - 1] in ("-o", "+o", "-O", "+O", "-d", "-W", "-X"):
            continue  # the value of a shell or interpreter option
        return False  # a script file: the pipe is its input, not its program
    return True


def _tar_extracts(cmd, stdin: bool, file: str | None = None) -> bool:
    if cmd.name not in ("tar", "bsdtar", "gtar"):
        return False
    args = cmd.args
    if not args:
        return False
    first = args[0]
    extract = any(a in ("--extract", "--get") for a in args) or \
        any(a.startswith("-") and not a.startswith("--") and "x" in a for a in args) or \
        (not first.startswith("-") and "x" in first and re.fullmatch(r"[A-Za-z]+", first) is not None)
    if not extract:
        return False
    archive = _tar_file(args)
    if stdin:
        return archive in (None, "-")
    return archive is not None and _norm(archive) == _norm(file)


def _tar_file(args):
    for j, arg in enumerate(args):
        if arg.startswith("--file"):
            key, sep, value = arg.partition("=")
            return value if sep else (args[j + 1] if j + 1 < len(args) else None)
        if arg.startswith("--"):
            continue
        dashed = arg.startswith("-")
        group = arg[1:] if dashed else (arg if j == 0 else "")
        if "f" in group:
            rest = group[group.index("f") + 1:]
            if rest and dashed:
                return rest  # ``-xzfarchive.tgz``
            # ``tar xfz file`` (old style: the value is the next word) and ``tar -xzf file``
            return args[j + 1] if j + 1 < len(args) else None
    return None


def _piped(dl, nxt):
    if _runs_stdin(nxt):
        return "pipe", _fields(dl, _runner(nxt))
    if _tar_extracts(nxt, stdin=True):
        return "unpack-pipe", _fields(dl, nxt.name + " -x")
    return None


def _runner(cmd) -> str:
    return " ".join(cmd.wrappers + [cmd.name])


def _fields(dl, runner):
    return {"tool": dl.tool, "url": _short(dl.url), "runner": runner}


def _substituted(text: str):
    """The download whose standard output a ``$(...)``, backquoted or ``<(...)`` part of ``text`` holds."""
    if not _SUBSTITUTION.search(text):
        return None
    for inner in _inner_scripts(text):
        commands = split(inner, expand=0)
        for cmd in commands:
            if cmd.after in ("|", "|&"):
                continue  # ``$(curl ... | grep tag_name)`` reads a value out of the download
            dl = _download(cmd)
            if dl is not None and dl.output is None:
                return dl
    return None


def _inner_scripts(text: str):
    out = []
    i = 0
    while i < len(text):
        if text.startswith(("$(", "<("), i):
            depth, j = 0, i + 1
            while j < len(text):
                if text[j] == "(":
                    depth += 1
                elif text[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            out.append(text[i + 2:j])
            i = j + 1
            continue
        if text[i] == "`":
            j = text.find("`", i + 1)
            j = len(text) if j < 0 else j
            out.append(text[i + 1:j])
            i = j + 1
            continue
        i += 1
    return out


def _substitution(cmd, variables):
    name = cmd.name
    args = cmd.args
    if name == "eval":
        for arg in args:
            dl = _substituted(arg) or _variable(arg, variables)
            if dl:
                return "substitution", _fields(dl, "eval")
        return None
    if name in (".", "source") and args:
        dl = _substituted(args[0]) if args[0].startswith("<(") else None
        return ("substitution", _fields(dl, name)) if dl else None
    if name not in _SHELLS and not _INTERPRETER.match(name):
        return None
    for j, arg in enumerate(args):
        code = arg.startswith("-") and not arg.startswith("--") and (
            ("c" in arg[1:] if name in _SHELLS else arg in _CODE_OPTIONS - {"-m"}))
        if code:
            script = args[j + 1] if j + 1 < len(args) else ""
            dl = _substituted(script) or _variable(script, variables)
            return ("substitution", _fields(dl, _runner(cmd) + " " + arg)) if dl else None
        if arg.startswith("-"):
            continue
        dl = _substituted(arg) if arg.startswith("<(") else None
        return ("substitution", _fields(dl, _runner(cmd))) if dl else None
    return None


def _variable(text, variables):
    for name, dl in variables.items():
        if re.search(r"\$(\{%s\}|%s\b)" % (re.escape(name), re.escape(name)), text):
            return dl
    return None


def _echoed(cmd, nxt, variables):
    """``echo "$SCRIPT" | sh`` where SCRIPT holds a download."""
    if cmd.name not in ("echo", "printf") or nxt is None or cmd.after not in ("|", "|&") or not _runs_stdin(nxt):
        return None
    for arg in cmd.args:
        dl = _variable(arg, variables) or _substituted(arg)
        if dl:
            return "substitution", _fields(dl, _runner(nxt))
    return None


def _uses(cmd, downloads):
    """The first downloaded file this command runs or unpacks."""
    if not downloads or not cmd.words:
        return None
    name = cmd.name
    by_name = {_norm(d.output): d for d in downloads if _norm(d.output)}
    first = cmd.words[0].text
    dl = by_name.get(_norm(first))
    # a bare name runs what PATH finds: the download only when it was written to a bin directory
    if dl is not None and name not in _SHELLS and not _INTERPRETER.match(name) and \
            ("/" in first or _BIN_DIR.search(dl.output.rsplit("/", 1)[0] if "/" in dl.output else "")):
        return "file", _file_fields(dl, "run", first)
    if name in _SHELLS or _INTERPRETER.match(name) or name in (".", "source"):
        for op, value in cmd.redirects:
            if op == "<" and _norm(value) in by_name:
                return "file", _file_fields(by_name[_norm(value)], "run", _runner(cmd))
        script = _script_argument(cmd)
        if script is not None and _norm(script) in by_name:
            return "file", _file_fields(by_name[_norm(script)], "run", _runner(cmd))
        return None
    if name in ("tar", "bsdtar", "gtar"):
        for dl in downloads:
            if _tar_extracts(cmd, stdin=False, file=dl.output):
                return "file", _file_fields(dl, "unpacked", name)
        return None
    if name == "unzip":
        rest = [a for a in cmd.args if not a.startswith("-")]
        if rest and _norm(rest[0]) in by_name:
            return "file", _file_fields(by_name[_norm(rest[0])], "unpacked", "unzip")
        return None
    # a binary made executable ships to run, in the image or at start (`ENTRYPOINT ["/tini"]`): as unverified as a
    # script run here, and what `ADD <url>` without `--checksum` is reported for (DKF014)
    made = _made_executable(cmd)
    if made is not None:
        mode, targets = made
        for target in targets:
            if _norm(target) in by_name:
                return "file", _file_fields(by_name[_norm(target)], "made executable", f"{name} {mode}".rstrip())
        return None
    # a package file installs its files and runs its maintainer scripts as root; no repository signature covers it
    installs = (name == "dpkg" and cmd.has_flag("--install", short="i")) or \
        (name == "rpm" and cmd.has_flag("--install", "--upgrade", short="iU")) or \
        (name in ("apt", "apt-get") and "install" in cmd.args)
    if installs:
        for arg in cmd.args:
            if not arg.startswith("-") and arg.endswith((".deb", ".rpm")) and _norm(arg) in by_name:
                return "file", _file_fields(by_name[_norm(arg)], "installed", name)
    return None


def _made_executable(cmd):
    """(mode, files) when ``cmd`` gives files the execute permission: `chmod +x f`, `chmod 755 f`, and `install`,
    whose default mode is 0755 (`install -m 0644` and `install -d` make nothing executable)."""
    args = cmd.args
    if cmd.name == "chmod":
        words = [a for a in args if not (a.startswith("-") and not _MODE_REMOVED.match(a))]
        if len(words) < 2 or not _adds_execute(words[0]):
            return None
        return words[0], words[1:]
    if cmd.name != "install":
        return None
    mode, operands, directory = "", [], None
    for key, value in _options(args, _INSTALL_VALUES_LONG, "mtogS"):
        if key in ("-d", "--directory"):
            return None
        if key in ("-m", "--mode"):
            mode = value
        elif key in ("-t", "--target-directory"):
            directory = value
        elif key is None:
            operands.append(value)
    if mode and not _adds_execute(mode):
        return None
    sources = operands if directory is not None else operands[:-1]
    return ("-m " + mode if mode else ""), sources


_INSTALL_VALUES_LONG = {"--mode", "--target-directory", "--owner", "--group", "--suffix"}
_MODE_REMOVED = lazy(r"^-[rwxXst]+$")  # `chmod -x f`: a mode that takes permissions away, not an option
_SYMBOLIC_CLAUSE = lazy(r"^[ugoa]*(?:[-+=][rwxXstugo]*)+$")


def _adds_execute(mode: str) -> bool:
    if re.fullmatch(r"[0-7]{1,4}", mode):
        return any(int(d) % 2 for d in mode[-3:])
    clauses = mode.split(",")
    if not all(_SYMBOLIC_CLAUSE.match(c) for c in clauses):
        return False
    return any(re.search(r"[+=][rwstugo]*[xX]", c) for c in clauses)


def _script_argument(cmd):
    """The script file a shell or interpreter runs; None when it runs code from an option or stdin."""
    args = cmd.args
    if cmd.name in (".", "source"):
        return args[0] if args else None
    for j, arg in enumerate(args):
        if arg == "--":
            return args[j + 1] if j + 1 < len(args) and cmd.name not in _SHELLS else None
        if arg.startswith("-") and len(arg) > 1:
            if cmd.name in _SHELLS and "c" in arg[1:] and not arg.startswith("--"):
                return None
            if cmd.name not in _SHELLS and arg in _CODE_OPTIONS:
                return None
            continue
        if j > 0 and args[j - 1] in ("-o", "+o", "-d", "-W", "-X"):
            continue
        return arg
    return None


def _file_fields(dl, action, runner):
    return {"file": shorten(_basename(dl.output), 60), "url": _short(dl.url), "action": action,
            "runner": runner}


def _short(url: str) -> str:
    # the host and file name say which download it is; a query string may carry a token
    url = url.split("?", 1)[0].split("#", 1)[0]
    url = re.sub(r"//[^/@]*@", "//", url)
    return shorten(url, 80) if len(url) <= 80 else shorten(url, 77, "...")
