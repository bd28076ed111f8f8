"""Clues from a file's own content: what a compose file builds and runs, what an env file sets.

These are the weakest clues: `NODE_ENV=development` in the only compose file of a repository is a finding,
not a role. They count only where the repository has a production counterpart of the same kind (see
`decide`)."""
from __future__ import annotations

import re

from ..lazyre import lazy

_DEV_VALUE = lazy(r"^(dev|develop|development|local|debug)$", re.I)
_TEST_VALUE = lazy(r"^(test|testing|ci|e2e)$", re.I)
ENV_NAMES = {"NODE_ENV", "FLASK_ENV", "FASTAPI_ENV", "APP_ENV", "RAILS_ENV", "RACK_ENV", "DJANGO_ENV", "ENV",
             "ENVIRONMENT", "APP_ENVIRONMENT", "PYTHON_ENV", "GO_ENV", "MIX_ENV", "ASPNETCORE_ENVIRONMENT",
             "SPRING_PROFILES_ACTIVE", "QUARKUS_PROFILE", "NEXT_PUBLIC_ENV", "VITE_ENV"}
_DEBUG_NAMES = {"DEBUG", "FLASK_DEBUG", "APP_DEBUG", "DJANGO_DEBUG"}
DEV_STAGE = lazy(r"^(dev|develop|development|debug|local|test|testing|tests?-?\w*|\w*-?dev|\w*[-_]dev"
                 r"|dev[-_]\w+|e2e|ci)$", re.I)
DEV_COMMAND = lazy(
    r"\b(manage\.py\s+runserver|flask\s+run|nodemon|ts-node-dev|next\s+dev|vite(\s|$)(?!build)|ng\s+serve"
    r"|(npm|yarn|pnpm|bun)\s+(run\s+)?(dev|start:dev|watch|serve)\b|--reload\b|rails\s+s(erver)?\b.*development"
    r"|air\b|webpack-dev-server|react-scripts\s+start|php\s+artisan\s+serve|dotnet\s+watch"
    r"|[\w./-]*[._-]dev\.sh\b)", re.I)
# a service that runs the test suite: a package script named test (`yarn run test:unit`, `npm test`) or a test
# runner itself
TEST_COMMAND = lazy(
    r"(?:^|[\s;&|(])(?:(?:npm|yarn|pnpm|bun)\s+(?:run\s+)?(?:--silent\s+)?test(?::[\w:-]+)?(?=\s|$)|pytest"
    r"|python\s+-m\s+(?:pytest|unittest)|go\s+test|phpunit|rspec|jest|mocha|vitest\s+run|cypress\s+run"
    r"|manage\.py\s+test|tox)(?=\s|$|[;&|)])", re.I)


def env_value_role(name: str, value: str) -> str | None:
    """The role a setting's value says: NODE_ENV=development, APP_ENV=test, DEBUG=1."""
    value = str(value).strip().strip("\"'")
    m = re.fullmatch(r"\$\{\w+:?-([^}]*)\}", value)
    if m is not None:
        value = m.group(1)
    if name.upper() in ENV_NAMES:
        if _DEV_VALUE.match(value):
            return "development"
        if _TEST_VALUE.match(value):
            return "test"
        if value.lower() in ("production", "prod"):
            return "production"
    if name.upper() in _DEBUG_NAMES and value.lower() in ("1", "true", "yes", "on"):
        return "development"
    return None


def env_file_clue(mapping: dict[str, str]) -> tuple[str, str] | None:
    """(role, reason) from an env file's settings, when they agree."""
    roles = {}
    for name, value in mapping.items():
        role = env_value_role(name, value)
        if role is not None:
            roles.setdefault(role, f"{name}={value}")
    if len(roles) != 1:
        return None
    role, reason = next(iter(roles.items()))
    return role, f"sets {reason}"


