"""A production service should block privilege escalation even when it sets no security options at all.

## What it does
Reports a service with no `security_opt` key (in any of the files merged for it): nothing stops a
process in the container from gaining privileges through setuid binaries. The finding is at the
service key, where `security_opt: ["no-new-privileges:true"]` belongs. A service that writes
`security_opt` without the option is CMP010's finding, not this one.

Like KICS "Security Opt Not Set" and Semgrep's no-new-privileges rule it asks every service, at note
level, with two exceptions where the advice is meaningless or wrong:
- a service with `privileged: true` (CMP006's finding): it already has every capability and device,
  so blocking setuid gains contains nothing; dropping `privileged` is the fix;
- a Postfix-based mail server (docker-mailserver, `mailu/postfix`, `boky/postfix`, mailcow's
  postfix): Postfix's `postdrop` is setgid by design and local submission (sendmail, Dovecot's
  sieve and LMTP forwarding) fails under no-new-privileges; docker-mailserver documents that
  Kubernetes needs `allowPrivilegeEscalation: true`.
Services of files whose evidence says development, example or test are left out by their role, like
every hardening rule. `no-new-privileges` set daemon-wide (`/etc/docker/daemon.json`) is outside the
repository and cannot be seen: such a deployment can suppress the rule in its configuration.

## Why it matters in production
After a remote-code-execution bug, setuid programs in the image (`su`, `passwd`, `mount`, a
forgotten `sudo`) are the attacker's way back to root inside the container, and root is the
starting point of every container escape. `no-new-privileges` makes the kernel refuse the gain;
entrypoints that drop root with `gosu`/`su-exec` keep working.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4
    security_opt:
      - no-new-privileges:true
```

## References
- https://docs.docker.com/reference/cli/docker/container/run/#security-opt
- KICS "Security Opt Not Set", "No New Privileges Not Set"; Semgrep `yaml.docker-compose.security.no-new-privileges`
- https://github.com/docker-mailserver/docker-mailserver/issues/3619 (Postfix needs privilege escalation)
"""
from linter.api import RuleMeta

META = RuleMeta(
    id="CMP023", name="compose-no-new-privileges-missing", kinds=("compose",), severity="note",
    checklist=("hardening.no-new-privileges",), cwe=(269,),
    peers=("semgrep:no-new-privileges", "kics:27fcc7d6-c49b-46e0-98f1-6c082a6a2750",
           "kics:610e266e-6c12-4bca-9925-1ed0cd29742b"),
)
MESSAGES = {
    "missing": "service '{service}' sets no security_opt; add `security_opt: [\"no-new-privileges:true\"]` so "
               "setuid binaries cannot regain root",
}


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        if not service.complete or service.has("security_opt") or _exempt(service):
            continue
        yield ctx.finding(service.span, service.key("security_opt"), "missing", path=service.path,
                          service=service.name)


def _exempt(service) -> bool:
    """Privileged services (another finding, and nothing left to contain) and Postfix, which needs setgid."""
    return str(service.get("privileged", "")).strip().lower() == "true" or service.is_family("postfix")
