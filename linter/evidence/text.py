"""Clues from prose: a file's header comment, the introduction of a README, and the names a repository
gives its commands (a Makefile target `dev`, a package.json script `deploy:prod`, a CI job `e2e`)."""
from __future__ import annotations

import re

from ..lazyre import GuardedPattern, lazy
from .clues import Clue, Strength

_NOT_PROD = lazy(
    r"\b(not|never|isn'?t|aren'?t|nor)\s+((meant|intended|suitable|ready|recommended|designed|safe|used|fit"
    r"|optimi[sz]ed|supposed|secure|hardened|to|be|deployed|run|use|for|and|this|it)\s+){0,5}(for|in|on)\s+"
    r"(a\s+|any\s+)?production\b"
    r"|\bdo(es)?\s*(n[o']t|not)\s+use\s+(this\s+|it\s+)?(\w+\s+)?(in|for|on)\s+production\b"
    # "don't run this in production!", "do not deploy this stack to production": an order about the file itself
    # ("do not run DEBUG in production" is advice about a setting: the object must be the file)
    r"|\bdo(es)?\s*(n[o']t|not)\s+(run|deploy)\s+(this|it|these)\s+(\w+\s+)?(in|on|to|into)\s+production\b"
    r"|\bnot\s+production[- ]ready\b|\bnon-production\b|\bnot\s+(to\s+be\s+used\s+)?for\s+(\w+\s+)?deployments?\b")
_DEV = lazy(
    # "for development and production", "for dev + CI + prod": a list of environments that ends in production
    r"\b(for|in)\s+(the\s+|a\s+)?(local\s+)?(development|dev)\b"
    r"(?!\s*(and|&|or|/|\+|,)(\s*[\w-]+\s*(and|&|or|/|\+|,)){0,3}\s*prod(uction)?\b)"
    r"|\blocal\s+development\b|\bdevelopment\s+(setup|environment|only|use|purposes|stack|mode|server|build|version"
    r"|settings|config|configuration|variables|values|image|container|compose|services?)\b"
    r"|\bdev\s+(setup|environment|only|stack|mode|settings|config|image|container|server)\b|\bdevelopers?\s+only\b"
    r"|\bdev(elopment)?-only\b"
    r"|\bfor\s+local\s+(use|testing|runs?)\b"
    r"|\b(run|try)\s+\w+\s+locally\b")
# Every alternative of _EXAMPLE holds one of these words (the last four: "for illustration purposes",
# "submitted by the community", "community contributions", "should not be relied on"); tests/test_lazyre.py
# compares the guarded search with the plain one on the project's markdown and rule sources, sentence by sentence.
_EXAMPLE_WORDS = ("exampl", "sampl", "demo", "purposes", "community", "relied")
_EXAMPLE = GuardedPattern(
    r"\b(an?|this\s+is\s+an?|this|these\s+are)\s+(simple\s+|minimal\s+|basic\s+|quick\s+)?(examples?|samples?|demos?)"
    r"(\s+[\w-]+)?\s+(of|for|configuration|config|file|setup|stack|deployment|compose|project|application|app)s?\b"
    r"|\bfor\s+(demo|demonstration|example|illustration|illustrative|educational|learning)\s+purposes\b"
    r"|\b(examples?|samples?|demos?)\s+only\b|^\s*(example|sample)\s+(configuration|config|file|setup)\b"
    r"|\b(sample|example)\s+(projects?|applications?|apps?|configurations?|stacks?)\b"
    r"|^\s*(sample|example|demo)\s+(\w+\s+){0,2}(projects?|applications?|apps?)\b"
    r"|\b(these|this|it)\s+(are|is)\s+(just\s+|only\s+)?(an?\s+)?(simple\s+|minimal\s+|basic\s+)?"
    r"(examples?|samples?|demos?)\b"
    r"|^\s*(the|these|our)\s+(samples|examples|demos)\b"
    r"|\b(this|the)\s+(examples?|samples?|demos?)\s+(provides|defines|shows|demonstrates|illustrates|sets\s+up"
    r"|uses|runs|contains|creates|starts|deploys)\b"
    r"|\b(compose|docker|code)\s+(samples?|examples?)\b"
    # a header labelled as one ("# Example: Kafka with custom configuration"), not a usage line ("Example:
    # docker compose up -d", which says how to run the file, not what it is)
    r"|^\s*(example|sample)\s*:\s+(?!(docker|docker-compose|podman|podman-compose|make|curl|wget|kubectl|sudo)\b)[a-z]"
    # a contrib/ folder's README: "projects submitted by the community ... should not be relied on directly"
    r"|\b(submitted|contributed)\s+by\s+(the\s+)?community\b|\bcommunity[- ]contributions\b"
    r"|\bshould\s+not\s+be\s+relied\s+(up)?on\b", 0, _EXAMPLE_WORDS)
