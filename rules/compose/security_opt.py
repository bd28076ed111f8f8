"""Compose security options must keep privilege escalation blocked and the kernel profiles on.

## What it does
On production services that write `security_opt:`, reports an option list without
`no-new-privileges:true` (or with `no-new-privileges:false`), and any option that switches a
kernel profile off: `seccomp:unconfined`, `apparmor:unconfined`, `label:disable`,
`label=disable`, `systempaths=unconfined`, or an AppArmor option set to false.
Services without `security_opt` are not reported.

## Why it matters in production
`no-new-privileges` stops setuid binaries (`su`, `sudo`, `ping` on some images) from raising a
compromised process back to root. The default seccomp and AppArmor profiles block the system calls
most container escapes use; running unconfined removes that layer for the whole container.

## Example
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    security_opt:
      - apparmor:docker-default
```

## Use instead
```yaml path=docker-compose.yml
services:
  api:
    image: example/api:1.4.2
    security_opt:
      - apparmor:docker-default
      - no-new-privileges:true
```

## Fix safety
Safe: `- no-new-privileges:true` is appended to the service's `security_opt` list, indented and quoted like
the list's last item; nothing else changes. It only stops a process from gaining privileges through setuid
binaries or file capabilities: a container that needs that at run time (`sudo`, `su` after start) is what the
rule reports in the first place. Lists written in flow style (`[...]`), `no-new-privileges:false` (someone chose
it) and unconfined profiles (removing them may need a custom profile) are left for a person.

## References
- https://docs.docker.com/engine/security/seccomp/
- https://docs.docker.com/reference/cli/docker/container/run/#security-opt
"""
import re

from linter.api import edits
from linter.api import RuleMeta
from linter.api import lazy

META = RuleMeta(
    id="CMP010", name="compose-security-opt", kinds=("compose",), severity="warning",
    checklist=("hardening.no-new-privileges",), cwe=(269,), fix="safe",
    peers=("semgrep:no-new-privileges", "semgrep:seccomp-confinement-disabled",
           "semgrep:selinux-separation-disabled", "kics:404fde2c-bc4b-4371-9747-7054132ac953",
           "kics:27fcc7d6-c49b-46e0-98f1-6c082a6a2750"),
)
MESSAGES = {
    "no-new-privileges": "service '{service}' sets security_opt without `no-new-privileges:true`; add it so "
                         "setuid binaries cannot regain root",
    "allows-escalation": "service '{service}' sets `no-new-privileges:false`; use `no-new-privileges:true`",
    "unconfined": "service '{service}' switches the {profile} profile off; remove this option",
}
_NNP = lazy(r"^no-new-privileges(?:[:=](?P<value>.*))?$", re.I)
_UNCONFINED = lazy(r"^(?:label[:=])?(?P<profile>seccomp|apparmor|systempaths)\s*[:=]\s*(unconfined|false)$|"
                         r"^label[:=](?P<label>disable)$", re.I)


def check(doc, ctx):
    for service in ctx.model.compose_services(doc):
        items = service.items("security_opt")
        if not items:
            continue
        enabled = False
        for layer, seq, index in items:
            option = service.resolve(seq[index]).text.strip().replace(" ", "")
            span = layer.doc.item_span(seq, index)
            nnp = _NNP.match(option)
            if nnp:
                value = (nnp.group("value") or "true").lower()
                if value == "true":
                    enabled = True
                else:
                    yield ctx.finding(span, service.key("security_opt", "no-new-privileges"), "allows-escalation",
                                      path=layer.doc.rel, service=service.name)
                    enabled = True  # reported once, as the value that is wrong
                continue
            bad = _UNCONFINED.match(option)
            if bad:
                profile = (bad.group("profile") or "SELinux label").replace("systempaths", "system paths masking")
                yield ctx.finding(span, service.key("security_opt", profile), "unconfined", path=layer.doc.rel,
                                  service=service.name, profile=profile)
        if not enabled:
            path, span = service.where("security_opt")
            layer = service.layer_of("security_opt")
            fix = edits.fix("add no-new-privileges:true", edits.yaml_append_item(layer.doc.file, layer.node["security_opt"],
                                                                      "no-new-privileges:true"))
            yield ctx.finding(span, service.key("security_opt", "no-new-privileges"), "no-new-privileges",
                              path=path, service=service.name, fix=fix)


