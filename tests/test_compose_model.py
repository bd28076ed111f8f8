"""The compose model: interpolation, ports and mounts, env_file, override merging, extends, include,
and each service's link to the Dockerfile it builds."""
from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import lint
from linter.model.compose import image_family, image_repository, parse_port
from linter.model.interpolate import interpolate

NAMES = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True)
VALUES = st.text(alphabet=string.ascii_letters + string.digits + "-_./:@ ", max_size=20)
PLAIN = st.text(alphabet=st.characters(blacklist_characters="$", blacklist_categories=("Cs",)), max_size=40)


# ---- interpolation ----------------------------------------------------------------------------
@given(PLAIN)
def test_text_without_dollar_is_unchanged(text):
    got = interpolate(text, {"A": "x"})
    assert got.text == text and not got.runtime and not got.from_env_file and not got.defaulted


@given(NAMES, VALUES, PLAIN)
def test_braced_and_bare_variables_take_the_env_value(name, value, suffix):
    env = {name: value}
    assert interpolate("${" + name + "}", env).text == value
    got = interpolate("$" + name + " " + suffix, env)
    assert got.text == value + " " + suffix and got.from_env_file and not got.runtime


@given(NAMES, VALUES)
def test_defaults_apply_only_when_unset_or_empty(name, default):
    assert interpolate("${" + name + ":-" + default + "}", {}).text == default
    assert interpolate("${" + name + ":-" + default + "}", {}).defaulted
    assert interpolate("${" + name + ":-" + default + "}", {name: ""}).text == default
    assert interpolate("${" + name + "-" + default + "}", {name: ""}).text == ""  # set but empty: kept
    assert interpolate("${" + name + "-" + default + "}", {name: "v"}).text == "v"
    assert not interpolate("${" + name + "-" + default + "}", {name: "v"}).defaulted


@given(NAMES, VALUES)
def test_alternative_values(name, alt):
    assert interpolate("${" + name + ":+" + alt + "}", {name: "set"}).text == alt
    assert interpolate("${" + name + ":+" + alt + "}", {name: ""}).text == ""
    assert interpolate("${" + name + "+" + alt + "}", {name: ""}).text == alt
    assert interpolate("${" + name + "+" + alt + "}", {}).text == ""


@given(NAMES)
def test_unset_variables_are_deploy_time_values(name):
    for written in ("${" + name + "}", "${" + name + ":?must be set}", "${" + name + "?}"):
        got = interpolate(written, {})
        assert got.runtime and "${" + name in got.text


@given(PLAIN.filter(lambda s: "{" not in s and "}" not in s))
def test_double_dollar_is_a_literal_dollar(text):
    got = interpolate("$$" + text, {})
    assert got.text == "$" + text and not got.runtime


def test_nested_defaults_and_malformed_references():
    assert interpolate("${A:-${B:-deep}}", {}).text == "deep"
    assert interpolate("${A:-${B}}", {"B": "b"}).text == "b"
    assert interpolate("${A:-${B}}", {"B": "b"}).from_env_file
    assert interpolate("${", {}).text == "${"
    assert interpolate("${1x}", {}).text == "${1x}"
    assert interpolate("cost: 5$", {}).text == "cost: 5$"


# ---- ports and images -------------------------------------------------------------------------
PORTS = st.integers(min_value=1, max_value=65535)


@given(st.sampled_from([None, "127.0.0.1", "0.0.0.0", "::1", "10.0.0.5"]), st.one_of(st.none(), PORTS), PORTS,
       st.sampled_from(["", "/tcp", "/udp"]))
def test_short_port_syntax_round_trips(ip, host, container, protocol):
    if ip is not None and ":" in ip:
        text = f"[{ip}]:{host or ''}:{container}{protocol}"
    elif ip is not None:
        text = f"{ip}:{host or ''}:{container}{protocol}"
    elif host is not None:
        text = f"{host}:{container}{protocol}"
    else:
        text = f"{container}{protocol}"
    got_ip, got_host, got_container, got_protocol = parse_port(text)
    assert got_ip == ip
    assert got_host == ((host, host) if host else None)
    assert got_container == (container, container)
    assert got_protocol == (protocol.strip("/") or "tcp")


def test_port_ranges_and_garbage():
    assert parse_port("9000-9091:8080-8081") == (None, (9000, 9091), (8080, 8081), "tcp")
    assert parse_port("127.0.0.1::5000") == ("127.0.0.1", None, (5000, 5000), "tcp")
    assert parse_port("::1:8080:80") == ("::1", (8080, 8080), (80, 80), "tcp")
    assert parse_port("${PORT}:3000") == (None, None, (3000, 3000), "tcp")
    assert parse_port("") is None


@pytest.mark.parametrize("image, repo, family", [
    ("postgres:16-alpine", "postgres", "postgres"),
    ("docker.io/library/redis:7", "redis", "redis"),
    ("registry.example.com:5000/bitnami/postgresql:16@sha256:abc", "bitnami/postgresql", "postgres"),
    ("mcr.microsoft.com/mssql/server:2022-latest", "mssql/server", "mssql"),
    ("valkey/valkey:8", "valkey/valkey", "redis"),
    ("example/api:1.0", "example/api", None),
    ("redis-commander/redis-commander", "redis-commander/redis-commander", "redis-admin"),
])
def test_image_families(image, repo, family):
    assert image_repository(image) == repo
    found = image_family(image)
    assert (found[0] if found else None) == family


# ---- the project model ------------------------------------------------------------------------
def _services(tmp_path, files, name="docker-compose.yml"):
    result = lint(tmp_path, files, select=["CMP002"])
    project = result.project
    doc = project.document(project.by_rel[name])
    return {s.name: s for s in project.compose_services(doc)}, project