def compose_clue(root) -> tuple[str, str] | None:
    """(role, reason) from what a compose file's services run: development settings or dev-server
    commands, when no service says production."""
    services = root.get("services") if isinstance(root, dict) else None
    if not isinstance(services, dict):
        return None
    said: dict[str, str] = {}
    for name, node in services.items():
        if not isinstance(node, dict):
            continue
        env = node.get("environment")
        items = env.items() if isinstance(env, dict) else (
            (str(e).partition("=")[0], str(e).partition("=")[2]) for e in env if isinstance(e, str)) \
            if isinstance(env, list) else ()
        for key, value in items:
            role = env_value_role(str(key), "" if value is None else str(value))
            if role is not None:
                said.setdefault(role, f"service '{name}' sets {key}={value}")
        command = node.get("command")
        text = " ".join(map(str, command)) if isinstance(command, list) else str(command or "")
        m = DEV_COMMAND.search(text)
        if m is not None:
            said.setdefault("development", f"service '{name}' runs '{m.group(0).strip()}'")
        m = TEST_COMMAND.search(text)
        if m is not None:
            said.setdefault("test", f"service '{name}' runs '{m.group(0).strip()}'")
    if "production" in said or not said:
        return None
    role = "test" if "test" in said and "development" not in said else "development"
    return role, said[role]


# SMTP servers that keep every message for a web inbox and deliver none: a stack that sends its mail to one
# is one nobody outside receives mail from
_MAIL_CATCHER = lazy(r"^(?:[\w.-]+(?::\d+)?/)?(mailhog/mailhog|axllent/mailpit|maildev/maildev|djfarrelly/maildev"
                     r"|schickling/mailcatcher|sj26/mailcatcher|dockage/mailcatcher|rnwood/smtp4dev|inbucket/inbucket"
                     r"|marlonb/mailcrab|reachfive/fake-smtp-server|gessnerfl/fake-smtp-server)(?::[\w.-]+)?(?:@.*)?$",
                     re.I)

_MAIL_CATCHER_NAMES = {"mailhog", "mailpit", "maildev", "mailcatcher", "smtp4dev", "inbucket", "mailcrab"}


def _started_services(root):
    """(name, service, image or "") of each compose service outside development profiles."""
    services = root.get("services") if isinstance(root, dict) else None
    for name, node in services.items() if isinstance(services, dict) else ():
        if isinstance(node, dict) and dev_profiles(node.get("profiles")) is None:
            image = node.get("image")
            yield str(name), node, image.strip() if isinstance(image, str) else ""


def mail_catcher(root) -> str | None:
    """The service that runs a mail catcher, outside development profiles, or None."""
    return next((name for name, _, image in _started_services(root)
                 if _MAIL_CATCHER.match(image) or name.lower() in _MAIL_CATCHER_NAMES), None)


# What an application runs against and a developer starts beside the code they run from source: stock
# databases, caches, search engines, brokers and their admin consoles (linter.model.compose's families)
_BACKING_KINDS = ("database", "cache", "search", "broker", "admin")


def backing_services_only(root) -> list[str] | None:
    """The services of a stack that runs only stock backing services (Postgres, Redis, RabbitMQ, an admin
    console), none built here nor running anything else: what the application needs while it runs from the
    developer's checkout, with the application itself absent. None when a service builds or runs anything else
    (the application, a proxy in front of it, an image the text cannot name)."""
    names = []
    for name, node, _image in _started_services(root):
        if not stock_backing_service(node):
            return None
        names.append(name)
    return names or None


def stock_backing_service(node: dict) -> bool:
    """A service running a stock database, cache, search engine, broker or admin console, built nowhere here."""
    from ..model.compose import image_family

    image = node.get("image")
    image = image.strip() if isinstance(image, str) else ""
    family = image_family(image) if image and node.get("build") is None else None
    return family is not None and family[1] in _BACKING_KINDS


