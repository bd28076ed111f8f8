"""node-config lookups (linter/model/node_config.py): which file and line give `config.get('a.b')`, and what is
never read (a symlink leaving the repository, invalid or bomb-shaped YAML, non-string values)."""
from pathlib import Path

from linter.model.node_config import config_value


class _Project:
    def __init__(self, root: Path):
        self.root = root


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_default_key_with_its_variable(tmp_path):
    _write(tmp_path, "config/default.yml", "jwt:\n  secret: s3cret\n")
    _write(tmp_path, "config/custom-environment-variables.json", '{"jwt": {"secret": {"__name": "JWT_SECRET"}}}')
    found = config_value(_Project(tmp_path), "", "jwt.secret")
    assert (found.value, found.path, found.span.line, found.span.column, found.env) == \
        ("s3cret", "config/default.yml", 2, 11, "JWT_SECRET")


def test_production_wins_over_default_in_a_package_folder(tmp_path):
    _write(tmp_path, "api/config/default.yaml", "secret: dev\n")
    _write(tmp_path, "api/config/production.yaml", "secret: prod-literal\n")
    found = config_value(_Project(tmp_path), "api", "secret")
    assert (found.value, found.path, found.env) == ("prod-literal", "api/config/production.yaml", None)


def test_nothing_for_missing_keys_numbers_and_invalid_files(tmp_path):
    _write(tmp_path, "config/default.yml", "port: 3000\nsecret: [a, b]\n")
    project = _Project(tmp_path)
    assert config_value(project, "", "port") is None
    assert config_value(project, "", "secret") is None
    assert config_value(project, "", "jwt.secret") is None
    other = tmp_path / "other"
    _write(other, "config/default.yml", "secret: 'unterminated\n")
    assert config_value(_Project(other), "", "secret") is None


def test_alias_bombs_are_not_expanded(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 40)]
    _write(tmp_path, "config/default.yml", "\n".join(lines) + "\nsecret: s\n")
    assert config_value(_Project(tmp_path), "", "secret") is None


def test_a_symlink_leaving_the_repository_is_not_read(tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text("secret: from-outside\n")
    repo = tmp_path / "repo"
    (repo / "config").mkdir(parents=True)
    (repo / "config" / "default.yml").symlink_to(outside)
    assert config_value(_Project(repo), "", "secret") is None
