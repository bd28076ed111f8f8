"""Properties of the secret helpers: nothing a rule judged secret gets through, and no judgement repeats a value."""
from __future__ import annotations

import base64
import os
import string

import pytest

from hypothesis import assume, given

from conftest import lint
from hypothesis import strategies as st

from linter.secrets import (
    Redactor, hardcoded_secret, is_placeholder, is_secret_name, looks_real_secret, mask_line, password_weakness, url_password,
    weakness,
)

# Characters a value can hold without ending the assignment it is written in (no space, quote, comma or ';').
VALUE_CHARS = string.ascii_letters + string.digits + "!@%^&*()_+-=[]{}<>?/.:~|#"
values = st.text(alphabet=VALUE_CHARS, min_size=4, max_size=40)
any_text = st.text(max_size=80)
SECRET_NAMES = ["JWT_SECRET", "DB_PASSWORD", "POSTGRES_PASSWORD", "API_KEY", "STRIPE_SECRET_KEY", "GITHUB_TOKEN",
                "SESSION_SECRET", "password", "apiKey", "AWS_SECRET_ACCESS_KEY", "REDIS_PASS", "client_secret"]
KEPT = ("$", "true", "false", "null", "none", "process.env", "os.environ")  # references, not values


@given(secrets=st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=5), pieces=st.lists(any_text,
       max_size=6), data=st.data())
def test_redactor_never_lets_an_added_value_through(secrets, pieces, data):
    redactor = Redactor()
    for value in secrets:
        redactor.add(value)
    kept = [v.strip() for v in secrets if len(v.strip()) >= 3]
    assume(kept)
    text = "".join(p + data.draw(st.sampled_from(secrets)) for p in pieces) if pieces else secrets[0]
    scrubbed = redactor.scrub(text)
    for value in kept:
        assert value not in scrubbed


@given(value=st.text(min_size=3, max_size=30), text=any_text)
def test_redactor_leaves_unrelated_text_alone(value, text):
    assume(value.strip() and value.strip() not in text and len(value.strip()) >= 3)
    redactor = Redactor()
    redactor.add(value)
    assert redactor.scrub(text) == text


def test_redactor_masks_overlapping_values():
    redactor = Redactor()
    redactor.add("abcd")
    redactor.add("cdef")
    assert redactor.scrub("xxabcdefyy") == "xx****yy"


def test_redactor_mask_never_completes_a_value():
    redactor = Redactor()
    redactor.add("***")
    redactor.add("a**")
    assert "***" not in redactor.scrub("a*** and ***")


@given(name=st.sampled_from(SECRET_NAMES), value=values,
       shape=st.sampled_from(["{k}={v}", "{k}: {v}", "  - {k}={v}", "ENV {k} {v}", "ARG {k}={v}", '"{k}": "{v}",',
                              "export {k}='{v}'", "{k} = \"{v}\"  # note", "      {k}: '{v}'"]))
def test_mask_line_hides_values_of_secret_named_assignments(name, value, shape):
    assume(not value.lower().startswith(KEPT))
    line = shape.format(k=name, v=value)
    assume(value not in shape.format(k=name, v=""))  # the value is not spelled by the rest of the line
    assert value not in mask_line(line)


@given(user=st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=8),
       password=st.text(alphabet=string.ascii_letters + string.digits + "!*-_.~", min_size=4, max_size=24),
       scheme=st.sampled_from(["postgres", "postgresql", "mysql", "redis", "mongodb+srv", "amqp"]),
       name=st.sampled_from(["DATABASE_URL", "url", "CACHE", "BROKER"]))
def test_mask_line_hides_url_passwords(user, password, scheme, name):
    line = f"{name}={scheme}://{user}:{password}@db.example.com:5432/app"
    assume(password not in line.replace(f":{password}@", ":@"))
    assert password not in mask_line(line)
    assert url_password(f"{scheme}://{user}:{password}@db.example.com/app") == password


def test_mask_line_keeps_references_and_plain_settings():
    assert mask_line("JWT_SECRET=${JWT_SECRET}") == "JWT_SECRET=${JWT_SECRET}"
    assert mask_line("NODE_ENV=production") == "NODE_ENV=production"
    assert mask_line("JWT_SECRET: ${JWT_SECRET:-changeme}").count("changeme") == 0


@given(value=st.text(min_size=3, max_size=60), minimum=st.integers(min_value=8, max_value=64))
def test_weakness_never_repeats_the_value(value, minimum):
    why = weakness(value, minimum)
    assume(why is not None and len(value.strip()) >= 3)
    # a value that is one of the message's own words ("placeholder") is there as prose, not repeated
    assume(not (value.strip().isalpha() and value.strip().lower() in why.lower().split()))
    assert value.strip() not in why


