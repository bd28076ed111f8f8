"""Builds must verify TLS certificates when they download anything.

## What it does
Reports, in every stage, a step that turns certificate checks off:
- `curl -k`/`--insecure`, `wget --no-check-certificate`, `apk --no-check-certificate`;
- `git -c http.sslVerify=false`, `git config http.sslVerify false`, `GIT_SSL_NO_VERIFY` set to anything
  (git skips verification whatever its value);
- `npm`/`yarn`/`pnpm config set strict-ssl false`, `--strict-ssl=false`, `NPM_CONFIG_STRICT_SSL=false`,
  `YARN_ENABLE_STRICT_SSL=false`, `NODE_TLS_REJECT_UNAUTHORIZED=0`;
- `pip --trusted-host`, `pip config set global.trusted-host`, `PIP_TRUSTED_HOST`, `PYTHONHTTPSVERIFY=0`;
- `yum-config-manager`/`dnf config-manager --setopt=...sslverify=0|false|no`, `--setopt=sslverify=0` on
  yum/dnf;
- `conda config --set ssl_verify false`, `composer config disable-tls true` / `secure-http false`;
- `GOINSECURE` set to any module pattern (Go then fetches those modules over plain HTTP or without checking
  the certificate; Checkov CKV2_DOCKER_18).
Variables count whether they are set with `ENV`, `ARG` defaults, `export`, a `NAME=value` prefix, or
`go env -w NAME=value` (written to Go's own settings file, read by every later `go` command), and
an `ONBUILD RUN`/`ONBUILD ENV` counts like its own instruction: it runs in the build of every image made
FROM this one.
A `curl -k`/`wget --no-check-certificate` download whose file is then checked (`sha256sum -c`,
`gpg --verify`, ... in the same `RUN` or the next one) is not reported: the checksum, not the
certificate, is what proves the file (Checkov reports it anyway).

## Why it matters in production
Without certificate checks anyone on the network path of the build (a proxy, a compromised mirror, a
hostile Wi-Fi) can replace what is downloaded, and the image ships their code with your signature on it.
An `ENV` also keeps the setting in the running container, where the application's own HTTPS calls stop
verifying too.

## Example
```dockerfile path=Dockerfile
FROM node:20-alpine
RUN npm config set strict-ssl false && npm ci --omit=dev
```

## Use instead
```dockerfile path=Dockerfile
FROM node:20-alpine
COPY corporate-ca.pem /usr/local/share/ca-certificates/corporate-ca.crt
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/corporate-ca.crt
RUN npm ci --omit=dev
```

## References
- https://docs.npmjs.com/cli/using-npm/config#strict-ssl
- https://git-scm.com/docs/git#Documentation/git.txt-codeGITSSLNOVERIFYcode
"""
import re

from linter.api import RuleMeta
from linter.api.dockerfile import verified_after
from linter.api.secrets import shorten

META = RuleMeta(
    id="DKF012", name="dockerfile-tls-verification", kinds=("dockerfile",), severity="error",
    checklist=("hardening.supply-chain",), cwe=(295,),
    peers=("checkov:CKV2_DOCKER_2", "checkov:CKV2_DOCKER_3", "checkov:CKV2_DOCKER_4", "checkov:CKV2_DOCKER_5",
           "checkov:CKV2_DOCKER_6", "checkov:CKV2_DOCKER_12", "checkov:CKV2_DOCKER_13", "checkov:CKV2_DOCKER_14",
           "checkov:CKV2_DOCKER_15", "checkov:CKV2_DOCKER_16", "checkov:CKV2_DOCKER_18"),
)
MESSAGES = {
    "flag": "`{command} {flag}` downloads without checking certificates; remove it and install the CA "
            "certificate you need instead",
    "variable": "{name}={value} turns certificate verification off; remove it and trust the needed CA instead",
    "config": "`{command}` turns certificate verification off; remove it and trust the needed CA instead",
}
_FALSE = {"false", "0", "no", "off"}
_CURL_VALUES = "AbcCdDeEFHKmoPQrTuUwxXyYzt"


def variable_disables(name: str, value: str | None) -> bool:
    """Whether setting this variable to this value switches certificate checks off."""
    upper = name.upper()
    v = (value or "").strip().lower()
    if upper == "GIT_SSL_NO_VERIFY":
        return True
    if upper in ("NODE_TLS_REJECT_UNAUTHORIZED", "PYTHONHTTPSVERIFY"):
        return v == "0"
    if upper in ("NPM_CONFIG_STRICT_SSL", "YARN_ENABLE_STRICT_SSL", "YARN_STRICT_SSL", "PNPM_CONFIG_STRICT_SSL"):
        return v in _FALSE
    if upper in ("PIP_TRUSTED_HOST", "GOINSECURE"):
        return bool(v)
    return False