# a repository of examples rather than an example: "a collection of Compose samples", "Examples for …"
_COLLECTION = GuardedPattern(
    r"\b(collection|set|list|repository|repo|gallery|bunch)\s+of\s+([\w-]+\s+){0,4}(examples|samples|demos)\b"
    r"|^\W*(examples|samples|demos)\s+(of|for|showing|using)\b|\b(these|the)\s+(examples|samples|demos)\s+(are|show)\b",
    re.I | re.M, ("examples", "samples", "demos"))  # each alternative names one


def is_collection(text: str) -> bool:
    """Whether prose says its repository holds examples (several), not that the project is one."""
    return bool(_COLLECTION.search(re.sub(r"[*_`>#]+", " ", text)))


_TEST = lazy(
    r"\b(for|used\s+for|used\s+by|used\s+in)\s+(the\s+)?(\w+\s+)?(testing|tests?|test\s+suite|ci|e2e"
    r"|integration\s+tests?)\b|\btest(ing)?\s+(setup|environment|configuration|stack|deployments?)\b")
_PROD = lazy(
    r"\b(for|in)\s+production\b|\bproduction\s+(setup|environment|deployment|configuration|config|use|stack"
    r"|server|build|image|settings|variables|values|container|compose|services?)\b|\bproduction[- ]ready\b"
    r"|\bready\s+for\s+production\b")
# a starter kit: "architecture and dev environment for new node projects", "a boilerplate for your next app".
# Its code is what the projects built from it deploy, so its "dev environment" is no statement that the code
# is development-only (a "not for production" still is)
_STARTER = lazy(
    r"\b(boilerplate|starter(\s+kit)?|scaffold(ing)?|skeleton)\b"
    r"|\bfor\s+(starting\s+|building\s+|bootstrapping\s+)?(new|your\s+(next|new|own))\s+([\w.-]+\s+){0,3}"
    r"(projects?|apps?|applications?|services?|backends?|apis?)\b")
_QUOTE_MAX = 60


def _quote(text: str, match: re.Match) -> str:
    """The matched words and the few after them, cut at a word boundary."""
    tail = re.match(r"[^.!?;:\n]{0,30}", text[match.end():]).group(0)
    if len(tail) == 30 and " " in tail:
        tail = tail[:tail.rfind(" ")]
    snippet = re.sub(r"\s+", " ", (match.group(0) + tail).strip())
    return snippet if len(snippet) <= _QUOTE_MAX else snippet[:_QUOTE_MAX] + "…"