def test_env_file_then_environment_wins(tmp_path):
    services, _ = _services(tmp_path, {
        ".env": "TAG=1.2\nHOST_IP=127.0.0.1\n",
        "api.env": "LOG_LEVEL=debug\nPORT=3000\n",
        "docker-compose.yml": "services:\n  api:\n    image: example/api:${TAG}\n    env_file: [api.env]\n"
                              "    environment:\n      LOG_LEVEL: info\n"
                              "    ports: [\"${HOST_IP}:3000:3000\"]\n",
    })
    api = services["api"]
    env = {s.name: s for s in api.environment()}
    assert env["LOG_LEVEL"].value == "info" and env["LOG_LEVEL"].origin == "compose"
    assert env["PORT"].value == "3000" and env["PORT"].path == "api.env"
    assert api.image == "example/api:1.2"
    assert not api.ports()[0].all_interfaces


def test_production_override_merges_like_compose(tmp_path):
    services, _ = _services(tmp_path, {
        "docker-compose.yml": "services:\n  api:\n    image: example/api:1\n    command: npm run dev\n"
                              "    ports: [\"3000:3000\"]\n    environment: [A=1, B=2]\n"
                              "    volumes: [\"./src:/app\", \"data:/data\"]\n",
        "docker-compose.prod.yml": "services:\n  api:\n    command: [\"node\", \"main.js\"]\n"
                                   "    ports: [\"127.0.0.1:9090:9090\"]\n    environment: {B: '3'}\n"
                                   "    volumes: [\"prod-data:/data\"]\n",
        "docker-compose.override.yml": "services:\n  api:\n    privileged: true\n",
    })
    api = services["api"]
    assert api.command_words() == ["node", "main.js"]
    assert [p.container for p in api.ports()] == [(3000, 3000), (9090, 9090)]
    assert {s.name: s.value for s in api.environment()} == {"A": "1", "B": "3"}
    assert [(m.target, m.source.endswith("src") if m.type == "bind" else m.source) for m in api.mounts()] == \
        [("/app", True), ("/data", "data"), ("/data", "prod-data")]
    assert api.get("volumes")[-1] == "prod-data:/data" and len(api.get("volumes")) == 2
    assert api.get("privileged") is None  # the development override is not part of production
    assert api.where("command")[0] == "docker-compose.prod.yml"
    assert api.path == "docker-compose.yml"


def test_reset_and_override_tags(tmp_path):
    services, _ = _services(tmp_path, {
        "docker-compose.yml": "services:\n  api:\n    image: example/api:1\n    ports: [\"3000:3000\"]\n"
                              "    environment: {A: '1'}\n",
        "docker-compose.prod.yml": "services:\n  api:\n    ports: !reset []\n    environment: !override {B: '2'}\n",
    })
    api = services["api"]
    assert api.ports() == [] and api.get("ports") is None and not api.has("ports")
    assert {s.name for s in api.environment()} == {"B"}


def test_extends_and_include(tmp_path):
    services, _ = _services(tmp_path, {
        "compose.yaml": "include:\n  - infra/compose.yaml\nservices:\n  api:\n    extends:\n"
                        "      file: common.yml\n      service: node\n    depends_on: [db]\n",
        "common.yml": "services:\n  node:\n    image: example/node:1\n    user: node\n",
        "infra/compose.yaml": "services:\n  db:\n    image: postgres:16\n",
    }, name="compose.yaml")
    api = services["api"]
    assert set(services) == {"api"}  # included services are known, not owned
    assert api.get("user") == "node" and api.path == "compose.yaml"
    assert api.config.peer("db").is_category("database")


def test_build_links_the_dockerfile_stage_and_base_image(tmp_path):
    services, project = _services(tmp_path, {
        "docker-compose.yml": "services:\n  store:\n    build:\n      context: ./db\n      target: runtime\n",
        "db/Dockerfile": "ARG PG=16\nFROM postgres:${PG} AS runtime\nFROM runtime AS debug\n",
    })
    store = services["store"]
    doc, stage = project.dockerfile_for(store)
    assert stage.name == "runtime"
    assert store.base_image() == "postgres:16" and store.family == ("postgres", "database")


def test_mounts_and_redis_setup(tmp_path):
    services, _ = _services(tmp_path, {
        "docker-compose.yml": "services:\n  cache:\n    image: redis:7\n"
                              "    command: redis-server --save 60 1 --appendonly yes --requirepass \"$$PW\"\n"
                              "    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n"
                              "      - type: bind\n        source: ./x\n        target: /x\n"
                              "        bind: {propagation: rshared}\n      - /anon\n",
    })
    cache = services["cache"]
    kinds = [(m.type, m.read_only, m.propagation) for m in cache.mounts()]
    assert kinds == [("bind", True, None), ("bind", False, "rshared"), ("anonymous", False, None)]
    setup = cache.redis()
    assert setup.option("save") == ["60", "1"] and setup.option("appendonly") == ["yes"]
    assert setup.option("requirepass") == ["$PW"] and setup.official


def test_a_service_that_names_no_image_is_an_incomplete_fragment(tmp_path):
    services, _ = _services(tmp_path, {
        "docker-compose.yml": "services:\n  api:\n    image: example/api:1\n",
        "docker-compose.staging.yml": "services:\n  api:\n    environment: {A: '1'}\n  new:\n    build: .\n",
    }, name="docker-compose.staging.yml")
    assert not services["api"].complete and services["new"].complete
