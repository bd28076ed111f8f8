"""Example configuration files must hold placeholders, not real secrets.

## What it does
Reports values in example files (`.env.example`, `.env.sample`, `env.template`, `docker-compose.example.yml`
and the like) that look like real credentials: a token in a vendor's format (AWS, GitHub, Stripe live keys,
Slack, SendGrid, Google, private keys, JWTs), or a long random-looking value in a secret-named variable
(`JWT_SECRET`, `*_API_KEY`, `*_PASSWORD`), including a random-looking password inside a connection string.
A value spelled from its own variable's name and digits (`EMAIL_HOST_PASSWORD=emailpassword123`) is a
placeholder written to show the format, and so is one of lowercase words run together that describes the value
wanted (`LEGACY_AUTH_TOKEN=longvalueofnumbersandletters.inbothcases.splitin3by2periods`: nearly all letters, with
vowels as often as English words have them, where a random token has few vowels or many digits, and words of a
description, "value", "letters", "random"; a passphrase of other words, `tundra.basin7.clever.oyster9.maple`,
is a real one).

## Why it matters in production
Example files are committed on purpose and read by everyone with access to the repository, forks included.
When a real value lands there — typically by copying `.env` to `.env.example` — it is leaked, and people
also tend to deploy the example's values unchanged. Rotate the credential, then replace it with a
placeholder that cannot work (`JWT_SECRET=<generate with: openssl rand -base64 48>`).

## Example
```env path=.env.example
JWT_SECRET=9fK2xQ7mP4vR8nT1wY6zB3cL5hJ0dG2sA7eU4iO9pX1q
```

## Use instead
```env path=.env.example
JWT_SECRET=<generate with: openssl rand -base64 48>
```

## References
- https://docs.github.com/en/code-security/secret-scanning/about-secret-scanning
- https://12factor.net/config
"""
from linter.api import RuleMeta, lazy
from linter.api.secrets import (is_secret_name, known_format, looks_real_secret, secret_value, spelled_from_name,
    url_password, written_settings)

META = RuleMeta(
    id="ENV018", name="real-secret-in-example", kinds=("env", "compose"), severity="error",
    checklist=("secrets.in-repo",), cwe=(798, 540), roles=("example",),
)
MESSAGES = {
    "real": "{name} in this example file looks like a real credential; rotate it and replace the value with a "
            "placeholder",
}


# lowercase words run together, a few digits among them, in segments: what a person writes to describe the value
# wanted ("longvalueofnumbersandletters.inbothcases.splitin3by2periods"), never a generator's output
_SEGMENTED_LOWER = lazy(r"[a-z][a-z0-9]{2,80}(?:[-_.:/][a-z0-9]{1,80}){0,12}")
_VOWELS = frozenset("aeiou")
# five consonants in a row ("y" aside, a vowel as often as not): rare in English words, common in random letters
_CONSONANT_RUN = lazy(r"[b-df-hj-np-tv-xz]{5}")
# the words such a description is made of: what the value is and how to make it. Two of them, because a passphrase
# is also English words run together with a few digits (`tundra.basin7.clever.oyster9.maple`), and it is a real
# one; words that hide inside a passphrase's words ("key" in "monkey") are left out
_DESCRIBING = ("value", "letter", "number", "digit", "char", "random", "string", "long", "secret", "token", "password",
               "your", "here", "insert", "replace", "change", "generate", "placeholder", "example", "case", "period",
               "split", "lower", "upper", "length")


def _described_in_words(value: str) -> bool:
    """A value of run-together lowercase words that describe a value: nearly all letters, vowels as often as in
    English words (two in five letters), no long run of consonants, and two words of a description; a random
    lowercase token has one vowel in five letters and runs of consonants, hex and base36 many digits."""
    if not _SEGMENTED_LOWER.fullmatch(value) or _CONSONANT_RUN.search(value):
        return False
    letters = [c for c in value if c.isalpha()]
    digits = sum(c.isdigit() for c in value)
    return len(letters) >= 16 and digits * 10 <= len(value) and \
        sum(c in _VOWELS for c in letters) * 3 >= len(letters) and sum(w in value for w in _DESCRIBING) >= 2


def check(doc, ctx):
    for s in written_settings(ctx.model, doc):
        value = s.value.strip()
        password = url_password(value)
        judged = password if password else value
        if known_format(value) or (is_secret_name(s.name) or password) and looks_real_secret(judged) \
                and not spelled_from_name(s.name, judged) and not _described_in_words(judged):
            yield ctx.finding(s.key_span, s.key, "real", path=s.path, secret=secret_value(judged), name=s.name)
