#!/usr/bin/env python3
"""The parse floor: read and parse every file prodlint would check, and nothing else.

    python bench/parse_floor.py [--json] [--list] PATH

A single process that lists the files the way prodlint does (``git ls-files --cached
--others --exclude-standard`` in a work tree, so ``.gitignore`` is honoured), picks
the relevant ones with the same naming rules as ``linter/classify.py``, reads them,
and parses each once with the libraries prodlint uses:

  compose     ruamel.yaml round-trip loader (``YAML(typ="rt")``)
  env         python-dotenv's ``parse_stream``
  dockerfile  dockerfile-parse (``DockerfileParser(fileobj=...).structure``)
  nginx       ``crossplane.parse(path, single=True, comments=False, check_ctx=False, ...)``
  node        tree-sitter with the JavaScript / TypeScript / TSX grammars
  package     ``json.loads``
  redis       line split and ``shlex`` tokenising (prodlint's own small parser does the same work)
  python      the standard library's ``ast.parse``

It does no rule work, builds no project model and imports nothing from prodlint, so
its time is the cost any linter using these parsers pays: a linter within a small
factor of it spends little on top of parsing. It prints the number of files per kind
(on stderr, or as JSON on stdout with ``--json``).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import time
from functools import lru_cache
from pathlib import PurePosixPath

# --- the naming rules of linter/classify.py (kept in step by hand; run.py cross-checks the counts) ---
NODE_EXTS = {".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"}
BACKEND_PACKAGES = ("express", "koa", "fastify", "@hapi/hapi", "hapi", "@nestjs/core", "restify", "@adonisjs/core")
_NOT_ENV_EXTS = {".js", ".ts", ".mjs", ".cjs", ".json", ".py", ".sh", ".md", ".yml", ".yaml", ".rb", ".go",
                 ".tsx", ".jsx", ".d", ".lock", ".txt", ".html", ".php"}
_COMPOSE = re.compile(r"^(docker-)?compose([._-][\w.-]*)?\.ya?ml$", re.I)
_DOCKERFILE = re.compile(r"^(dockerfile|containerfile)([._-][\w.-]*)?$|^[\w.-]+\.(dockerfile|containerfile)$", re.I)
_NGINX_DIR = re.compile(r"(^|/)(nginx[^/]*|sites-(available|enabled)|conf\.d|snippets|http\.d|vhosts?\.d)(/|$)", re.I)
_NGINX_SNIFF = re.compile(
    r"^\s*(server|location|upstream|http|events)\b[^;{]*\{|^\s*(listen|server_name|proxy_pass|add_header|root"
    r"|ssl_certificate|worker_processes|include|gzip|return|try_files|fastcgi_pass)\s[^\n]*;", re.M)
_BACKEND_SNIFF = re.compile(r"""(require\(|from\s+)['"](express|koa|fastify|@hapi/hapi|@nestjs/core)['"]""")
EXCLUDED_DIRS = ("node_modules", ".git", ".venv", "venv", ".tox", "__pycache__", "bower_components",
                 ".prodlint_cache")
MAX_BYTES = 2 * 1024 * 1024


def _is_env_name(lower: str) -> bool:
    if lower in (".env", "env.example", "env.sample", "env.template", "env.dist"):
        return True
    if lower.startswith(".env.") or lower.startswith("env-example") or lower.startswith("env.example"):
        return PurePosixPath(lower).suffix not in _NOT_ENV_EXTS or lower.count(".") > 2
    return lower.endswith(".env") and len(lower) > 4


def classify_name(rel: str) -> str | None:
    p = PurePosixPath(rel)
    name = p.name
    lower = name.lower()
    if _COMPOSE.match(name):
        return "compose"
    if _DOCKERFILE.match(name) and not lower.endswith((".md", ".txt", ".sh", ".json")):
        return "dockerfile"
    if lower == "package.json":
        return "package"
    if re.match(r"^redis[\w.-]*\.conf$", lower):
        return "redis"
    if _is_env_name(lower):
        return "env"
    if lower == "nginx.conf" or (lower.endswith((".conf", ".conf.template")) and _NGINX_DIR.search(rel)):
        return "nginx"
    suffix = p.suffix.lower()
    if suffix in NODE_EXTS and not lower.endswith((".d.ts", ".min.js")):
        return "node?"
    if suffix == ".py":
        return "python"
    if lower.endswith(".conf") or (_NGINX_DIR.search(rel) and "." not in name):
        return "nginx?"
    return None


@lru_cache(maxsize=None)
def _package_is_backend(rel_dir: str, root: str) -> bool | None:
    """Backend-ness of the nearest package.json at or above rel_dir; None when there is none."""
    path = os.path.join(root, rel_dir, "package.json")
    if os.path.isfile(path):
        try:
            with open(path, encoding="utf-8", errors="replace") as fh:
                data = json.loads(fh.read(1_000_000))
        except (OSError, ValueError):
            return False
        if not isinstance(data, dict):
            return False
        deps = {}
        for section in ("dependencies", "devDependencies", "peerDependencies"):
            if isinstance(data.get(section), dict):
                deps.update(data[section])
        return any(n in deps for n in BACKEND_PACKAGES)
    if rel_dir in ("", "."):
        return None
    return _package_is_backend(os.path.dirname(rel_dir), root)


def classify(root: str, rel: str) -> tuple[str | None, str | None]:
    """(kind, text when it had to be read to decide)."""
    kind = classify_name(rel)
    if kind == "node?":
        backend = _package_is_backend(os.path.dirname(rel), root)
        if backend is not None:
            return ("node" if backend else None), None
        text = read(os.path.join(root, rel))
        return ("node" if text is not None and _BACKEND_SNIFF.search(text[:16384]) else None), text
    if kind == "nginx?":
        text = read(os.path.join(root, rel))
        return ("nginx" if text is not None and len(_NGINX_SNIFF.findall(text[:16384])) >= 2 else None), text
    return kind, None


def read(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_BYTES or b"\x00" in data[:8192]:
        return None
    return data.decode("utf-8", "replace")


def list_files(root: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             capture_output=True, env=env, check=True).stdout
        names = sorted({n for n in out.decode("utf-8", "surrogateescape").split("\0") if n})
    except (OSError, subprocess.CalledProcessError):
        names = []
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in EXCLUDED_DIRS and d != "dist")
            base = os.path.relpath(dirpath, root)
            names += [f if base == "." else f"{base}/{f}" for f in sorted(filenames)]
    return [n for n in names if not any(part in EXCLUDED_DIRS for part in n.split("/")[:-1])]


# --- parsers: one per kind, with the libraries prodlint uses ---------------------------------------------
class Parsers:
    def __init__(self):
        self._yaml = None
        self._ts = {}

    def compose(self, path, text):
        if self._yaml is None:
            from ruamel.yaml import YAML
            self._yaml = YAML(typ="rt")
        return self._yaml.load(text)

    def env(self, path, text):
        from dotenv.parser import parse_stream
        return list(parse_stream(io.StringIO(text)))

    def dockerfile(self, path, text):
        from dockerfile_parse import DockerfileParser
        return DockerfileParser(fileobj=io.BytesIO(text.encode("utf-8")), env_replace=False).structure

    def nginx(self, path, text):
        import crossplane
        return crossplane.parse(path, single=True, comments=False, check_ctx=False, check_args=False,
                                catch_errors=True)

    def node(self, path, text):
        grammar = "tsx" if path.endswith(".tsx") else "typescript" if path.endswith((".ts", ".mts", ".cts")) \
            else "javascript"
        parser = self._ts.get(grammar)
        if parser is None:
            import tree_sitter
            if grammar == "javascript":
                import tree_sitter_javascript as g
                lang = g.language()
            else:
                import tree_sitter_typescript as g
                lang = g.language_tsx() if grammar == "tsx" else g.language_typescript()
            parser = self._ts[grammar] = tree_sitter.Parser(tree_sitter.Language(lang))
        return parser.parse(text.encode("utf-8"))

    def package(self, path, text):
        return json.loads(text)

    def redis(self, path, text):
        import shlex
        out = []
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                try:
                    out.append(shlex.split(line))
                except ValueError:
                    out.append(line.split())
        return out

    def python(self, path, text):
        import ast
        return ast.parse(text)


def run(root: str) -> dict:
    t0 = time.perf_counter()
    root = os.path.abspath(root)
    names = list_files(root)
    parsers = Parsers()
    counts: dict[str, int] = {}
    seconds: dict[str, float] = {}
    errors: dict[str, int] = {}
    skipped = 0
    chosen: list[tuple[str, str]] = []
    for rel in names:
        kind, text = classify(root, rel)
        if kind is None:
            skipped += 1
            continue
        path = os.path.join(root, rel)
        if os.path.islink(path) or not os.path.isfile(path):
            continue
        if text is None:
            text = read(path)
        if text is None:
            continue
        counts[kind] = counts.get(kind, 0) + 1
        chosen.append((rel, kind))
        t = time.perf_counter()
        try:
            getattr(parsers, kind)(path, text)
        except Exception:  # a malformed file costs what it costs; count it and go on
            errors[kind] = errors.get(kind, 0) + 1
        seconds[kind] = seconds.get(kind, 0.0) + time.perf_counter() - t
    return {"root": root, "listed": len(names), "skipped": skipped, "files": counts, "errors": errors,
            "seconds": time.perf_counter() - t0,
            "parse_seconds": {k: round(v, 4) for k, v in seconds.items()}, "chosen": chosen}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Read and parse every file prodlint would check (no rules).")
    ap.add_argument("path", nargs="?", default=".")
    ap.add_argument("--json", action="store_true", help="print the counts as JSON on stdout")
    ap.add_argument("--list", action="store_true", help="print each chosen file and its kind")
    args = ap.parse_args(argv)
    result = run(args.path)
    if args.list:
        for rel, kind in result["chosen"]:
            print(f"{rel}\t{kind}")
    result.pop("chosen")
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        kinds = ", ".join(f"{k} {v} in {result['parse_seconds'].get(k, 0):.2f}s"
                          for k, v in sorted(result["files"].items()))
        print(f"parse floor: {sum(result['files'].values())} files parsed ({kinds}); {result['skipped']} of "
              f"{result['listed']} listed files skipped; {sum(result['errors'].values())} parse errors; "
              f"{result['seconds']:.2f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
