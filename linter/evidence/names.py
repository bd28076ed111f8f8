"""Clues from a path: the file's name (`docker-compose.dev.yml`, `.env.example`, `Dockerfile.prod`) and the
folders it sits in (`examples/`, `test/`, `local/`, `deploy/production/`)."""
from __future__ import annotations

import re

from ..lazyre import lazy
from .clues import Clue, Strength

# File names, as gitignore-style patterns; the first role in this order whose patterns match wins, so a
# production file's template (`.env.production.example`) is an example.
FILE_PATTERNS: dict[str, list[str]] = {
    "example": [
        "*.example", "*.sample", "*.template", "*.dist", "*.tmpl", "*.example.*", "*.sample.*",
        ".env.example*", ".env.sample*", ".env.template*", "env.example*", "env.sample*", "env-example*",
        "example.env", "sample.env", "*-sample", "*-sample.*", "*_sample", "*-example", "*-example.*",
        "*.*-sample", "*.*-example", "*.demo.*", "*-demo.*", "demo.*",
        # the same words inside the name, before its format's suffix (`nginx.tmpl.conf`, `site.template.conf`)
        "?*.tmpl.*", "?*.tpl.*", "?*.template.*",
        # the source a generator writes the compose files from (`docker-compose.template.yml`)
        "*.template.y*ml",
        # a name that starts by saying what it is (`example-config`, `example_nginx.conf`, `sample-site.conf`)
        "example-*", "example_*", "sample-*",
        # a quickstart stack and its overlays (`quickstart.yml`, `quickstart-postgres.yml`,
        # `docker-compose.quickstart.yml`): the try-it-out setup, named as a `quickstarts/` folder is
        "quickstart.*", "quickstart-*", "quickstart_*", "*.quickstart.*", "*-quickstart.*", "*_quickstart.*",
    ],
    "test": [
        "*.test.*", "*.spec.*", ".env.test", ".env.test.*", ".env.ci", "*.ci.y*ml", "docker-compose.test*.y*ml",
        "compose.test*.y*ml",
        # a stack one test suite runs, named after it (`docker-compose.mcp-oauth-test.yml`,
        # `docker-compose.search-testing.yml`)
        "docker-compose*-test.y*ml", "docker-compose*-tests.y*ml", "docker-compose*-testing.y*ml",
        "docker-compose*_test.y*ml", "compose*-test.y*ml", "compose*-tests.y*ml", "compose*-testing.y*ml",
        "*cypress*", "*.e2e.*", "*.e2e", "*-e2e.*", "*.test", "test.Dockerfile",
        # a load or stress run's files (`loadtest.dockerfile`, `docker-compose.load-test.yml`), and an env
        # file named for a CI run (`.env.dusk.ci`: Laravel Dusk's browser tests in CI)
        "*loadtest*", "*load-test*", "*load_test*", "*stresstest*", "*stress-test*", ".env.*.ci", ".env.ci.*",
        "*.test.Dockerfile", "Dockerfile.test*", "Dockerfile.ci", "Dockerfile.e2e", "*.playwright",
        # Laravel's (and others') test environment: `php artisan test` loads .env.testing
        ".env.testing", ".env.testing.*",
        # the same word in other spellings: .env.tests, .env.unit-tests, .env.testing-ci, local-test.env
        ".env.tests", ".env.tests.*", ".env.test-*", ".env.testing-*", ".env.*-test", ".env.*-tests",
        ".env.*_test", ".env.*_tests", "test.env", "tests.env", "testing.env", "*-test.env", "*_test.env",
        "*-tests.env", "*_tests.env",
        "test_*.py", "*_test.py", "conftest.py", "**/settings/test*.py", "test_settings.py", "settings_test.py",
        # the settings a CI job runs the test suite with (`DJANGO_SETTINGS_MODULE=x.settings.ci`)
        "**/settings/ci.py", "**/settings/ci_*.py", "ci_settings.py", "settings_ci.py",
        # the same named for the CI service (tabbycat's `settings/github.py`, chosen when GITHUB_CI is set)
        "**/settings/github.py", "**/settings/github_actions.py", "**/settings/gitlab_ci.py", "**/settings/travis.py",
        "**/settings/circleci.py", "**/settings/jenkins.py",
        # the configuration a test run loads (netbox's configuration_testing.py, settings_testing.py)
        "*_testing.py",
        # Django's test module of an app (`users/tests.py`), and a configuration module a test run loads by
        # its own name (`configs/test.py`, `config/testing.py` beside `config/production.py`)
        "tests.py", "test.py", "testing.py",
        # node-config's (and others') configuration of the test environment, merged over `default.*` when
        # NODE_ENV=test (`config/test.cjs`, `config/test.json`, `config/testing.ts`); `development.*` and
        # `production.*` are named below
        "test.js", "test.cjs", "test.mjs", "test.ts", "test.cts", "test.mts", "testing.js", "testing.cjs",
        "testing.mjs", "testing.ts", "**/config/test.json", "**/config/test.y*ml", "**/config/testing.json",
        "**/config/testing.y*ml", "**/config/test-*.*", "**/config/local-test.*",
        # a test suite's helper library (timesketch's `lib/testlib.py`: fixtures, mock users and their passwords)
        "testlib.py", "testlib_*.py", "*_testlib.py", "testutils.py", "testhelpers.py",
    ],
    "development": [
        "docker-compose.override.y*ml", "compose.override.y*ml", "*.dev", "*.dev.*", "*-dev.*", "*_dev.*",
        "*-dev-*", "*_dev_*",
        # a development variant named for what it adds (`docker-compose.dev-azure.yml`, `compose.dev_redis.yml`,
        # `docker-compose.local-db.yml`)
        "*.dev-*", "*.dev_*", "*.local-*", "*.local_*",
        "*-dev", "dev.*", "develop.*", "development.*", "*-development.*", "*_development.*", "*-development",
        "local.*", "staging.*", "*.development", "*.development.*",
        ".env.development*", ".env.dev*", ".env.local*", "*.local",
        "*.local.*", "*-local.*", "*.debug.*", "*.debug", "Dockerfile.dev*", "dev.Dockerfile", "*.dev.Dockerfile",
        "Dockerfile.debug", "*-debug", "*.staging.*", "*-staging.*", ".env.staging*", ".gitpod.Dockerfile",
        # a cloud development environment's stack or image, named for it (`docker-compose.gitpod.yaml`,
        # `gitpod.Dockerfile`, `compose.codespaces.yml`, `docker-compose.devcontainer.yml`)
        "*.gitpod.*", "*-gitpod.*", "*_gitpod.*", "gitpod.*", "Dockerfile.gitpod",
        "*.codespaces.*", "*-codespaces.*", "*.codespace.*", "*.devcontainer.*", "*-devcontainer.*",
        "Dockerfile.devcontainer",
        "**/settings/dev.py", "**/settings/develop.py", "**/settings/development.py", "**/settings/local.py", "**/settings/local_*.py",
        "**/settings/dev_*.py", "**/settings/development_*.py", "settings_dev.py",
        "settings_local.py", "local_settings.py", "dev_settings.py",
    ],
    "production": [
        "*.prod", "*.prod.*", "*-prod.*", "*_prod.*", "*.production", "*.production.*", "*-production.*",
        "prod.*", "production.*",
        ".env.prod*", "prod.Dockerfile", "production.Dockerfile", "Dockerfile.prod*", "Dockerfile-prod*",
        "*compose.deploy.y*ml", "*compose.release.y*ml", "*compose.live.y*ml",
        "**/settings/prod.py", "**/settings/production.py", "settings_prod.py", "prod_settings.py",
    ],
}
FILE_ORDER = ("example", "test", "development", "production")