def check(doc, ctx):
    for ins in doc.steps():
        if ins.name in ("ENV", "ARG"):
            yield from _variables(doc, ctx, ins)
        elif ins.name == "RUN":
            hit = next((h for h in map(_command, ins.commands()) if h), None)
            if hit and hit[0] == "flag" and hit[1]["command"] in ("curl", "wget") and verified_after(ins):
                continue
            if hit:
                message, fmt = hit
                yield ctx.finding(ins.span, doc.key(ins, "tls", fmt.get("name") or fmt.get("command", "")),
                                  message, **fmt)


def _variables(doc, ctx, ins):
    pairs = ins.keyvalues()
    words = ins.words()
    if ins.name == "ARG" and len(words) == 2 and "=" not in words[0] and "=" not in words[1]:
        pairs = [(words[0], words[1])]  # the legacy "ARG NAME value" spelling means what it says
    for name, value in pairs:
        if (value is not None or name.upper() == "GIT_SSL_NO_VERIFY") and variable_disables(name, value):
            yield ctx.finding(ins.span, doc.key(ins, name), "variable", name=name, value=shorten(value or "", 20))


def _command(cmd):
    for word in cmd.assignments:
        name, _, value = word.text.partition("=")
        if variable_disables(name, value):
            return "variable", {"name": name, "value": shorten(value, 20)}
    name = cmd.name
    if name == "export" or (name == "go" and cmd.args[:2] == ["env", "-w"]):
        for arg in cmd.args:
            key, sep, value = arg.partition("=")
            if sep and variable_disables(key, value):
                return "variable", {"name": key, "value": shorten(value, 20)}
    if name == "curl" and cmd.has_flag("--insecure", short="k", short_values=_CURL_VALUES):
        return "flag", {"command": "curl", "flag": "--insecure"}
    if name in ("wget", "apk") and cmd.has_flag("--no-check-certificate"):
        return "flag", {"command": name, "flag": "--no-check-certificate"}
    if name == "git":
        args = [a.lower() for a in cmd.args]
        for i, arg in enumerate(args):
            if arg == "-c" and i + 1 < len(args) and _sslverify_off(args[i + 1]):
                return "flag", {"command": "git", "flag": "-c http.sslVerify=false"}
        if "config" in args:
            rest = [a for a in args[args.index("config") + 1:] if not a.startswith("-")]
            if len(rest) >= 2 and re.fullmatch(r"http\.(.*\.)?sslverify", rest[0]) and rest[1] in _FALSE:
                return "config", {"command": "git config http.sslVerify false"}
    if name in ("npm", "yarn", "pnpm"):
        if cmd.has_flag("--no-strict-ssl") or (cmd.flag_value("--strict-ssl") or "").lower() in _FALSE - {""}:
            return "flag", {"command": name, "flag": "--strict-ssl=false"}
        rest = [a for a in cmd.args if not a.startswith("-")]
        if rest[:1] in (["config"], ["c"]):
            rest = rest[1:]
        if rest[:1] == ["set"]:
            setting = rest[1:]
            if len(setting) == 1 and "=" in setting[0]:
                setting = setting[0].split("=", 1)
            if len(setting) >= 2 and setting[0].lower() in ("strict-ssl", "enablestrictssl") and \
                    setting[1].lower() in _FALSE:
                return "config", {"command": f"{name} config set strict-ssl false"}
    if name.startswith("pip") or (name.startswith("python") and cmd.args[:2] == ["-m", "pip"]):
        if cmd.has_flag("--trusted-host"):
            return "flag", {"command": "pip", "flag": "--trusted-host"}
        if "config" in cmd.args and any(a.endswith("trusted-host") for a in cmd.args):
            return "config", {"command": "pip config set trusted-host"}
    if name in ("yum-config-manager", "dnf-config-manager", "yum", "dnf", "microdnf", "tdnf"):
        for arg in cmd.args:
            if arg.startswith("--setopt=") and _sslverify_off(arg[len("--setopt="):].strip("'\"")):
                return "flag", {"command": name, "flag": "--setopt=sslverify=0"}
    if name == "conda" and "ssl_verify" in cmd.args:
        i = cmd.args.index("ssl_verify")
        if i + 1 < len(cmd.args) and cmd.args[i + 1].lower() in _FALSE:
            return "config", {"command": "conda config --set ssl_verify false"}
    if name == "composer" and "config" in cmd.args:
        lowered = [a.lower() for a in cmd.args]
        for key, bad in (("disable-tls", "true"), ("secure-http", "false")):
            if key in lowered and lowered.index(key) + 1 < len(lowered) and lowered[lowered.index(key) + 1] == bad:
                return "config", {"command": f"composer config {key} {bad}"}
    return None


def _sslverify_off(option: str) -> bool:
    key, sep, value = option.replace("'", "").replace('"', "").partition("=")
    return bool(sep) and (key.lower() == "sslverify" or key.lower().endswith(".sslverify")) and \
        value.lower() in _FALSE