@given(value=st.text(alphabet=VALUE_CHARS, min_size=1, max_size=60), minimum=st.integers(min_value=8, max_value=64))
def test_weakness_accepts_nothing_shorter_than_the_minimum(value, minimum):
    assume(not value.startswith("$"))
    if weakness(value, minimum) is None:
        assert len(value.strip()) >= minimum


@given(value=st.text(min_size=1, max_size=40), user=st.none() | st.text(max_size=10))
def test_password_weakness_never_repeats_the_value(value, user):
    why = password_weakness(value, 16, user)
    if why is not None and len(value.strip()) >= 3:
        assert value.strip() not in why


def test_generated_secrets_are_strong_and_real():
    for _ in range(200):
        value = base64.b64encode(os.urandom(36)).decode()
        assert weakness(value) is None
        assert password_weakness(value) is None
        assert looks_real_secret(value)
        assert hardcoded_secret("JWT_SECRET", value)


def test_random_values_that_happen_to_spell_a_placeholder_word_are_not_placeholders():
    # values os.urandom gave: "xxx" and "key" inside, "xXx" at the start, "xXX" before base64's own "+"
    for value in ("wFRgvxcOAxfD5fxXxfnaukKMIkEydZRmM9xgBXg6cqa4mTwb", "xXxnKq/tCtWwonIj1VhJumVABimN7WMmsN9hHHYsPjAGDloa",
                  "xXX+fzDqwYkl013NEwgdEo+ORfLfmf1wF29emymSppN2ng4/", "xxx/fzDqwYkl013NEwgdEo+ORfLfmf1wF29emymSppN2"):
        assert weakness(value) is None, value
    for value in ("ChangeMe123", "your-api-key", "putyourkeyhere", "dev-secret-key", "YOUR_SECRET_HERE", "XXX-key",
                  "xxx_secret"):
        assert weakness(value) is not None, value


def test_a_value_that_describes_the_value_to_put_is_a_placeholder():
    # LinkAce's `.env.example`, which its release image ships as `.env`: "The app key is generated later"
    for value in ("someRandomStringWith32Characters", "random_string_of_32_chars", "a-long-random-string",
                  "SomeRandomString"):
        assert is_placeholder(value), value
    # words by chance inside random values, and a real value that names a string once
    for value in ("wFRgvxcOAxfD5fxXxfnaukKMIkEydZRmM9xgBXg6cqa4mTwb", "stringCharsQ8vK2mZ7pX4wR9tL3nB6yH1jD5fG0sA",
                  "kZ7pstring9QmW4xR2vN8bT5yL1hJ6dF3gS0aC"):
        assert not is_placeholder(value), value


def test_settings_about_password_resets_are_not_passwords():
    # redash's THROTTLE_PASS_RESET_PATTERN and CTFd's DEFAULT_PASSWORD_RESET_SUBJECT name a rate and an email
    for name in ("THROTTLE_PASS_RESET_PATTERN", "DEFAULT_PASSWORD_RESET_SUBJECT", "PASSWORD_RESET_TEMPLATE"):
        assert not is_secret_name(name), name


def test_public_tokens_are_not_secret_names_and_jenkins_psw_is():
    # Mapbox and similar services issue tokens meant for every browser, as a PUBLIC_KEY is; Jenkins binds a
    # username/password credential as X_USR and X_PSW
    for name in ("public_token", "MAPBOX_PUBLIC_TOKEN", "NEXT_PUBLIC_TOKEN", "PUBLISHABLE_TOKEN", "ARTIFACTORY_USR"):
        assert not is_secret_name(name), name
    for name in ("ARTIFACTORY_PSW", "REGISTRY_PSW", "PUBLIC_PASSWORD", "PUBLIC_API_TOKEN", "PUBLIC_TOKEN_SECRET",
                 "GITHUB_TOKEN"):
        assert is_secret_name(name), name


def test_a_captcha_site_key_is_public_and_its_secret_key_is_not():
    for name in ("RECAPTCHA_KEY", "HCAPTCHA_KEY", "recaptchaKey", "CAPTCHA_SITE_KEY", "TURNSTILE_KEY"):
        assert not is_secret_name(name), name
    for name in ("RECAPTCHA_SECRET_KEY", "RECAPTCHA_PRIVATE_KEY", "HCAPTCHA_SECRET", "TURNSTILE_SECRET_KEY",
                 "CAPTCHA_API_KEY"):
        assert is_secret_name(name), name


def test_checklist_placeholders_are_weak():
    for value in ("secret", "changeme", "<STRONG_RANDOM_SECRET_32_CHARS_MIN>", "your-secret-here",
                  "a" * 40, "1234567890" * 4, "my-super-secret-jwt-key-for-production"):
        assert weakness(value) is not None, value


