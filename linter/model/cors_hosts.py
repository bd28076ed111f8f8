r"""Hosting platforms that give anyone a site under their own domain, and whether a CORS origin pattern accepts
every site there. Shared by the Python (PY022) and Node (JS001) CORS rules: `https://.*\.vercel\.app`, written
for the project's preview deployments, accepts every site anyone publishes on Vercel, whichever language the
backend is written in.
"""
from __future__ import annotations

import re

# hosting platforms that give anyone a subdomain of theirs for a site of their own: an origin pattern accepting
# every subdomain of one accepts every site published there (the Public Suffix List's private section lists them
# for the same reason)
SHARED_HOSTS = ("vercel.app", "netlify.app", "herokuapp.com", "github.io", "gitlab.io", "pages.dev",
                "workers.dev", "onrender.com", "fly.dev", "web.app", "firebaseapp.com", "azurewebsites.net",
                "azurestaticapps.net", "amplifyapp.com", "railway.app", "up.railway.app", "glitch.me", "surge.sh",
                "ngrok.io", "ngrok-free.app", "ngrok.app", "replit.app", "repl.co", "deno.dev", "cloudfront.net",
                "appspot.com", "run.app", "streamlit.app", "hf.space", "pythonanywhere.com", "ondigitalocean.app",
                "elasticbeanstalk.com", "trycloudflare.com", "koyeb.app")

# a part of a host name that matches any name: `.*`, `.+`, `[^.]+`, `[^\.]*`, `[a-z0-9-]+`, `[\w-]{1,63}`, `\w+`
_WILD = r"(?:\.|\[\^\\?\.\]|\[[\w\\-]+\]|\\w)(?:[*+]|\{\d*,\d*\})"
# the whole label before the platform's domain: fixed text (`pre`), one or more wildcards, fixed text (`post`).
# It starts where a label can start (after `//`, `.`, `|`, `^`), so `pre` is all the fixed text there is.
_LABEL = r"(?<![\w-])(?P<pre>[\w-]*)" + _WILD + r"(?:[\w-]*" + _WILD + r")*(?P<post>[\w-]*)(?:\\?\.|\[\.\])"
# groups are dropped before matching: `https://(.*)\.vercel\.app`, `(?:[a-z0-9-]+\.)+vercel\.app` and
# `(.+\.)?vercel\.app` accept every subdomain as their ungrouped forms do
_GROUPS = re.compile(r"\(\?:|\((?!\?)|\)(?:[?*+]|\{\d*,\d*\})?")


def shared_host_regex(value, search: bool = False) -> str | None:
    """The hosting platform whose every site an origin regex accepts (see SHARED_HOSTS), or None.

    ``search``: the library tests the regex anywhere in the origin (JavaScript's ``RegExp.test``), so a pattern
    without ``^`` accepts any text before it; Python's libraries match from the start.

    A wildcard with fixed text on both sides (`myapp-[a-z0-9]+-team\.vercel\.app`, Vercel's preview host of one
    project in one team) is the project's own; with one side fixed or none (`.*`, `.*-myapp`, `myapp-.*`), another
    project's name fits it, and anyone can name a project.
    """
    if not isinstance(value, str) or len(value) > 500:
        return None
    text = value.strip().rstrip("$").rstrip("/")
    if search and not text.startswith("^"):
        text = ".*" + text
    text = _GROUPS.sub("", text)
    for host in SHARED_HOSTS:
        # the platform's name first, as written: a search per host cost 0.1 s on a 500-character value
        if host.partition(".")[0] not in text:
            continue
        escaped = host.replace(".", r"(?:\\\.|\[\.\]|\.)")
        for m in re.finditer(_LABEL + escaped + r"(?::\d+)?$", text):
            if not (re.search(r"[^\W_]", m["pre"]) and re.search(r"[^\W_]", m["post"])):
                return host
    return None


def shared_host_wildcard(value) -> str | None:
    """The platform whose every site an origin string with `*` wildcards accepts (hapi's `https://*.vercel.app`)."""
    if not isinstance(value, str) or "*" not in value or len(value) > 500:
        return None
    return shared_host_regex("^" + value.strip().replace(".", r"\.").replace("*", ".*") + "$")
