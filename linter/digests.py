"""SHA digests of the short texts a run names things by (a finding's fingerprint, a rule module's name, a cache
file's name), from Python's own C modules: ``hashlib`` loads OpenSSL, a tenth of the imports of a pre-commit
run on three files, for digests of a few dozen bytes each. The values are the same as hashlib's. Large or
incremental digests (a tree's listing, a result cache's contents) keep hashlib, where OpenSSL is several
times faster."""
from __future__ import annotations


def _builtin(name: str):
    try:
        if name == "sha256":
            try:
                from _sha256 import sha256 as found  # Python 3.11
            except ImportError:
                from _sha2 import sha256 as found  # Python 3.12 and later
        else:
            from _sha1 import sha1 as found
    except ImportError:  # a Python built without them
        import hashlib
        found = getattr(hashlib, name)
    return found


sha256 = _builtin("sha256")
sha1 = _builtin("sha1")


def sha256_hex(data: bytes) -> str:
    return sha256(data).hexdigest()


def sha1_hex(data: bytes) -> str:
    return sha1(data).hexdigest()
