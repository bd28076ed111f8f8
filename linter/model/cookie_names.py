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
