"""Patterns the Python rules and model run over whole files or long literals: each must answer as it did on
ordinary input and must not backtrack on the inputs that made earlier versions quadratic or exponential
(the sizes here took seconds to minutes before; they now take a single pass)."""
from __future__ import annotations

from rules.python.secret_key import _not_a_credential, _prose


def test_prose_is_a_sentence_or_a_template_never_a_key_or_a_passphrase():
    assert _prose("Did you ask for a new password on {site}? Ignore this email if you did not.")
    assert _prose("Use twelve characters or more, with digits")
    assert _prose("Hello {{ user }} welcome")
    assert not _prose("correct horse battery staple orbit lantern")
    assert not _prose("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAzZ3n. Lj4Hc9Ry2. Vu6Fo1Ea8, Zi3Sx7Mk0.\n"
                      "-----END RSA PRIVATE KEY-----")
    assert not _prose("k2#9fj3LmQ8!zx7Vb4Np0wRt6Ys1Ue5Hc")


def test_prose_reads_a_long_value_in_one_pass():
    # a 30 KB one-word value: the old pattern's overlapping \w+[\w'...]* took 17 s on it
    assert not _prose("a" * 30_000)
    assert not _not_a_credential("API_SECRET", "a" * 30_000)
    assert not _prose("a." * 15_000)  # one "word": no sentence
    assert not _prose(" " * 30_000 + "{x}")
