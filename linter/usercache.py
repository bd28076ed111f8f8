"""Small JSON files in the user's cache folder: validated rule indexes, the parsed checklist, per-file results.

The cache folder is not trusted (a CI cache can be restored from another branch or a fork, and anyone who
can write the folder can edit it): every file is sealed with an HMAC under a key kept outside it, in the
user's configuration folder, and a file whose seal does not verify is not read. Everything here can be
rebuilt: a missing, damaged, tampered or unwritable cache only costs time, never a crash or a changed result.
"""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

_KEEP = 16  # entries per namespace: enough for a few installed versions and rule folders
_KEY_BYTES = 32
MAX_CACHE_FILE = 256 * 1024 * 1024  # a sealed file larger than this is no cache of ours


def cache_dir() -> Path | None:
    if os.environ.get("PRODLINT_NO_CACHE"):
        return None
    base = os.environ.get("PRODLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "prodlint")
    return Path(base)


def _key_path() -> Path:
    explicit = os.environ.get("PRODLINT_CACHE_KEY_FILE")
    if explicit:
        return Path(explicit)
    config = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(config) / "prodlint" / "cache.key"


_key_memo: list[bytes | None] = []


def seal_key() -> bytes | None:
    """The user's cache key, created on first use (0600); None when it can be neither read nor made (then
    nothing is cached)."""
    if _key_memo:
        return _key_memo[0]
    path = _key_path()
    key = _read_key(path)
    if key is None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(os.urandom(_KEY_BYTES))
            try:
                os.link(tmp, path)  # never replaces a key another process made first
            except FileExistsError:
                pass
            finally:
                tmp.unlink(missing_ok=True)
        except OSError:
            pass
        key = _read_key(path)
    _key_memo.append(key)
    return key


def _read_key(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size != _KEY_BYTES or st.st_mode & 0o077 \
                or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
            return None  # a key others can read or write seals nothing
        data = os.read(fd, _KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == _KEY_BYTES else None


_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))


_OPENSSL_WORTH = 512 * 1024  # Python's own SHA-256 takes some 5 ms a megabyte, OpenSSL's a tenth of that


def hmac_sha256(key: bytes, data: bytes) -> str:
    """The hex HMAC-SHA-256 of ``data`` under ``key`` (RFC 2104), as ``hmac.new(key, data, "sha256")`` gives it:
    OpenSSL's when it is loaded already or the data is large enough to repay loading it (a result cache of a
    large tree), else Python's own (a pre-commit run's few small files)."""
    if len(data) > _OPENSSL_WORTH or "_hashlib" in sys.modules:
        import hmac
        return hmac.new(key, data, "sha256").hexdigest()
    from .digests import sha256
    if len(key) > 64:
        key = sha256(key).digest()
    key = key.ljust(64, b"\0")
    inner = sha256(key.translate(_IPAD))
    inner.update(data)
    outer = sha256(key.translate(_OPAD))
    outer.update(inner.digest())
    return outer.hexdigest()


def _mac(key: bytes, payload: bytes) -> bytes:
    """The seal of a payload: keyed BLAKE2b-256 (RFC 7693's keyed mode, a MAC; 32-byte key, 32-byte tag) from
    Python's own module. Every run unseals a few hundred kilobytes (the kept patterns, the rule index, a
    replay entry), which Python's own SHA-256 took 14M instructions for and OpenSSL's cost its 12M import;
    BLAKE2b takes a third of either, loads nothing else, and is as fast as OpenSSL on a tree's result cache."""
    try:
        from _blake2 import blake2b
    except ImportError:  # a Python built without it
        from hashlib import blake2b
    return blake2b(payload, key=key, digest_size=32).hexdigest().encode()


def seal(payload: bytes) -> bytes | None:
    key = seal_key()
    if key is None:
        return None
    return _mac(key, payload) + b"\n" + payload


def unseal(data: bytes) -> bytes | None:
    key = seal_key()
    mac, sep, payload = data.partition(b"\n")
    if key is None or not sep:
        return None
    from _operator import _compare_digest  # what hmac.compare_digest is, without hmac's import of hashlib
    return payload if _compare_digest(mac, _mac(key, payload)) else None


def read_sealed(path: Path) -> bytes | None:
    """The payload of a sealed cache file; None when it is missing, not a regular file, too large, or not
    sealed with the user's key."""
    from .files import Unreadable, read_bytes
    try:
        data = read_bytes(path, MAX_CACHE_FILE)
    except Unreadable:
        return None
    return unseal(data)


def read_sealed_json(path: Path):
    """The JSON value of a sealed cache file; None when it is missing, not a regular file, too large, not
    sealed with the user's key, or not JSON."""
    payload = read_sealed(path)
    if payload is None:
        return None
    import json  # here, not at the top: linter.recache reads this module before json's patterns are kept
    try:
        return json.loads(payload.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def read_sealed_marshal(path: Path):
    """The value of a sealed file written by ``write_sealed_marshal``; None when it is missing, damaged, not
    sealed with the user's key, or written by another Python (marshal's format is the interpreter's own). Only a
    payload whose seal verifies is unmarshalled: what the user's own runs wrote, never a file someone put there."""
    payload = read_sealed(path)
    if payload is None:
        return None
    import marshal
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None


def write_sealed_marshal(path: Path, data) -> bool:
    """Like ``write_sealed_json`` for data of dicts, lists, strings and numbers, which marshal reads back in
    half the time json does (the result cache of a large tree: a megabyte on every warm run)."""
    import marshal
    return write_sealed(path, marshal.dumps(data))


def write_sealed_json(path: Path, data) -> bool:
    """Write atomically (a reader sees the old file or the new one); False when it could not be written."""
    import json
    return write_sealed(path, json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogateescape"))


def write_sealed(path: Path, payload: bytes) -> bool:
    """Seal and write atomically (a reader sees the old file or the new one); False when it could not be."""
    sealed = seal(payload)
    if sealed is None:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _new_file(path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(sealed)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


def _new_file(folder: Path) -> tuple[int, str]:
    """A new file of this user's alone (0600) in ``folder``, as ``tempfile.mkstemp(dir=folder, suffix=".tmp")``
    makes one: created exclusively, never through a link, under a random name. tempfile itself imports shutil,
    random and the compression modules: 16M instructions, a tenth of a pre-commit run that records itself."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f"tmp{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, flags, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder}: no free temporary name")


def read_json(namespace: str, key: str):
    base = cache_dir()
    if base is None:
        return None
    return read_sealed_json(base / namespace / f"{key}.json")


def write_json(namespace: str, key: str, data) -> None:
    _write(namespace, f"{key}.json", lambda path: write_sealed_json(path, data))


def _write(namespace: str, name: str, writer) -> None:
    base = cache_dir()
    if base is None:
        return
    folder = base / namespace
    if not writer(folder / name):
        return
    try:
        suffix = name[name.rindex("."):]
        entries = sorted(folder.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
