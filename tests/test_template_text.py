"""Template syntax neutralised before parsing (linter/parsers/template_text.py), nginx templates named as
such (linter/classify.py), and a file of a mounted folder that a service's command names (evidence/links.py)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from linter.classify import classify_name
from linter.evidence.links import names_file
from linter.parsers.template_text import blank_directive_placeholders, neutralise


def test_expressions_become_one_word_of_the_same_length():
    text = "server_name {{ domain }};\nproxy_pass http://0.0.0.0:{{lemmy_port}};\n"
    out = neutralise(text)
    assert out == "server_name T___________;\nproxy_pass http://0.0.0.0:T_____________;\n"
    assert "$" not in out  # never a variable of nginx's own language


def test_the_first_branch_of_an_if_chain_is_kept_and_the_others_blanked():
    text = ("location / {\n{% if anubis %}\n  proxy_pass http://anubis;\n{% elif x %}\n  proxy_pass http://x;\n"
            "{% else %}\n  proxy_pass http://lemmy;\n{% endif %}\n}\n")
    out = neutralise(text)
    assert out.count("proxy_pass") == 1 and "anubis;" in out
    assert out.count("\n") == text.count("\n") and len(out) == len(text)


def test_loops_comments_and_nested_blocks():
    text = "{# note #}\n{% for h in hosts %}\nallow {{ h }};\n{% if x %}a;{% else %}b;{% endif %}\n{% endfor %}\n"
    out = neutralise(text)
    assert "allow T______;" in out and "a;" in out and "b;" not in out
    assert "{" not in out and "%" not in out and len(out) == len(text)


def test_text_without_template_syntax_is_returned_as_is():
    text = "server { listen 80; location ~ ^/a{2}$ { return 200 '${VAR}'; } }\n"
    assert neutralise(text) is text


@given(st.text(alphabet="{}%#ab \n;", max_size=60))
def test_lengths_and_line_breaks_always_hold(text):
    out = neutralise(text)
    assert len(out) == len(text)
    assert [i for i, c in enumerate(out) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]


def test_nginx_templates_are_nginx_files_by_name():
    assert classify_name("deployment/data/nginx/app.conf.template.prod") == "nginx"
    assert classify_name("deploy/nginx/site.conf.j2") == "nginx"
    assert classify_name("nginx.conf.tmpl") == "nginx"
    # outside an nginx folder the content decides
    assert classify_name("roles/web/templates/site.conf.j2") == "nginx?"
    assert classify_name("app.conf.template.bak.md") is None


def test_a_command_names_a_file_as_a_whole_word():
    command = '/bin/sh -c "cp -a /t/. /etc/nginx/conf.d/ && /tmp/run.sh app.conf.template.prod"'
    assert names_file(command, "data/nginx/app.conf.template.prod")
    assert not names_file(command, "data/nginx/app.conf.template")
    assert names_file("nginx -c /etc/nginx/site.conf", "conf/site.conf")
    assert not names_file("", "conf/site.conf")


def test_a_compose_template_of_an_ansible_role_is_checked_and_its_expressions_are_unknown_values(tmp_path):
    from conftest import lint
    compose = ("services:\n  app:\n    image: {{ app_image }}\n    restart: always\n{% if proxy %}\n"
               "  proxy:\n    image: nginx\n    restart: always\n    ports:\n      - \"127.0.0.1:{{ port }}:80\"\n"
               "{% endif %}\n")
    result = lint(tmp_path, {"templates/docker-compose.yml": compose}, select=["CMP026", "PL001"], cache=False)
    assert [(f.rule_id, f.span.line) for f in result.findings] == [("CMP026", 7)]
    assert not result.notices


def test_unclosed_openers_of_a_hostile_file_are_left_as_written():
    text = "{{" * 20000 + "\n{% if x %}" * 2000 + "{# never closed"
    out = neutralise(text)
    assert len(out) == len(text) and out.count("\n") == text.count("\n")


def test_a_placeholder_alone_on_its_line_is_blanked_and_one_inside_a_directive_kept():
    text = ("events {\n    worker_connections 1024;\n    ${NGINX_EVENTS_BLOCK}\n}\nhttp {\n"
            "    $NGINX_SSL_CONFIG  # extra settings\n    listen 443 ssl $NGINX_HTTP2;\n}\n")
    out = blank_directive_placeholders(text)
    assert out == text.replace("${NGINX_EVENTS_BLOCK}", " " * 21).replace("$NGINX_SSL_CONFIG", " " * 17)
    assert len(out) == len(text) and "$NGINX_HTTP2" in out
    assert blank_directive_placeholders("no placeholders\n") == "no placeholders\n"


@given(st.text(alphabet=st.sampled_from(list("${}ab_ \t\n#;")), max_size=200))
def test_blanking_keeps_lengths_and_line_breaks(text):
    out = blank_directive_placeholders(text)
    assert len(out) == len(text) and [i for i, c in enumerate(out) if c == "\n"] == \
        [i for i, c in enumerate(text) if c == "\n"]