# Local emulators of a cloud provider's services: they keep what they are sent on this machine and answer with
# fixed credentials, so a stack that runs one stands in for the cloud it emulates (a developer's or a test's)
_CLOUD_EMULATOR = lazy(r"^(?:[\w.-]+(?::\d+)?/)?(localstack/localstack(?:-pro)?|motoserver/moto"
                       r"|azure-storage/azurite|cosmosdb/linux/azure-cosmos-emulator|fsouza/fake-gcs-server"
                       r"|amazon/dynamodb-local|softwaremill/elasticmq(?:-native)?|roribio16/alpine-sqs"
                       r"|thekevjames/gcloud-pubsub-emulator)(?::[\w.-]+)?(?:@.*)?$", re.I)


def cloud_emulator(root) -> str | None:
    """The service that runs a cloud provider's local emulator, outside development profiles, or None."""
    return next((name for name, _, image in _started_services(root) if _CLOUD_EMULATOR.match(image)), None)


# Images that only answer with the request they received (whoami, hello pages): a stack that runs one as a
# backend shows how to route to a service, it serves nothing of its own (nginx-proxy's and Traefik's
# documented demo stacks)
_DEMO_BACKEND = lazy(r"^(?:[\w.-]+(?::\d+)?/)?(traefik/whoami|containous/whoami|jwilder/whoami|emilevauge/whoami"
                     r"|nginxdemos/hello|nginxdemos/nginx-hello|tutum/hello-world|karthequian/helloworld"
                     r"|hashicorp/http-echo|mendhak/http-https-echo|ealen/echo-server)(?::[\w.-]+)?(?:@.*)?$", re.I)


# What a demo stack may run besides its demo backend: the proxy it demonstrates and the helpers that proxy
# takes (certificates, templates from the Docker socket), and stock databases and caches
_DEMO_COMPANION = lazy(r"^(?:[\w.-]+(?::\d+)?/)?(certbot/[\w-]+|nginxproxy/acme-companion"
                       r"|jrcs/letsencrypt-nginx-proxy-companion|nginxproxy/docker-gen|jwilder/docker-gen"
                       r"|tecnativa/docker-socket-proxy)(?::[\w.-]+)?(?:@.*)?$", re.I)
_DEMO_COMPANION_KINDS = ("proxy", "database", "cache")


def demo_backend(root) -> str | None:
    """The service that runs a request-echoing demo image, outside development profiles, when it is the
    stack's only application: every other service runs a stock proxy, database, cache or certificate helper.
    A stack that also builds or runs an application of its own is that application's, whoami beside it or
    not. None otherwise."""
    demo = None
    others = []
    for name, node, image in _started_services(root):
        if _DEMO_BACKEND.match(image) and node.get("build") is None:
            demo = demo or name
        else:
            others.append(node)
    if demo is None:
        return None
    from ..model.compose import image_family

    for node in others:
        image = node.get("image")
        if node.get("build") is not None or not isinstance(image, str):
            return None
        family = image_family(image)
        if not _DEMO_COMPANION.match(image.strip()) and (family is None or family[1] not in _DEMO_COMPANION_KINDS):
            return None
    return demo


def dev_build_targets(root) -> list[tuple[str, str]]:
    """(service, target) of every service that builds a stage; callers ask whether all are dev stages."""
    services = root.get("services") if isinstance(root, dict) else None
    out = []
    if not isinstance(services, dict):
        return out
    for name, node in services.items():
        build = node.get("build") if isinstance(node, dict) else None
        if isinstance(build, dict):
            target = build.get("target")
            out.append((str(name), str(target) if target is not None else ""))
        elif build is not None:
            out.append((str(name), ""))
    return out


# profiles production does not start: development and test ones, and those kept for old deployments only
DEV_PROFILE = lazy(r"^(dev|develop|development|debug|local|test|testing|tests|ci|e2e|dev[-_]\w+"
                   r"|\w+[-_]dev|\w+[-_]debug|debug[-_]\w+|test[-_]\w+|\w+[-_]test|deprecated|legacy|obsolete)$",
                   re.I)


def dev_profiles(profiles) -> list[str] | None:
    """The profiles of a service when every one of them is a development, test or deprecated profile, else
    None."""
    if not isinstance(profiles, list) or not profiles:
        return None
    names = [str(p) for p in profiles]
    return names if all(DEV_PROFILE.match(p) for p in names) else None
