"""The nginx model: includes followed inside the repository, contexts, inheritance, one report per place."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import lint
from linter.model.nginx import dropped_headers, headers, nginx_model, parse_listen


def _model(tmp_path, files):
    result = lint(tmp_path, files, select=["NGX001"])
    return nginx_model(result.project), result


def _tree(model, root):
    return next(t for t in model.trees if t.root == root)


def test_prefix_include_maps_to_the_sibling_conf_d(tmp_path):
    model, _ = _model(tmp_path, {
        "deploy/nginx/nginx.conf": "events {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n",
        "deploy/nginx/conf.d/a.conf": "server { listen 80; }\n",
        "deploy/nginx/conf.d/b.conf": "server { listen 8080; }\n",
    })
    assert [t.root for t in model.trees] == ["deploy/nginx/nginx.conf"]
    tree = model.trees[0]
    assert tree.context == "main"
    assert tree.files == {"deploy/nginx/nginx.conf", "deploy/nginx/conf.d/a.conf", "deploy/nginx/conf.d/b.conf"}
    servers = tree.servers()
    assert [s.node.file for s in servers] == ["deploy/nginx/conf.d/a.conf", "deploy/nginx/conf.d/b.conf"]
    assert servers[0].node.via is not None and servers[0].node.via.name == "include"


def test_relative_include_from_conf_d_reads_from_the_prefix_directory(tmp_path):
    model, _ = _model(tmp_path, {
        "nginx/conf.d/site.conf": "server {\n    include snippets/headers.conf;\n}\n",
        "nginx/snippets/headers.conf": "add_header X-Frame-Options DENY;\n",
    })
    tree = _tree(model, "nginx/conf.d/site.conf")
    assert tree.context == "http"
    assert "x-frame-options" in headers(tree.servers()[0].node)


def test_includes_never_leave_the_repository(tmp_path):
    outside = tmp_path / "outside.conf"
    outside.write_text("add_header X-Leak 1;\n")
    repo = tmp_path / "repo"
    (repo / "nginx" / "conf.d").mkdir(parents=True)
    (repo / "nginx" / "conf.d" / "site.conf").write_text(
        f"server {{\n    include {outside};\n    include ../../../outside.conf;\n    include link.inc;\n}}\n")
    os.symlink(outside, repo / "nginx" / "conf.d" / "link.inc")
    model, _ = _model(repo, None)
    tree = _tree(model, "nginx/conf.d/site.conf")
    assert tree.files == {"nginx/conf.d/site.conf"}
    assert headers(tree.servers()[0].node) == {}


def test_include_cycles_terminate(tmp_path):
    model, _ = _model(tmp_path, {
        "nginx/snippets/a.conf": "include snippets/b.conf;\nlocation /a { return 200; }\n",
        "nginx/snippets/b.conf": "include snippets/a.conf;\nlocation /b { return 200; }\n",
    })
    assert model.trees  # each file reached at least once
    assert {f for t in model.trees for f in t.files} == {"nginx/snippets/a.conf", "nginx/snippets/b.conf"}


def test_contexts(tmp_path):
    model, _ = _model(tmp_path, {
        "nginx/nginx.conf": "events {}\n",
        "nginx/conf.d/site.conf": "server { listen 80; }\n",
        "nginx/snippets/loc.conf": "location / { return 200; }\n",
        "nginx/snippets/misc.conf": "server_tokens off;\n",
    })
    contexts = {t.root: t.context for t in model.trees}
    assert contexts == {"nginx/nginx.conf": "main", "nginx/conf.d/site.conf": "http",
                        "nginx/snippets/loc.conf": "server", "nginx/snippets/misc.conf": "fragment"}
    assert _tree(model, "nginx/snippets/loc.conf").servers() == []


def test_conf_d_file_nobody_includes_is_judged_inside_the_nearby_http_block(tmp_path):
    model, _ = _model(tmp_path, {
        "nginx.conf": "events {}\nhttp {\n    add_header X-Content-Type-Options nosniff;\n}\n",
        "conf.d/templates/site.conf": "server { listen 80; }\n",
    })
    tree = _tree(model, "conf.d/templates/site.conf")
    assert "x-content-type-options" in headers(tree.servers()[0].node)


def test_add_header_inheritance(tmp_path):
    model, _ = _model(tmp_path, {
        "nginx/conf.d/site.conf": (
            "server {\n"
            "    add_header X-Frame-Options DENY;\n"
            "    location / {\n"
            "        location /a { add_header X-A 1; }\n"
            "        location /b { add_header_inherit merge; add_header X-B 1; }\n"
            "    }\n"
            "}\n"),
    })
    server = _tree(model, "nginx/conf.d/site.conf").servers()[0]
    outer, a, b = [d for d in server.node.walk() if d.name == "location"]
    assert set(headers(outer)) == {"x-frame-options"}
    assert set(headers(a)) == {"x-a"}
    assert [h.name for h in dropped_headers(a)] == ["X-Frame-Options"]
    assert set(headers(b)) == {"x-b", "x-frame-options"}
    assert dropped_headers(b) == []


def test_nginx_dump_parts_are_files(tmp_path):
    model, _ = _model(tmp_path, {
        "nginx.conf": ("# configuration file /etc/nginx/nginx.conf:\n"
                       "http {\n  server {\n    location /x {\n      include /etc/nginx/ips;\n    }\n  }\n}\n"
                       "# configuration file /etc/nginx/ips:\n"
                       "allow 127.0.0.1;\n"),
    })
    tree = _tree(model, "nginx.conf")
    allow = tree.find("allow")
    assert len(allow) == 1 and allow[0].parent.name == "location" and allow[0].line == 10


def test_listen_forms(tmp_path):
    model, _ = _model(tmp_path, {
        "nginx/conf.d/site.conf": ("server {\n    listen 443 ssl http2;\n    listen [::]:443 quic;\n"
                                   "    listen 127.0.0.1:8080;\n    listen unix:/run/n.sock;\n"
                                   "    listen ${PORT};\n}\n"),
    })
    listens = [parse_listen(d) for d in _tree(model, "nginx/conf.d/site.conf").find("listen")]
    assert [(lst.port, lst.ssl, lst.quic) for lst in listens] == [
        (443, True, False), (443, False, True), (8080, False, False), (None, False, False), (None, False, False)]
    assert listens[2].local_only and listens[3].local_only and not listens[0].local_only


def test_snippet_included_twice_reports_once(tmp_path):
    result = lint(tmp_path, {
        "nginx/nginx.conf": ("events {}\nhttp {\n    server { include snippets/tls.conf; }\n"
                             "    server { listen 8080; include snippets/tls.conf; }\n}\n"),
        "nginx/snippets/tls.conf": "ssl_protocols TLSv1 TLSv1.2;\n",
    }, select=["NGX004"])
    hits = [(f.path, f.span.line) for f in result.findings if f.rule_id == "NGX004"]
    assert hits == [("nginx/snippets/tls.conf", 1)]


def test_unparsable_file_does_not_break_the_model(tmp_path):
    result = lint(tmp_path, {
        "nginx/conf.d/broken.conf": "server {\n    listen 80;\n",
        "nginx/conf.d/ok.conf": "server { listen 80; root /srv; }\n",
    }, select=["NGX001"])
    assert not [f for f in result.findings if f.rule_id == "PL002"]
    assert ("nginx/conf.d/ok.conf", "NGX001") in {(f.path, f.rule_id) for f in result.findings}


def test_sites_enabled_falls_back_to_sites_available(tmp_path):
    model, _ = _model(tmp_path, {
        "nginx/nginx.conf": "events {}\nhttp {\n    include /etc/nginx/sites-enabled/*;\n}\n",
        "nginx/sites-available/app.conf": "server { listen 80; }\n",
    })
    assert [t.root for t in model.trees] == ["nginx/nginx.conf"]
    assert "nginx/sites-available/app.conf" in model.trees[0].files


def test_preflight_if_drops_nothing_worth_reporting(tmp_path):
    model, _ = _model(tmp_path, {
        "nginx/conf.d/api.conf": ("server {\n    add_header X-Frame-Options DENY;\n    location / {\n"
                                  "        if ($request_method = OPTIONS) {\n"
                                  "            add_header Access-Control-Allow-Methods GET;\n"
                                  "            return 204;\n        }\n    }\n}\n"),
    })
    block = _tree(model, "nginx/conf.d/api.conf").find("if")[0]
    assert dropped_headers(block) == []


def test_explicit_conf_d_file_is_judged_inside_its_nginx_conf(tmp_path):
    from linter.engine import RunOptions, run
    from conftest import write_tree

    write_tree(tmp_path, {
        "nginx/nginx.conf": "events {}\nhttp {\n    server_tokens off;\n    include conf.d/*.conf;\n}\n",
        "nginx/conf.d/site.conf": "server {\n    listen 80;\n    root /srv;\n}\n",
    })
    result = run(RunOptions(paths=[tmp_path / "nginx/conf.d/site.conf"], root=tmp_path, select=["NGX006"],
                            use_git=False))
    assert [f for f in result.findings if f.rule_id == "NGX006"] == []
    model = nginx_model(result.project)
    assert [t.root for t in model.trees] == ["nginx/nginx.conf"]


def test_a_stream_server_file_is_not_an_http_server(tmp_path):
    model, _ = _model(tmp_path, {
        "nginx/stream.d/db.conf": "server {\n    listen 5432;\n    proxy_pass db:5432;\n}\n",
        "nginx/conf.d/dns.conf": "server {\n    listen 53 udp;\n    proxy_pass dns;\n}\n",
    })
    assert all(t.servers() == [] for t in model.trees)


def test_absolute_include_through_a_compose_bind_mount(tmp_path):
    model, _ = _model(tmp_path, {
        "docker-compose.yml": ("services:\n  web:\n    image: nginx:1.27\n    volumes:\n"
                               "      - ./deploy/site.conf:/etc/nginx/conf.d/default.conf:ro\n"
                               "      - ./shared/proxy-headers:/etc/nginx/headers\n"),
        "deploy/site.conf": "server {\n    listen 80;\n    include /etc/nginx/headers/*.conf;\n}\n",
        "shared/proxy-headers/sec.conf": "add_header X-Frame-Options DENY;\n",
    })
    tree = next(t for t in model.trees if t.root == "deploy/site.conf")
    assert "shared/proxy-headers/sec.conf" in tree.files


# a map chain's source and whether a request can put a line break into it
_MAP_SOURCES = [
    ("default $uri;", True),                      # nginx URL-decodes $uri: %0a becomes a line break
    ("default $request_uri;", False),             # keeps the client's encoding
    ('default "static";', False),
    ("~^/(?<part>[^/]+)$ $part;", True),          # a negated class admits \n
    ("~^/([^.]*)$ $1;", True),
    ("~^/(.*)$ $1;", False),                      # '.' stops at \n
    ("~^/(\\w+)$ $1;", False),
    ("~*^/(?<slug>[a-z0-9-]+)$ $slug;", False),
]


@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=st.sampled_from(_MAP_SOURCES), depth=st.integers(min_value=1, max_value=4), via_set=st.booleans())
def test_response_splitting_follows_map_chains(source, depth, via_set):
    entry, tainted = source
    maps = [f"map $uri $m0 {{\n    {entry}\n}}"]
    maps += [f"map $host $m{i} {{\n    default $m{i - 1};\n}}" for i in range(1, depth)]
    last = f"$m{depth - 1}"
    body = f"    set $v {last};\n    add_header X-V $v;\n" if via_set else f"    add_header X-V {last};\n"
    conf = "\n".join(maps) + "\nserver {\n" + body + "}\n"
    with tempfile.TemporaryDirectory() as where:
        found = [f for f in lint(Path(where), {"nginx/conf.d/site.conf": conf}, select=["NGX021"]).findings]
    assert bool(found) == tainted, conf