@given(name=st.sampled_from(SECRET_NAMES), suffix=st.sampled_from(["_FILE", "_PATH", "_EXPIRES_IN", "_LENGTH",
                                                                   "_ENABLED", "_ALGORITHM", "_URL",
                                                                   "_PATTERN", "_SUBJECT", "_TEMPLATE",
                                                                   "_LOCK_TIME", "_THRESHOLD", "_SAVED_MARK",
                                                                   "_CHANGED"]))
def test_names_about_a_secret_are_not_secret_names(name, suffix):
    assert is_secret_name(name)
    assert not is_secret_name(name + suffix)


@given(name=st.sampled_from(SECRET_NAMES), value=st.sampled_from(["${X}", "$X", "<your key>", "changeme", "",
                                                                  "/run/secrets/db", "xxxxxxxx", "{{ secret }}",
                                                                  "15 minutes", "1.5h", "***CHANGED***"]))
def test_references_and_placeholders_are_not_hardcoded_secrets(name, value):
    assert not hardcoded_secret(name, value)


@given(name=st.sampled_from(SECRET_NAMES))
def test_one_kind_of_an_enumeration_is_not_a_secret_name(name):
    # SCAN_TYPE_SECRETS = "Secrets Scan", FIELD_TYPE_PASSWORD = "password": the secret word names a category
    assert not is_secret_name("SCAN_TYPE_" + name)
    assert not is_secret_name("FIELD_KIND_" + name)


def test_session_entries_and_signer_namespaces_are_not_credentials_random_ones_are():
    from linter.api.secrets import not_a_credential
    # Django's own django.contrib.auth.SESSION_KEY = "_auth_user_id"; itsdangerous and Django's signing take a
    # salt as a namespace, documented as needing no secrecy
    for name, value in (("SESSION_KEY", "_auth_user_id"), ("FACE_SESSION_KEY", "face_token"),
                        ("VERIFICATION_SALT", "email-verification"), ("SESSION_SIGNER_SALT", "js_session"),
                        ("MODULE_TOKEN", "{module}"), ("NAME_TOKEN", "%(name)s")):
        assert not_a_credential(name, value), (name, value)
    for name, value in (("SESSION_KEY", "h7GqPz9Lx2VbN4kRt8Wm"), ("SECURITY_PASSWORD_SALT", "f3Kq9ZxV2mLp7RwT4nB8"),
                        ("SIGNING_COOKIE_KEY", "super_secret_cookie"), ("COOKIE_KEY", "secret_session_token"),
                        ("API_TOKEN", "{module}x9Lq")):
        assert not not_a_credential(name, value), (name, value)


def test_vendor_tokens_are_hardcoded_under_any_name():
    assert hardcoded_secret("mailChimp", "0123456789abcdef0123456789abcdef-us12".replace("0123", "f4e1"))
    assert hardcoded_secret("X", "AKIAQ3XK7PL2MZ4RTW9V")
    assert not hardcoded_secret("GREETING", "hello world")


@given(line=st.text(alphabet=string.ascii_letters + " =", min_size=1, max_size=40), data=st.data())
def test_mask_ranges_hides_every_range(line, data):
    from linter.secrets import mask_ranges, secret_ranges
    starts = data.draw(st.lists(st.integers(min_value=0, max_value=len(line) - 1), min_size=1, max_size=4))
    values = {line[s:s + data.draw(st.integers(min_value=3, max_value=8))] for s in starts}
    values = {v for v in values if len(v) >= 3 and "\n" not in v}
    assume(values)
    masked = mask_ranges(line, 1, secret_ranges(line, values))
    for value in values:
        assert value not in masked or value in Redactor.MASK


@given(name=st.sampled_from(SECRET_NAMES),
       words=st.lists(st.text(alphabet=string.ascii_letters + string.digits + "!*-_.~", min_size=3, max_size=10),
                      min_size=2, max_size=5),
       shape=st.sampled_from(["{k}={v}", "      {k}: {v}", "  - {k}={v}", '  - "{k}={v}"', "export {k}={v}",
                              "{k}: {v}  # rotated yearly"]))
def test_mask_line_hides_every_word_of_an_unquoted_passphrase(name, words, shape):
    # an unquoted env or YAML value runs to the end of the line: masking its first word left the rest shown
    value = " ".join(words)
    assume(not value.lower().startswith(KEPT) and not value.startswith(("-", "*", "!", "~")))
    line = shape.format(k=name, v=value)
    masked = mask_line(line)
    rest = shape.format(k=name, v="")
    for word in words:
        if word not in rest:
            assert word not in masked, (line, masked)


