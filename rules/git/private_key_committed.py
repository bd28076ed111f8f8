'''Private keys must not be committed.

## What it does
Reports files named like private keys (`*.pem`, `*.key`, `id_rsa`, `id_dsa`, `id_ecdsa`, `id_ed25519`,
`*.ppk`, `*.p12`, `*.pfx`) whose content is one — a PEM `PRIVATE KEY` block, a PuTTY key, a PKCS#12
store — when git tracks them, or when they are neither tracked nor ignored. Outside a git work tree,
every such file that `.gitignore` does not ignore is reported. Certificates and public keys in `.pem`
files are not reported, and neither are keys under test or example folders (test fixtures are expected
to carry throw-away keys).

## Why it matters in production
A committed TLS or SSH private key is a copy of your identity handed to everyone with read access to
the repository, for as long as the history exists. Issue a new key, revoke the old one, and mount keys
at run time from a secret store or a volume.

## Example
```text path=certs/server.key
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7
-----END PRIVATE KEY-----
```

## Use instead
```text path=certs/server.crt
-----BEGIN CERTIFICATE-----
MIIDazCCAlOgAwIBAgIUJ2t0ZXN0Y2VydGlmaWNhdGUwDQYJKoZI
-----END CERTIFICATE-----
```

## References
- https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/removing-sensitive-data-from-a-repository
'''
from linter.api import RuleMeta, Span
from linter.api.repository import repository

META = RuleMeta(
    id="GIT003", name="private-key-committed", kinds=("repo",), severity="error", checklist=("secrets.in-repo",),
    roles=("production", "development"), cwe=(321,),
)
MESSAGES = {
    "tracked": "'{file}' is a private key tracked by git; remove it (`git rm --cached`), revoke and reissue the key, "
               "and mount keys at run time",
    "not-ignored": "'{file}' is a private key that .gitignore does not ignore; move it out of the repository or "
                   "ignore it, and reissue it if it was ever committed",
}


def check(project, ctx):
    repo = repository(project, ctx)
    for key in repo.private_keys():
        if project.role(key.rel) in ctx.meta.roles and repo.in_scope(key.rel):
            yield ctx.finding(Span(1, 1), "private-key", "tracked" if key.tracked else "not-ignored",
                              path=key.rel, file=key.rel)
