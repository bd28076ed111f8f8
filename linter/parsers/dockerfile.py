"""Dockerfiles through dockerfile-parse, grouped into build stages.

dockerfile-parse joins continuation lines and keeps each instruction's first and
last line; this module adds stages, exec-form detection and the problems
dockerfile-parse tolerates silently (unknown instructions, a dangling ``\\``).
"""
from __future__ import annotations

import bisect
import io
import json
import re
import shlex

from ..api import Span
from . import Document
from ..lazyre import lazy
from ..record import IdentityRecord

INSTRUCTIONS = {"FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
                "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}


class Instruction(IdentityRecord):
    """One Dockerfile instruction, continuation lines joined."""
    name: str  # upper case
    value: str  # continuation lines joined
    line: int  # 1-based first line
    end_line: int
    raw: str  # original text, continuations included
    stage: "Stage | None"
    heredocs: list[tuple[str, str]]  # (delimiter, body) of ``RUN <<EOF``
    onbuild: bool  # the trigger of an ``ONBUILD``: it runs in the build of every image made FROM this one

    _fields = ("name", "value", "line", "end_line", "raw", "stage", "heredocs", "onbuild")

    def __init__(self, name, value, line, end_line, raw, stage=None, heredocs=None, onbuild=False):
        self.name = name
        self.value = value
        self.line = line
        self.end_line = end_line
        self.raw = raw
        self.stage = stage
        self.heredocs = [] if heredocs is None else heredocs
        self.onbuild = onbuild

    def trigger(self) -> "Instruction | None":
        """The instruction an ``ONBUILD`` registers, at the ONBUILD's lines; None for anything else (Docker
        refuses ``ONBUILD FROM``, ``ONBUILD MAINTAINER`` and ``ONBUILD ONBUILD``)."""
        if self.name != "ONBUILD":
            return None
        m = _TRIGGER.match(self.value)
        name = m.group(1).upper() if m else ""
        if name not in INSTRUCTIONS or name in ("ONBUILD", "FROM", "MAINTAINER"):
            return None
        return Instruction(name, m.group(2) or "", self.line, self.end_line, self.raw, self.stage, self.heredocs,
                           onbuild=True)

    @property
    def span(self) -> Span:
        return Span(self.line, 1, self.end_line, len(self.raw.rstrip("\n").splitlines()[-1]) + 1
                    if self.raw.strip() else 2)

    @property
    def exec_form(self) -> list[str] | None:
        """The JSON array of an exec-form CMD/ENTRYPOINT/RUN, or None for shell form."""
        return _json_argv(self.body)

    @property
    def flags(self) -> dict[str, str]:
        """Leading ``--name=value`` options (``RUN --mount=...``, ``COPY --chown=...``); last one wins."""
        return dict(_split_flags(self.value)[0])

    @property
    def body(self) -> str:
        """The value without its leading ``--flag`` options."""
        return _split_flags(self.value)[1]

    def words(self) -> list[str]:
        """The body split the way the shell would split it (quotes removed); for EXPOSE, COPY, ..."""
        from ..model.shell import tokenize
        return [t[1] for t in tokenize(self.body) if t[0] == "word"]

    def commands(self):
        """Simple shell commands of a RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD (exec or shell form)."""
        cached = self.__dict__.get("_commands")
        if cached is None:
            cached = self.__dict__["_commands"] = self._commands()
        return cached

    def _commands(self):
        from ..model import shell
        body = self.body
        if self.name == "HEALTHCHECK":
            head, _, body = body.strip().partition(" ")
            if head.upper() != "CMD":
                return []
        argv = _json_argv(body)
        if argv is not None:
            return shell.commands_of(argv)
        if self.heredocs:
            # ``RUN <<EOF`` runs the document as the script; ``RUN bash <<EOF`` feeds it to a shell
            commands = [] if body.lstrip().startswith("<<") else shell.split(body)
            if not commands or (commands[0].name in ("sh", "bash", "ash", "dash", "zsh") and
                                commands[0].script() is None):
                commands += shell.split(self.heredocs[0][1])
            return commands
        return shell.split(body)

    @property
    def shell_form(self) -> bool:
        return _json_argv(self.body) is None

    def keyvalues(self) -> list[tuple[str, str]]:
        """ENV/ARG/LABEL pairs: ``K=V K2="V 2"`` or the legacy ``K V``."""
        text = self.value.strip()
        if not text:
            return []
        try:
            words = shlex.split(text, posix=True)
        except ValueError:
            words = text.split()
        if self.name in ("ENV", "LABEL") and words and "=" not in words[0]:
            return [(words[0], text[len(text.split(None, 1)[0]):].strip().strip("\"'"))]
        pairs = []
        for word in words:
            key, sep, value = word.partition("=")
            pairs.append((key, value if sep else None))
        return pairs


class Stage(IdentityRecord):
    """A build stage: its FROM and the instructions up to the next FROM."""
    index: int
    base: str  # image reference as written (may hold ${ARG})
    name: str | None
    line: int
    from_instruction: Instruction
    instructions: list[Instruction]

    image: str | None  # base reference with global ARG defaults applied; None if it stays unknown
    parent: "Stage | None"  # the earlier stage this one is built FROM
    _shells: tuple | None  # (instruction count, SHELL instructions by line)

    __slots__ = _fields = ("index", "base", "name", "line", "from_instruction", "instructions", "image", "parent",
                           "_shells")

    def __init__(self, index, base, name, line, from_instruction, instructions=None, image=None, parent=None,
                 _shells=None):
        self.index = index
        self.base = base
        self.name = name
        self.line = line
        self.from_instruction = from_instruction
        self.instructions = [] if instructions is None else instructions
        self.image = image
        self.parent = parent
        self._shells = _shells

    @property
    def label(self) -> str:
        """The stage's name, or its index: used in messages and fingerprint keys."""
        return self.name or str(self.index)

    @property
    def is_scratch(self) -> bool:
        return (self.image or "").lower() == "scratch"

    def chain(self) -> list["Stage"]:
        """This stage, then the stage it is built FROM, and so on up to an external image."""
        out: list[Stage] = []
        seen: set[int] = set()  # a set, not the list: a chain of thousands of stages is walked in linear time
        stage: Stage | None = self
        while stage is not None and id(stage) not in seen:
            out.append(stage)
            seen.add(id(stage))
            stage = stage.parent
        return out

    @property
    def root(self) -> "Stage":
        """The first stage of the chain: the one whose FROM names an external image."""
        return self.chain()[-1]

    def effective(self, name: str) -> Instruction | None:
        """The instruction of that name the image built by this stage carries (inherited through FROM <stage>)."""
        for stage in self.chain():
            found = stage.last(name)
            if found is not None:
                return found
        return None

    def inherited(self, name: str) -> list[Instruction]:
        """Every instruction of that name along the chain, the base stage's first."""
        return [i for stage in reversed(self.chain()) for i in stage.all(name)]

    def shell_at(self, ins: Instruction) -> list[str] | None:
        """The SHELL in force for an instruction of this stage; None for the default ``/bin/sh -c``."""
        for stage in self.chain():
            shells = stage._shell_lines()
            if stage is self:
                before = bisect.bisect_left(shells, ins.line, key=lambda s: s.line)
                shells = shells[:before]
            if shells:
                return shells[-1].exec_form
        return None

    def _shell_lines(self) -> list[Instruction]:
        # asked once per RUN by a rule: indexed once, so a stage of n instructions costs O(n log n), not O(n^2)
        if self._shells is None or self._shells[0] != len(self.instructions):
            self._shells = (len(self.instructions), sorted((i for i in self.instructions if i.name == "SHELL"),
                                                           key=lambda i: i.line))
        return self._shells[1]

    def all(self, name: str) -> list[Instruction]:
        return [i for i in self.instructions if i.name == name]

    def last(self, name: str) -> Instruction | None:
        found = self.all(name)
        return found[-1] if found else None


class DockerfileDocument(Document):
    kind = "dockerfile"

    def __init__(self, file):
        super().__init__(file)
        self.instructions: list[Instruction] = []
        self.stages: list[Stage] = []
        self.global_args: list[Instruction] = []

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def stage(self, name_or_index: str | int | None) -> Stage | None:
        """The first stage named so (in any case) or of that index, as BuildKit resolves ``--from``/``target``."""
        if name_or_index is None:
            return self.final_stage
        return self.stage_index().get(str(name_or_index).lower())

    def stage_index(self) -> dict[str, Stage]:
        """Lower-cased name or index -> the first stage it designates; rebuilt when stages were added.

        A lookup per COPY --from, FROM or target that scanned the stages made a Dockerfile of thousands of
        stages cost their square (minutes for a 700 kB file)."""
        cached = self.__dict__.get("_stage_index")
        if cached is not None and cached[0] == len(self.stages):
            return cached[1]
        index: dict[str, Stage] = {}
        for stage in self.stages:
            if stage.name is not None:
                index.setdefault(stage.name.lower(), stage)
            index.setdefault(str(stage.index), stage)
        self.__dict__["_stage_index"] = (len(self.stages), index)
        return index

    def stage_names(self) -> set[str]:
        cached = self.__dict__.get("_stage_names")
        if cached is None or cached[0] != len(self.stages):
            cached = self.__dict__["_stage_names"] = (len(self.stages), {s.name.lower() for s in self.stages if s.name})
        return cached[1]

    def arg_defaults(self) -> dict[str, str]:
        """Global ARG defaults (those before the first FROM), which FROM lines may use."""
        out: dict[str, str] = {}
        for ins in self.global_args:
            for key, value in ins.keyvalues():
                if value is not None:
                    out[key] = expand(value, out) or value
        return out

    def key(self, ins: Instruction, *parts: str) -> str:
        """A fingerprint key for an instruction: ``stage.<name|index>[.ONBUILD].<INSTRUCTION>[.parts]``."""
        where = f"stage.{ins.stage.label}" if ins.stage is not None else "global"
        return ".".join((where,) + (("ONBUILD",) if ins.onbuild else ()) + (ins.name,) + tuple(p for p in parts if p))

    def steps(self) -> list[Instruction]:
        """Every instruction in file order, each ``ONBUILD`` followed by its trigger: what a build of this
        image or of one made FROM it runs. Rules about what a command does read these; rules about this
        image's own stages read ``instructions``."""
        cached = self.__dict__.get("_steps")
        if cached is None:
            cached = []
            for ins in self.instructions:
                cached.append(ins)
                trigger = ins.trigger()
                if trigger is not None:
                    cached.append(trigger)
            self.__dict__["_steps"] = cached
        return cached


def expand(text: str, values: dict[str, str]) -> str | None:
    """``$NAME``, ``${NAME}``, ``${NAME:-default}`` expanded from ``values``; None if one stays unknown."""
    missing = False

    def sub(m):
        nonlocal missing
        name = m.group(1) or m.group(2)
        default = m.group(4)
        if name in values and (values[name] or m.group(3) != ":-"):
            return values[name]
        if default is not None and m.group(3) in (":-", "-"):
            return default
        missing = True
        return ""

    out = re.sub(r"\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\+|\+)([^}]*))?\})", sub, text)
    return None if missing else out


def verified_after(ins: Instruction) -> bool:
    """Whether what ``ins`` downloads is checked before it is used: an integrity check (``sha256sum -c``,
    ``gpg --verify``, ...) later in the same RUN, or in the RUN right after it in the same stage."""
    from ..model.shell import verifies_integrity
    if ins.name == "RUN" and any(verifies_integrity(c) for c in ins.commands()):
        return True
    stage = ins.stage
    if stage is None or ins not in stage.instructions:
        return False
    following = stage.instructions[stage.instructions.index(ins) + 1:]
    nxt = next((i for i in following if i.name not in ("ARG", "ENV", "LABEL")), None)
    return nxt is not None and nxt.name == "RUN" and any(verifies_integrity(c) for c in nxt.commands())


def copy_sources(doc: "DockerfileDocument", ins: Instruction) -> list[str]:
    """The sources of a COPY or ADD (the last word is the destination), with global ARG defaults applied."""
    argv = ins.exec_form
    words = argv if argv is not None else ins.words()
    defaults = doc.arg_defaults()
    return [expand(w, defaults) or w for w in words[:-1]]


def split_image(ref: str) -> tuple[str, str | None, str | None]:
    """(name, tag, digest) of an image reference; a registry port is not a tag."""
    ref = ref.strip()
    digest = None
    if "@" in ref:
        ref, digest = ref.split("@", 1)
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        return ref[:colon], ref[colon + 1:], digest
    return ref, None, digest


def _split_flags(value: str) -> tuple[list[tuple[str, str]], str]:
    flags = []
    text = value.lstrip()
    while text.startswith("--"):
        m = re.match(r"--([A-Za-z][\w-]*)(?:=(\"[^\"]*\"|'[^']*'|\S*))?\s*", text)
        if not m:
            break
        flags.append((m.group(1).lower(), (m.group(2) or "").strip("\"'")))
        text = text[m.end():]
    return flags, text


def _json_argv(text: str) -> list[str] | None:
    text = text.strip()
    if not text.startswith("["):
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None


def shipped(doc: "DockerfileDocument", model=None) -> list[tuple[Stage, list]]:
    """The stages whose images run, each with the production compose services that run it: the compose
    ``target`` of every service building this Dockerfile (the final stage when a service names none), or
    the final stage alone when no service builds it."""
    if not doc.stages:
        return []
    cached = doc.__dict__.get("_shipped")
    if cached is not None and cached[0] is model:
        return cached[1]
    services = model.services_building(doc.file.path) if model is not None else []
    out: dict[int, tuple[Stage, list]] = {}
    for service in services:
        target = service.build.target
        stage = doc.stage(target) if target else doc.final_stage
        if stage is not None:
            out.setdefault(stage.index, (stage, []))[1].append(service)
    result = list(out.values()) or [(stage, []) for stage in _scripted_or_final(doc, model)]
    doc.__dict__["_shipped"] = (model, result)
    return result


_DEV_STAGE = lazy(r"^(dev|develop|development|debug|local|test|testing|e2e|ci)$", re.I)
_PROD_STAGE = lazy(r"^(prod|production|release|runtime|final|app|deploy|dist|server|runner|run)$", re.I)


def _scripted_or_final(doc: "DockerfileDocument", model) -> list[Stage]:
    """The stages the repository's production build commands build (`docker build --target T`), else the
    final stage, unless the final stage is a development one and a production stage comes before it."""
    targets = model.production_build_targets(doc.file.rel) if hasattr(model, "production_build_targets") else ()
    stages = [doc.stage(t) if t else doc.final_stage for t in sorted(targets)]
    stages = [s for s in stages if s is not None]
    if stages:
        return list({s.index: s for s in stages}.values())
    final = doc.final_stage
    if final.name and _DEV_STAGE.match(final.name):
        production = [s for s in doc.stages if s.name and _PROD_STAGE.match(s.name)]
        if production:
            return [production[-1]]
    return [final]


def launch(stage: Stage, services=()) -> list[Instruction]:
    """The ENTRYPOINT and CMD the image of this stage starts with (inherited through FROM <stage>).

    Docker drops an inherited CMD when a stage sets its own ENTRYPOINT, and so does this. When every
    compose service running the image sets its own ``entrypoint:`` (or ``command:``), the image's
    ENTRYPOINT and CMD (or CMD) never run, so they are left out.
    """
    entry = cmd = None
    for stage_ in reversed(stage.chain()):
        cmd_set = False
        for ins in stage_.instructions:
            if ins.name == "CMD":
                cmd, cmd_set = ins, True
            elif ins.name == "ENTRYPOINT":
                entry = ins
                if not cmd_set:
                    cmd = None
    if services and all(s.has("entrypoint") for s in services):
        entry = cmd = None
    if services and all(s.has("command") for s in services):
        cmd = None
    return [i for i in (entry, cmd) if i is not None]


def started(doc: "DockerfileDocument", stage: Stage, model=None, services=()) -> list[tuple]:
    """(instruction, command, script) for every command the stage's image starts: the commands of its
    ENTRYPOINT/CMD and, through ``npm start``/``yarn dev``/..., those of the package.json scripts they run
    (``script`` names the script, None for the instruction's own commands)."""
    from ..model.shell import script_call, split
    out = []
    scripts = None
    for ins in launch(stage, services):
        pending = [(cmd, None) for cmd in ins.commands()]
        seen: set[str] = set()
        while pending:
            cmd, script = pending.pop(0)
            out.append((ins, cmd, script))
            name = script_call(cmd)
            if name is None or name in seen or len(seen) > 8:
                continue
            seen.add(name)
            if scripts is None:
                scripts = package_scripts(doc, model, services)
            if name in scripts:
                pending.extend((inner, name) for inner in split(scripts[name]))
    return out


def package_scripts(doc: "DockerfileDocument", model, services=()) -> dict[str, str]:
    """``scripts`` of the package.json in the build context (the compose context, else the Dockerfile's folder)."""
    from pathlib import Path
    if model is None:
        return {}
    folders = [Path(s.build.context) for s in services if s.build is not None]
    folders.append(Path(doc.file.path).parent)
    for folder in folders:
        pkg = model.load(folder / "package.json", "package")
        if pkg is not None and getattr(pkg, "data", None):
            return pkg.scripts
    return {}


_FROM = lazy(r"^(?:--\S+\s+)*(\S+)(?:\s+as\s+(\S+))?", re.I)
_TRIGGER = lazy(r"^\s*([A-Za-z]+)(?:\s+(.*))?$", re.S)


_HEREDOC = lazy(r"(?<!<)<<(?!<)(-?)\s*([\"']?)([A-Za-z_][\w.-]*)\2")
_HEREDOC_INSTRUCTION = lazy(r"^\s*(ONBUILD\s+)?(RUN|COPY|ADD)\s", re.I)


def _take_heredocs(text: str) -> tuple[str, dict[int, tuple[list[tuple[str, str]], int]]]:
    """BuildKit here-documents (``RUN <<EOF ... EOF``), which dockerfile-parse does not know: their bodies
    are blanked out of the text (so lines keep their numbers) and returned by the instruction's 0-based
    first line, with the 0-based line of the last delimiter."""
    lines = text.split("\n")
    out = list(lines)
    found: dict[int, tuple[list[tuple[str, str]], int]] = {}
    start = None
    continuing = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if not continuing:
            start = i if _HEREDOC_INSTRUCTION.match(line) else None
        continuing = line.rstrip().endswith("\\") and not line.lstrip().startswith("#")
        markers = _HEREDOC.findall(line) if start is not None else []
        if not markers or continuing:
            i += 1
            continue
        j = i + 1
        bodies = []
        for dash, _quote, word in markers:
            body = []
            while j < len(lines):
                candidate = lines[j].lstrip("\t") if dash else lines[j]
                out[j] = ""
                j += 1
                if candidate.rstrip("\r") == word:
                    break
                body.append(candidate)
            bodies.append((word, "\n".join(body)))
        found[start] = (bodies, j - 1)
        start, i = None, j
    return "\n".join(out), found


class _Unlogged:
    """A logger that drops every record: what dockerfile-parse's records come to in a run (it logs at debug
    level, and its errors are about reading or writing a file, which it never does here: it reads a buffer)."""

    def _drop(self, *args, **kwargs) -> None:
        return None

    debug = info = warning = error = exception = critical = log = _drop


def _parser_class():
    """dockerfile-parse's DockerfileParser, imported without the logging package when nothing has loaded it yet:
    the library only asks it for a logger, and logging's import (with traceback, string, threading, weakref) is
    a twentieth of a pre-commit run on three files. Anything that imports logging later gets the real package:
    the stand-in is in ``sys.modules`` only while dockerfile-parse is imported (prodlint runs no threads)."""
    import sys
    if "logging" in sys.modules or "dockerfile_parse.parser" in sys.modules:
        from dockerfile_parse import DockerfileParser
        return DockerfileParser
    import types
    stand_in = types.ModuleType("logging")
    stand_in.getLogger = lambda name=None: _Unlogged()
    sys.modules["logging"] = stand_in
    try:
        from dockerfile_parse import DockerfileParser
    finally:
        if sys.modules.get("logging") is stand_in:
            del sys.modules["logging"]
    return DockerfileParser


def parse(file) -> DockerfileDocument:
    DockerfileParser = _parser_class()

    doc = DockerfileDocument(file)
    text, heredocs = _take_heredocs(file.text)
    parser = DockerfileParser(fileobj=io.BytesIO(text.encode("utf-8")), env_replace=False)
    try:
        structure = parser.structure
    except Exception as exc:  # dockerfile-parse has no error classes of its own
        doc.problem(f"cannot be parsed as a Dockerfile ({type(exc).__name__})", 1)
        return doc
    current: Stage | None = None
    named: dict[str, Stage] = {}  # the first stage of each lower-cased name: what a later FROM <name> builds on
    for item in structure:
        name = item["instruction"].upper()
        if name == "COMMENT":
            continue
        ins = Instruction(name, item["value"], item["startline"] + 1, item["endline"] + 1, item["content"])
        if item["startline"] in heredocs:
            ins.heredocs, last = heredocs[item["startline"]]
            ins.end_line = max(ins.end_line, last + 1)
        if name not in INSTRUCTIONS:
            # quoted as written, never upper-cased: a value judged secret elsewhere in the file (a line holding
            # only the password) is then masked like any other, which matches its case; never the rest of the line
            written = (item.get("content") or name).lstrip()
            word = re.match(r"[A-Za-z0-9_-]{0,40}", written).group(0)
            hint = " (a variable assignment? use ENV or ARG)" if written[len(word):len(word) + 1] == "=" else ""
            doc.problem(f"unknown instruction {word!r}{hint}", ins.line)
            continue
        doc.instructions.append(ins)
        if name == "FROM":
            m = _FROM.match(ins.value.strip())
            base = m.group(1) if m else ins.value.strip()
            current = Stage(len(doc.stages), base, m.group(2) if m and m.group(2) else None, ins.line, ins)
            image = expand(base, doc.arg_defaults())
            current.image = image
            if image is not None:
                current.parent = named.get(image.lower())
            doc.stages.append(current)
            if current.name:
                named.setdefault(current.name.lower(), current)
            ins.stage = current
            continue
        if current is None:
            if name == "ARG":
                doc.global_args.append(ins)
                continue
            doc.problem(f"{name} before the first FROM", ins.line)
            continue
        ins.stage = current
        current.instructions.append(ins)
    stripped = text.rstrip("\r\n")
    if stripped.endswith("\\") and not stripped.splitlines()[-1].lstrip().startswith("#"):
        doc.problem("the file ends with a line continuation", len(stripped.splitlines()))
    if not doc.stages and doc.instructions:
        doc.problem("no FROM instruction", 1)
    return doc