def test_mask_line_leaves_yaml_code_and_block_values_to_the_other_passes():
    assert mask_line("    JWT_SECRET: ${JWT_SECRET}") == "    JWT_SECRET: ${JWT_SECRET}"
    assert mask_line("title: hello world") == "title: hello world"
    assert mask_line("  SECRET_KEY: keyboard cat # local") == "  SECRET_KEY: **** # local"


def test_mask_message_keeps_advice_to_require_a_variable_but_masks_a_default():
    from linter.secrets import mask_message
    advice = "use `${MYSQL_ROOT_PASSWORD:?}` so a missing value stops the deploy"
    assert mask_message(advice) == advice
    assert "hunter2xyz" not in mask_message("set `${DB_PASSWORD:-hunter2xyz}` here")


GITEA_LIKE = """services:
  gitea:
    image: gitea/gitea:1.22.3
    restart: always
    environment:
      - GITEA__database__USER=gitea
      - GITEA__database__PASSWD=gitea
  db:
    image: postgres:16.4
    restart: always
    environment:
      - POSTGRES_USER=gitea
      - POSTGRES_PASSWORD=gitea
      - POSTGRES_DB=gitea
      - REPLICA_PASSWORD=Zk3qP9vXw2LmT7rB
"""


def test_a_password_equal_to_a_name_printed_anyway_does_not_garble_every_message(tmp_path):
    """`POSTGRES_PASSWORD=gitea` beside `POSTGRES_USER=gitea` in service 'gitea': the name is in every message and
    the user line, so masking it hid nothing and printed `service '****'`, `****/****:1.22.3` and `${****}`
    (a `__`-nested variable name read as a token); the password lines themselves stay masked, and a password
    no name spells is masked everywhere."""
    from linter.report import render
    result = lint(tmp_path, {"docker-compose.yml": GITEA_LIKE}, use_git=False, cache=False)
    text = render(result, "text")
    assert "service 'gitea' has no healthcheck" in text
    assert "GITEA__database__PASSWD of service 'gitea'" in text and "${GITEA__database__PASSWD}" in text
    assert "- GITEA__database__PASSWD=****" in text and "- POSTGRES_PASSWORD=****" in text
    assert "Zk3qP9vXw2LmT7rB" not in text and "service '****'" not in text


@pytest.mark.parametrize("line", [
    'password = os.getenv("DB_PASSWORD" ) or "hunter2-Xq9"',
    'password = os.getenv( "DB_PASSWORD"  ) or "hunter2-Xq9"',
    'password = os.environ.get("DB_PASSWORD" , "hunter2-Xq9")',
    'const secret = process.env["JWT_SECRET" ] || "hunter2-Xq9";',
    'const secret = (process.env.JWT_SECRET ) ?? "hunter2-Xq9";',
    'const secret = process.env["JWT_SECRET"] || "hunter2-Xq9";',
])
def test_a_fallback_after_a_spaced_closing_bracket_is_masked(line):
    """A closing bracket after a space is no value, nor is the subscript or parenthesis a secret-named variable
    is given: the literal fallback after them is."""
    from linter.secrets import mask_line
    assert "hunter2-Xq9" not in mask_line(line)


def test_an_openai_style_key_starts_a_token():
    from linter.secrets import known_format
    assert known_format('key = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAB7c"')
    assert not known_format("/actions/versions/<id>/set-task-links-from-production-schedule-version")


@pytest.mark.parametrize("value, real", [
    ("$2b$12$ZWqpL73h4rGNfLkJohAFAu0isqSw/bX9p/tzpbWRz/To5FAftaW8u", False),  # bcrypt: a stored hash
    ("$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", False),
    ("pbkdf2_sha256$600000$Qm8Zt3Lr6Vx2$Np9Ks4Jd7Hf1Zk3pW9qL2xT7vB4nR8sM=", False),  # Django's form
    ("GLADYS_OPEN_API_KEY", False),  # a setting's name in capitals
    ("Zk3pW9qL2xT7vB4nR8sM1cY6", True),
    ("$2b$12$Qm8Zt3Lr6Vx2Np9Ks4Jd7Hf1", True),  # not a whole hash: judged as any value
])
def test_stored_hashes_and_constant_names_are_no_secrets(value, real):
    assert looks_real_secret(value) is real


@pytest.mark.parametrize("value, field", [
    ("_supplementalDetails", True), ("ownerId", True),
    ("kQwErTyUiOpAsDfG", False),  # a generator's mixed case falls into no words
    ("supersecretPassword", False), ("authToken", False),  # a secret's word: a weak key, judged
])
def test_camel_case_fields_are_no_credentials(value, field):
    from linter.model.credential_names import not_a_credential
    assert not_a_credential("SUPPLEMENT_KEY", value) is field
