"""Dockerfiles through dockerfile-parse, grouped into build stages.

dockerfile-parse joins continuation lines and keeps each instruction's first and
last line; this module adds stages, exec-form detection and the problems
dockerfile-parse tolerates silently (unknown instructions, a dangling ``\\``).
"""
from __future__ import annotations

import io
import json
import re
import shlex
from dataclasses import dataclass, field

from ..api import Span
from . import Document

INSTRUCTIONS = {"FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
                "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}


@dataclass
class Instruction:
    name: str  # upper case
    value: str  # continuation lines joined
    line: int  # 1-based first line
    end_line: int
    raw: str  # original text, continuations included
    stage: "Stage | None" = None

    @property
    def span(self) -> Span:
        return Span(self.line, 1, self.end_line, len(self.raw.rstrip("\n").splitlines()[-1]) + 1
                    if self.raw.strip() else 2)

    @property
    def exec_form(self) -> list[str] | None:
        """The JSON array of an exec-form CMD/ENTRYPOINT/RUN, or None for shell form."""
        text = self.value.strip()
        if not text.startswith("["):
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return None
        return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None

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


@dataclass
class Stage:
    index: int
    base: str  # image reference as written (may hold ${ARG})
    name: str | None
    line: int
    from_instruction: Instruction
    instructions: list[Instruction] = field(default_factory=list)

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
        if name_or_index is None:
            return self.final_stage
        for stage in self.stages:
            if stage.name is not None and stage.name.lower() == str(name_or_index).lower():
                return stage
            if str(stage.index) == str(name_or_index):
                return stage
        return None

    def stage_names(self) -> set[str]:
        return {s.name.lower() for s in self.stages if s.name}


_FROM = re.compile(r"^(?:--\S+\s+)*(\S+)(?:\s+as\s+(\S+))?", re.I)


def parse(file) -> DockerfileDocument:
    from dockerfile_parse import DockerfileParser

    doc = DockerfileDocument(file)
    text = file.text
    parser = DockerfileParser(fileobj=io.BytesIO(text.encode("utf-8")), env_replace=False)
    try:
        structure = parser.structure
    except Exception as exc:  # dockerfile-parse has no error classes of its own
        doc.problem(f"cannot be parsed as a Dockerfile ({type(exc).__name__})", 1)
        return doc
    current: Stage | None = None
    for item in structure:
        name = item["instruction"].upper()
        if name == "COMMENT":
            continue
        ins = Instruction(name, item["value"], item["startline"] + 1, item["endline"] + 1, item["content"])
        if name not in INSTRUCTIONS:
            doc.problem(f"unknown instruction {name[:40]!r}", ins.line)
            continue
        doc.instructions.append(ins)
        if name == "FROM":
            m = _FROM.match(ins.value.strip())
            base = m.group(1) if m else ins.value.strip()
            current = Stage(len(doc.stages), base, m.group(2) if m and m.group(2) else None, ins.line, ins)
            doc.stages.append(current)
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