def statement_role(text: str) -> tuple[str, str, bool] | None:
    """(role, quoted words, whether it says "not for production") of what a piece of prose says a file or
    folder is for, or None when it says nothing clear (or both development and production)."""
    plain = re.sub(r"[*_`>#]+", " ", text).lower()
    plain = re.sub(r"\s+", " ", plain)
    sentences = [_sentence_role(s) for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", plain)]
    # "not for production" anywhere is the author's plainest statement; "not for production" says what the
    # file is not, the rest says what it is
    negated = next((said for said in sentences if said is not None and said[2]), None)
    if negated is not None:
        if negated[0] == "development" and _EXAMPLE.search(plain):
            return "example", negated[1], True
        if negated[0] == "development" and _TEST.search(plain):
            return "test", negated[1], True
        return negated
    # else the first sentence that says something decides: "for the development setup. for production, see …"
    return next((said for said in sentences if said is not None), None)


def _sentence_role(plain: str) -> tuple[str, str, bool] | None:
    hit = _NOT_PROD.search(plain)
    if hit is not None:
        example = _EXAMPLE.search(plain)
        test = _TEST.search(plain)
        if example is not None:
            return "example", _quote(plain, hit), True
        if test is not None:
            return "test", _quote(plain, hit), True
        return "development", _quote(plain, hit), True
    found = [(role, rx.search(plain)) for role, rx in (("example", _EXAMPLE), ("test", _TEST),
                                                        ("development", _DEV), ("production", _PROD))]
    found = [(role, m) for role, m in found if m is not None
             # "do not enable DEBUG in production" is advice, not a statement that this is production
             and not (role == "production" and re.search(r"\b(not|never|avoid|don'?t)\b", plain[:m.start()]))]
    if _STARTER.search(plain):
        found = [(role, m) for role, m in found if role != "development"]
    roles = {role for role, _ in found}
    if not found or ("production" in roles and len(roles) > 1):
        return None  # "for development and production", or a production file that mentions tests
    role, match = found[0]
    return role, _quote(plain, match), False


_COMMENT = {"#": lazy(r"^\s*#+\s?(.*)$"), "//": lazy(r"^\s*(?://+|/?\*+/?)\s?(.*)$")}
_SKIP = lazy(r"^\s*(#!|#\s*syntax\s*=|#\s*escape\s*=|---\s*$|version\s*:)", re.I)


def header_comment(text: str, style: str = "#", max_lines: int = 40, whole: bool = False) -> str:
    """The first paragraph of the comment a file opens with (after a shebang, a parser directive, `---` or
    `version:`). Later paragraphs describe parts of the file (a profile, a service), not the file; ``whole``:
    every paragraph of that opening comment, up to the first line that is not one."""
    regex = _COMMENT[style]
    out = []
    for line in text.splitlines()[:max_lines]:
        if not line.strip() or (out and regex.match(line) and not regex.match(line).group(1).strip()):
            if out and not whole:
                break
            continue
        if not out and _SKIP.match(line) and not re.match(r"^\s*#\s*\w+[^=]*$", line):
            continue
        m = regex.match(line)
        if m is None:
            break
        out.append(m.group(1))
    return "\n".join(out).strip()


def header_clue(text: str, strength: int, style: str = "#") -> Clue | None:
    said = statement_role(header_comment(text, style))
    if said is None:
        # a warning against production use in a later paragraph of the opening comment is still about the
        # whole file (unleash's compose files open with what the stack holds, then "NOTE: please do not use
        # this configuration for production setups"); a part of a file is not what such a note is about
        said = statement_role(header_comment(text, style, whole=True))
        if said is None or not said[2]:
            return None
    role, words, negated = said
    # "not for production" is a statement against the file's use, not a convention: it outweighs a name
    return Clue(role, max(strength, Strength.FOLDER_ASIDE) if negated else strength, f"header comment: \"{words}\"")


_ABOUT_HEADING = lazy(r"^(about|overview|introduction|intro|description|summary|purpose|motivation|why\b|what\b"
                      r"|what'?s\b|the\s+project)", re.I)


# a heading that opens a section about doing something, not a subtitle
_SECTION_HEADING = lazy(
    r"^(install|setup|set\s+up|getting\s+started|get\s+started|quick\s*start|usage|how\s+to|requirements"
    r"|prerequisites|dependencies|develop|local|running|run\b|build|deploy|configur|table\s+of\s+contents"
    r"|contents|toc\b|features|license|contribut|docs\b|documentation|screenshots?|demo\b|support|faq"
    r"|changelog|roadmap|status|links?\b|credits|acknowledg|sponsors?|community|tests?\b|testing)", re.I)


# a list item: "- [Lab](…) and [Code](…) for testing", "1. Compose for local development"
_LIST_ITEM = lazy(r"^\s{0,3}([-*+]|\d+[.)])\s+")
# the title of a table of contents before the first section ("**Table of contents:**"); its entries are list
# items, which the introduction leaves out like every list
_TOC_LINE = lazy(r"^\s*[*_]*(table\s+of\s+)?contents[*_:\s]*$", re.I)


def readme_intro(text: str, limit: int = 3000) -> str:
    """What a README says before its first section about something else ("Installation", "Local
    development"): its title, badges and an "About" / "What is …" section are the introduction.

    A list there names the project's parts and tools ("Lab and Code for testing", "Compose for local
    development"), not what the project is: an item is kept only when it says "not for production"."""
    out = []
    in_fence = False
    prose = False
    previous = ""
    item = None  # the list item being read, with its continuation lines

    def end_item():
        nonlocal item
        if item is not None and _NOT_PROD.search(item.lower()):
            out.append(item)
        item = None

    for line in text[:20000].splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        heading = re.match(r"^\s{0,3}(#{1,6})\s+(.*)$", line)
        underline = re.match(r"^(=+|-+)\s*$", line) and previous.strip()
        if heading is not None or underline or not line.strip():
            end_item()
        if heading is not None or underline:
            level = len(heading.group(1)) if heading is not None else (1 if line.startswith("=") else 2)
            title = heading.group(2) if heading is not None else previous
            if not prose and heading is not None and not (out and _SECTION_HEADING.match(title.strip(" *_`:"))):
                # the headings a README opens with are its title and subtitle, whatever their level
                # ("## Compose sample application" / "### React application with a NodeJS backend")
                out.append(title)
                continue
            if level > 1 and not _ABOUT_HEADING.match(title.strip(" *_`:")):
                break
            if underline and out:
                out.pop()  # the underlined title line
            previous = ""
            continue
        previous = line
        if re.match(r"^\s*(\[!\[|!\[|<)", line):
            continue  # badges and HTML
        if _TOC_LINE.match(line):
            end_item()
            continue
        if _LIST_ITEM.match(line):
            end_item()
            item = line
            continue
        if item is not None:
            item += " " + line.strip()  # a lazy continuation of the item
            continue
        prose = prose or bool(line.strip())
        out.append(line)
    end_item()
    return "\n".join(out)[:limit]


# lower case only: the shell command is written `cd`, the abbreviation of continuous delivery "CD"
_SHELL_CD = lazy(r"(?:^|[\s:;`'\"(])cd(?::\s|\s+(?:into\s+)?[\w.~/$-])")

_CTX_WORDS = {
    "test": {"test", "tests", "testing", "e2e", "ci", "spec", "specs", "integration", "cypress", "playwright",
             "jest", "pytest", "smoke"},
    "development": {"dev", "develop", "development", "local", "locally", "debug", "watch", "devcontainer", "devenv",
                    "staging", "sandbox", "hot", "livereload"},
    "production": {"prod", "production", "deploy", "deployment", "release", "publish", "live", "prd", "cd",
                   "ship", "rollout", "promote"},
}


def context_role(*names: str) -> str | None:
    """The role a command's context names: a target `dev`, a script `test:e2e`, a job `deploy-prod`, a
    heading "Production". The first name that says something decides; test and development words win
    over production ones in the same name ("deploy-staging", "release-test")."""
    for name in names:
        if not name:
            continue
        words = set(re.split(r"[^a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", name).lower()))
        if _SHELL_CD.search(name):
            # the shell's `cd` quoted in a heading ("/bin/sh: cd: web: No such file or directory", "cd into
            # web/"), not continuous delivery
            words.discard("cd")
        for role in ("test", "development", "production"):
            if words & _CTX_WORDS[role]:
                return role
    return None
