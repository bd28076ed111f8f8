"""What makes a route's path a debug or test endpoint, whatever framework declares it."""
from __future__ import annotations

# segments that name a debug or test endpoint (`config` is not among them: each rule decides when a
# configuration route hands out the whole configuration)
DEBUG_SEGMENTS = frozenset({"debug", "test", "dev", "phpinfo", "env", "environment", "heapdump", "_debug",
                            "debugger", "dump"})


def debug_segment(segment: str) -> bool:
    """A lower-case path segment that names a debug or test endpoint: one of the words above, anything
    starting with `debug`, or a private `__name` (a probe such as `__health` is the caller's to exempt)."""
    return segment in DEBUG_SEGMENTS or segment.startswith("debug") or segment.startswith("__") and len(segment) > 2
