"""Whether the repository's Python code reads a JWT back (decodes or verifies one), for PY014: a token that no
code ever decodes is an opaque string whose `exp` no one would check. Only Python files are read: they are
the files a Python rule's run always lists, so the answer does not depend on which rules were selected."""
from __future__ import annotations

import re

from ..lazyre import lazy

_NAMES_JWT = lazy(r"jwt|jose|jws", re.I)
# a decode or verify call (PyJWT, python-jose, authlib), or a framework that verifies the JWTs it is handed
# (SimpleJWT, Flask-JWT-Extended, djangorestframework-jwt, fastapi-jwt-auth)
_READS = lazy(r"\b(decode|decode_complete|verify|jwtVerify|get_unverified_claims|get_unverified_header|"
              r"decode_token|verify_jwt_in_request|jwt_required)\s*\(|simplejwt|flask_jwt_extended|"
              r"rest_framework_jwt|fastapi_jwt|JWTAuthentication|JWTBearer|PyJWKClient")


def jwt_read_back(project) -> bool:
    """Whether a Python file of the repository, of any role (a test decoding the token says some code does
    too), decodes or verifies a JWT; computed once per run."""
    return project.models.get("jwt_reads", lambda: _scan(project))


def _scan(project) -> bool:
    for file in project.files:
        if file.kind != "python":
            continue
        loaded = file.loaded
        text = file.text  # an unreadable file reads as ""
        if not loaded:
            file.release()  # read for a regex: the file's own check reads it again
        if text and _NAMES_JWT.search(text) and _READS.search(text):
            return True
    return False