# A project template's folder is named by a placeholder (`{{cookiecutter.project_slug}}/`, copier's `{{ name }}`)
_PLACEHOLDER_FOLDER = r".*\{\{.*\}\}.*"
# A/B and split testing are what a service does for its users (an experimentation service), not tests of it
_EXPERIMENT = r"(?:.*[-_])?(?:a[-_]?b|split)[-_]tests?$"
# Folder names (lower case): set aside (examples, docs, tests) outweighs a file's own name; the others
# (dev/, local/, production/) weigh less than it.
_ASIDE_FOLDERS = {
    # a project's own documentation under a qualified name (`internal_docs/`, `dev-docs/`) and R-style
    # vignettes (worked examples); `api_docs/` is left alone, often the blueprint serving the API's documentation
    "example": r"examples?|samples?|demos?|docs?|documentation|tutorials?|quickstarts?|boilerplates?"
               r"|(?:internal|dev|developer|design|contributor|project)[-_]docs?|vignettes?"
               r"|playground|showcase|.*[-_]examples?|.*[-_]samples?|.*[-_]demo|examples?[-_].*|samples?[-_].*"
               r"|" + _PLACEHOLDER_FOLDER,
    "test": r"tests?|testing|__tests__|__mocks__|fixtures?|__fixtures__|spec|specs|e2e|cypress|playwright|testdata"
            r"|test-?data|integration-tests?|(?!" + _EXPERIMENT + r").*[-_]tests?|tests?[-_].*|\.ci|ci|\.circleci"
            # a kind of test written as one word (`e2etests/`, `unittests/`), and test as a word inside a
            # longer name (`python_test_utils/`, `api-test-helpers/`)
            r"|(?:e2e|unit|integration|functional|acceptance|regression|smoke|load|perf)tests?"
            # benchmarks and load generators of the project (`packages/app-benchmark/`, karakeep's
            # `packages/benchmarks`): run against the stack they measure, not by it
            r"|benchmarks?|.*[-_]benchmarks?"
            # performance scripts (`scripts/perf/`): they load a running stack and measure it
            r"|perf"
            # integration suites (authelia's `internal/suites/LDAP/`) and the test doubles a suite starts in place
            # of real services (`docker/dummy/webdav/`, `mocks/`, `stubs/`, `fakes/`)
            r"|suites|test-?suites?|dummy|dummies|mocks?|stubs?|fakes?"
            # a CI service's own folder: the images its jobs run in (baserow's `.gitlab/ci_dind_image/`), an
            # action's container (`.github/actions/lint/`)
            r"|\.github|\.gitlab|\.buildkite|\.drone|\.woodpecker|\.gitea|\.forgejo"
            r"|(?!(?:.*[-_])?(?:a[-_]?b|split)[-_]tests?[-_]).+[-_]tests?[-_].+"
            r"|\.codesandbox",
}
_FOLDERS = {
    # devenv/, Gitpod's and DDEV's folders hold the image and stack of a developer's workspace, like
    # .devcontainer/
    "development": r"dev|develop|development|local|\.devcontainer|devcontainers?|devcontainer-.*|.*[-_]dev|dev[-_].*"
                   r"|devenvs?|\.?gitpod|\.ddev|debug|staging|sandbox|\.vscode|\.idea",
    "production": r"prod|production|deploy|deployment|deployments|release",
    # what the community contributed beside what the project ships (navidrome's `contrib/docker-compose/`:
    # compose files for the reverse proxy of someone's choice; synapse's `contrib/`): weaker than a name or
    # a deployment, and never for code (`django.contrib`, an application's `contrib/` package)
    "example": r"contrib",
}
# dotenv's mode files (Next.js, Vite, Create React App, dotenv-flow): `.env.<mode>.local` is this machine's
# override of <mode>, loaded in that mode; `.env.production.local` is where a production host keeps its real
# secrets (git-ignored by those frameworks' templates), not a development file, whatever `*.local` says.
_PRODUCTION_LOCAL = re.compile(r"^\.env\.(?:production|prod)\.local$")
_SOURCE_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".py")
_ASIDE_RE = {role: re.compile(rf"^({rx})$") for role, rx in _ASIDE_FOLDERS.items()}
_FOLDER_RE = {role: re.compile(rf"^({rx})$") for role, rx in _FOLDERS.items()}
PRODUCTION_FOLDER = _FOLDER_RE["production"]
_PLACEHOLDER = lazy(rf"^{_PLACEHOLDER_FOLDER}$")
_TEMPLATE_SYNTAX = lazy(r"\{\{.*?\}\}|\{%.*?%\}")


