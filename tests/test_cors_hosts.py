"""The hosting-platform matcher JS001 and PY022 share (linter/model/cors_hosts.py)."""
import pytest

from linter.model.cors_hosts import shared_host_regex, shared_host_wildcard


@pytest.mark.parametrize("pattern, host", [
    (r"https://.*\.vercel\.app", "vercel.app"),
    (r"^https:\/\/(.*)\.vercel\.app$", "vercel.app"),  # a group around the label
    (r"^https://(.+\.)?github\.io$", "github.io"),  # an optional subdomain group
    (r"^https://([a-z0-9-]+\.)*vercel\.app$", "vercel.app"),
    (r"^https://[\w-]{1,63}\.web\.app$", "web.app"),
    (r"^https://.*-myapp\.vercel\.app$", "vercel.app"),  # a fixed tail only: evil-myapp is anyone's
    (r"^https://myapp-.*\.vercel\.app$", "vercel.app"),  # a fixed head only: myapp-evil is anyone's
    (r"^https://myapp\.vercel\.app$", None),
    (r"^https://myapp-[a-z0-9]+-team\.vercel\.app$", None),  # one team's preview hosts
    (r"^https://([a-z]+\.)?example\.com$", None),
])
def test_platform_regexes(pattern, host):
    assert shared_host_regex(pattern) == host


def test_a_search_regex_without_caret_lets_any_prefix_in():
    """JavaScript's RegExp.test finds the pattern anywhere: /myapp\\.vercel\\.app$/ accepts evilmyapp.vercel.app."""
    assert shared_host_regex(r"\.vercel\.app$", search=True) == "vercel.app"
    assert shared_host_regex(r"myapp\.vercel\.app$", search=True) == "vercel.app"
    assert shared_host_regex(r"myapp\.vercel\.app$") is None  # Python's libraries match from the start
    assert shared_host_regex(r"^https:\/\/myapp\.vercel\.app$", search=True) is None


def test_hapi_wildcard_strings():
    assert shared_host_wildcard("https://*.netlify.app") == "netlify.app"
    assert shared_host_wildcard("https://my-app-*-team.vercel.app") is None
    assert shared_host_wildcard("https://*.example.com") is None
    assert shared_host_wildcard("https://myapp.netlify.app") is None
