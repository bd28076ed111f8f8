"""docker compose's variable interpolation: ``$VAR``, ``${VAR}``, ``${VAR:-d}``, ``${VAR-d}``,
``${VAR:?e}``, ``${VAR?e}``, ``${VAR:+a}``, ``${VAR+a}``, nesting in defaults, and ``$$``."""
from __future__ import annotations

from ..lazyre import lazy
from ..record import NamedTuple

_NAME = lazy(r"[A-Za-z_][A-Za-z0-9_]*")


# a NamedTuple, not a frozen dataclass: cheaper to import and to build (docs/architecture.md, "Records")
class Interpolated(NamedTuple):
    """A value after compose's variable interpolation, and where its parts came from."""
    text: str  # the value compose would use; unknown parts are left as written
    runtime: bool  # depends on a variable only the deploy environment provides
    from_env_file: bool  # a variable was taken from the .env file
    defaulted: bool = False  # a ``${VAR:-default}`` default written in the file was used


def interpolate(value: str, env: dict[str, str]) -> Interpolated:
    state = {"runtime": False, "env": False, "default": False}
    text = _expand(value, env, state)
    return Interpolated(text, state["runtime"], state["env"], state["default"])


def _lookup(name: str, env: dict[str, str], state: dict) -> str | None:
    if name in env:
        state["env"] = True
        return env[name]
    return None


MAX_NESTING = 32


def _expand(value: str, env: dict[str, str], state: dict, depth: int = 0) -> str:
    out = []
    i, n = 0, len(value)
    while i < n:
        ch = value[i]
        if ch != "$":
            out.append(ch)
            i += 1
            continue
        if value.startswith("$$", i):
            out.append("$")
            i += 2
            continue
        if value.startswith("${", i):
            end = _closing(value, i + 2)
            if end == -1:
                out.append(value[i:])
                break
            out.append(_braced(value[i + 2:end], value[i:end + 1], env, state, depth + 1))
            i = end + 1
            continue
        m = _NAME.match(value, i + 1)
        if not m:
            out.append("$")
            i += 1
            continue
        found = _lookup(m.group(0), env, state)
        if found is None:
            state["runtime"] = True
            out.append(m.group(0).join(("${", "}")))
        else:
            out.append(found)
        i = m.end()
    return "".join(out)


def _closing(value: str, start: int) -> int:
    depth = 1
    i = start
    while i < len(value):
        if value.startswith("${", i):
            depth += 1
            i += 2
            continue
        if value[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _braced(body: str, written: str, env: dict[str, str], state: dict, depth: int = 1) -> str:
    if depth > MAX_NESTING:  # compose would follow it; a linter need not
        state["runtime"] = True
        return written
    m = _NAME.match(body)
    if not m:
        return written
    name, rest = m.group(0), body[m.end():]
    found = _lookup(name, env, state)
    for op in (":-", "-", ":?", "?", ":+", "+"):
        if rest.startswith(op):
            arg = rest[len(op):]
            empty_counts = op.startswith(":")
            missing = found is None or (empty_counts and found == "")
            if op in (":-", "-"):
                if not missing:
                    return found
                state["default"] = True
                return _expand(arg, env, state, depth)
            if op in (":?", "?"):
                if missing:
                    state["runtime"] = True  # compose refuses to start without it: a deploy-time value
                    return written
                return found
            return "" if missing else _expand(arg, env, state, depth)
    if rest:
        return written
    if found is None:
        state["runtime"] = True
        return written
    return found