_TEMPLATES_FOLDER = lazy(r"^\.?(templates?|tmpl|tpl)$", re.I)
# a template language's own extension on a configuration's name (`site.conf.j2`, `nginx.conf.tmpl`)
TEMPLATE_NAME = lazy(r"\.(j2|jinja2?|tmpl|tpl|template)([._-][\w-]+)?$", re.I)


def is_template(rel: str, text: str) -> bool:
    """A file written in a template language and rendered before anything reads it as its kind: a project
    template's (cookiecutter, copier: a folder named by a placeholder), one under a `templates/` folder that
    an entrypoint renders with gomplate or Jinja (`{{ getenv "POST_MAX_SIZE" }}` in an nginx file), or one
    named as a template (`site.conf.j2`). Asked when such a file cannot be parsed even with its template
    syntax neutralised (``linter.parsers.template_text``)."""
    return template_path(rel) and bool(_TEMPLATE_SYNTAX.search(text))


def template_path(rel: str) -> bool:
    """Whether the path says its file is a template: a folder named by a placeholder or `templates/`, or a
    template language's extension on the name."""
    parts = rel.split("/")
    return any(_PLACEHOLDER.match(f) or _TEMPLATES_FOLDER.match(f) for f in parts[:-1]) \
        or TEMPLATE_NAME.search(parts[-1]) is not None


