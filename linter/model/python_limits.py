"""Request body limits of Django and Flask: which settings hold them and what a value is worth.

Django: None lifts a limit. Flask: MAX_CONTENT_LENGTH None (its default) reads any body; MAX_FORM_MEMORY_SIZE
(Flask 3.1) caps the non-file part of a form.
"""
from __future__ import annotations

DJANGO_BODY_LIMITS = ("DATA_UPLOAD_MAX_MEMORY_SIZE",)
DJANGO_COUNT_LIMITS = ("DATA_UPLOAD_MAX_NUMBER_FIELDS", "DATA_UPLOAD_MAX_NUMBER_FILES")
FLASK_BODY_LIMITS = ("MAX_CONTENT_LENGTH", "MAX_FORM_MEMORY_SIZE")


def byte_size(value) -> int | None:
    """Bytes a limit setting holds: an int, or digits written as a string; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
