"""What a cookie's name says it holds, shared by the Node and Python cookie rules."""
from __future__ import annotations

import re

from ..lazyre import lazy

# cookies the page's scripts read on purpose and that hold no credential: a UI preference, a consent choice,
# the sign-in method used last (better-auth's last_used_login_method, outline's lastSignedIn, polar's
# polar_last_login_method), under the app's own prefix or not
_UI_HINT = lazy(r"^[_.-]?(?:[a-z0-9]+[_.-])?(theme|dark[_.-]?mode|color[_.-]?scheme|lang|language|locale|i18n|"
                r"next[_.-]?locale|consent|cookie[_.-]?consent|cookies?[_.-]?(accepted|notice|policy|banner)|gdpr|"
                r"sidebar|sidebar[_.-]?\w+|prefs?|preferences?|tz|timezone|currency|font[_.-]?size|layout|"
                r"last[_.-]?(used[_.-]?)?(signed[_.-]?in|sign[_.-]?in|login)[_.-]?(method|provider|service)?)$",
                re.I)


def ui_preference(name: str) -> bool:
    """A cookie named for a UI preference or hint (`theme`, `locale`, `sidebar_state`, `lastSignedIn`,
    `app_last_login_method`): scripts read it on purpose, and it holds no credential."""
    return bool(_UI_HINT.match(name.strip()))


# the outcome of a flow, set for the page's script to show once (`robot_auth_status=success`, `oauth_error`,
# `flash_message`): a status word last, after the flow's name
_STATUS_HINT = lazy(r"^[_.-]?(?:[a-z0-9]+[_.-])*(status|message|msg|notice|flash|toast|error)$", re.I)
_CAMEL = lazy(r"(?<=[a-z0-9])(?=[A-Z])")


def status_flag(name: str) -> bool:
    """A cookie named for the outcome of a flow that the page's script shows (`robot_auth_status`,
    `oauthError`, `flash_message`): scripts read it on purpose, so `httpOnly: false` is no mistake."""
    return bool(_STATUS_HINT.match(_CAMEL.sub("_", name.strip())))


# where to send the browser once a flow ends (`login_dest`, `redirect_to`, `returnUrl`, `next`, `callback-url`):
# a URL of the site, kept across an OAuth round trip, the flow's name first; it identifies no one
_REDIRECT_HINT = lazy(r"^[_.-]?(?:[a-z0-9]+[_.-])*(dest|destination|redirect(?:[_.-]?(?:to|url|uri|path))?|"
                      r"return[_.-]?(?:to|url|uri|path)|next(?:[_.-]?(?:url|uri|path|page))?|"
                      r"continue[_.-]?(?:to|url)|came[_.-]?from|back[_.-]?(?:to|url)|callback[_.-]?(?:url|uri))$",
                      re.I)


def redirect_target(name: str) -> bool:
    """A cookie named for the page to return to after a flow (`login_dest`, `returnUrl`, `post_login_redirect`):
    it holds a URL, no credential, so it is no session cookie whatever flow its name starts with."""
    return bool(_REDIRECT_HINT.match(_CAMEL.sub("_", name.strip())))
