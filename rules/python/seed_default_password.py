"""Migrations, management commands and seed scripts must not create accounts with a password written in the source.

## What it does
Reports, in production Python code, an account the code creates with a literal password:

- Django's `User.objects.create_superuser("admin", "admin@example.com", "admin")` and `create_user(...,
  password="...")` (in a data migration's `RunPython` function, a management command, an `AppConfig.ready` hook),
  Flask-Security's `user_datastore.create_user(email=..., password=hash_password("..."))`;
- `user.set_password("...")` (Django, and the same method of Flask/SQLAlchemy user models), and
  `User.objects.create(..., password=make_password("..."))` / `get_or_create(defaults={"password": ...})`;
- a model built with a user field and a password (`User(username="admin", password=generate_password_hash("..."))`,
  `Admin(email=..., hashed_password=get_password_hash("..."))`), a user dictionary of a seed script
  (`{"username": "admin", "password": "admin"}`) and `admin.password = "..."`; the literal is also found through a name
  the hasher is given (`password_hasher.hash(DEFAULT_PASSWORD)` under `DEFAULT_PASSWORD = "admin"`), and reported
  where it is written.

The message says whether the password is a well-known default (`admin`, `password123`, `changeme`, anything
shorter than 8 characters). Database connection options (`host`, `port`, `database`) are PY011's, accounts shown
as a schema's example (`Field(examples=[...])`, `json_schema_extra`) are never created, and test files are not
production, and neither are accounts made by code named for test or demo data (`create_test_data.py`, a
`demodata` command, `def create_demo_users`, `class FakeData`) or by a client that logs in as one
(`ApiClient(username=..., password=...)`). In a Django module, a literal written straight into the user's
`password` field (`user.password = "REMOVED USER"`, `User.objects.create(password="...")`) is what Django keeps as
the hash: it names no hasher, so no password matches it and the account cannot log in (`make_password("...")`
written there is still reported).

## Why it matters in production
A migration or bootstrap command runs in every environment, production included: the account it creates logs in
with a password anyone who reads the repository knows, and default accounts are the first thing attackers try.
Read the first password from the environment (or generate it and print it once) and force a change at first login.

## Example
```text path=requirements.txt
Django==5.0
```
```python path=accounts/migrations/0002_admin.py
from django.contrib.auth import get_user_model
from django.db import migrations


def create_admin(apps, schema_editor):
    get_user_model().objects.create_superuser("admin", "admin@example.com", "admin123")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_admin)]
```

## Use instead
```text path=requirements.txt
Django==5.0
```
```python path=accounts/migrations/0002_admin.py
import os

from django.contrib.auth import get_user_model
from django.db import migrations


def create_admin(apps, schema_editor):
    get_user_model().objects.create_superuser("admin", "admin@example.com", os.environ["ADMIN_INITIAL_PASSWORD"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_admin)]
```

## References
- https://cwe.mitre.org/data/definitions/1392.html
- https://docs.djangoproject.com/en/stable/ref/contrib/auth/#django.contrib.auth.models.UserManager.create_superuser
"""
from linter.api import RuleMeta
from linter.api.python import account_passwords
from linter.api.secrets import default_account_password, is_reference, secret_value

META = RuleMeta(
    id="PY020", name="python-seed-default-password", kinds=("python",), severity="warning",
    checklist=("database.default-accounts",), cwe=(1392, 798),
    hints=("pass|pwd|_user|superuser",),
    peers=("bandit:B105", "bandit:B106", "bandit:B107", "ruff:S105", "ruff:S106", "ruff:S107"),
)
MESSAGES = {
    "default": "{how} creates an account with a well-known default password; read the first password from the "
               "environment (or generate it) and force a change at first login",
    "literal": "{how} creates an account with a password written in the source; read the first password from the "
               "environment (or generate it) and rotate the committed one",
}


def check(doc, ctx):
    for account in account_passwords(doc):
        value = account.value
        if not value.strip() or is_reference(value):
            continue
        yield ctx.finding(doc.span(account.node), f"account.{account.how}",
                          "default" if default_account_password(value) else "literal", secret=secret_value(value),
                          how=account.how)