def in_project_template(rel: str) -> bool:
    """Whether the file lies in a project template's folder (named by a placeholder, `{{cookiecutter.slug}}/`):
    nothing there is deployed as written, only the project rendered from it, in another repository."""
    return any(_PLACEHOLDER.match(f) for f in rel.split("/")[:-1])


_NAME_SETS: list = []


def _name_sets() -> list:
    """The role name patterns as GlobSets, built once per process: the roles and their evidence each ask, and
    building them (the literal of some eighty patterns) cost a third of a millisecond each time."""
    if not _NAME_SETS:
        from ..globs import GlobSet
        _NAME_SETS.extend((role, GlobSet(FILE_PATTERNS[role])) for role in FILE_ORDER)
    return _NAME_SETS


class NameClues:
    def __init__(self, base: str = ""):
        self._sets = _name_sets()
        # The folder a run was asked to check: its files are judged as a project's own, so the folders above
        # it (`prodlint check examples/shop`) say nothing about them.
        self._base = base.strip("/")

    def clues(self, rel: str) -> list[Clue]:
        if self._base and rel.startswith(self._base + "/"):
            rel = rel[len(self._base) + 1:]
        out = []
        name = rel.rsplit("/", 1)[-1]
        if _PRODUCTION_LOCAL.match(name):
            out.append(Clue("production", Strength.NAME, f"file name '{name}' (production's local override)"))
        for role, spec in () if out else self._sets:
            if spec.match(rel):
                out.append(Clue(role, Strength.NAME, f"file name '{name}'"))
                break
        folders = rel.split("/")[:-1]
        for role, regex in _ASIDE_RE.items():
            # a hidden folder says the same as its plain name (`.examples/` beside the published image's
            # folders); `.ci`, `.circleci` and `.devcontainer` are named as they are
            hit = next((f for f in folders if regex.match(f.lower()) or
                        (f.startswith(".") and regex.match(f[1:].lower()))), None)
            if hit is not None:
                out.append(Clue(role, Strength.FOLDER_ASIDE, f"in folder '{hit}/'"))
                break
        else:
            source = name.lower().endswith(_SOURCE_SUFFIXES)
            # the nearest folder that says something decides
            for folder in reversed(folders):
                role = next((r for r, regex in _FOLDER_RE.items() if regex.match(folder.lower())), None)
                if source and (role == "example" or (role == "development" and folder.lower() == "debug")):
                    # a debug/ folder of backend source is a module of the application (its debug routes and
                    # tools, which the checklist asks about when production serves them), not a local setup;
                    # so is a contrib/ package
                    continue
                if role is not None:
                    out.append(Clue(role, Strength.FOLDER, f"in folder '{folder}/'"))
                    break
        return out
