"""The checklist catalog shipped with prodlint: every item, its section and whether a repo can show it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .errors import UsageError
from .resources import load_json_schema, schema_path
from .usercache import read_json, write_json


@dataclass(frozen=True)
class Item:
    """One item of the checklist."""

    id: str
    section: str
    section_title: str
    text: str
    static: str  # full | partial | none
    kinds: tuple[str, ...]
    look: str


@dataclass(frozen=True)
class Catalog:
    """The parsed checklist: its sections and items."""

    version: int
    sections: tuple[tuple[str, str], ...]  # (id, title)
    items: tuple[Item, ...]

    def get(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    @property
    def ids(self) -> set[str]:
        return {i.id for i in self.items}


def _validated_data() -> dict:
    """The catalog as data, validated against its schema; cached by content so runs skip YAML and schema."""
    import hashlib

    text = schema_path("checklist.yaml").read_text(encoding="utf-8")
    schema = load_json_schema("checklist.schema.json")
    key = hashlib.sha256((text + repr(schema)).encode()).hexdigest()[:32]
    data = read_json("catalog", key)
    if isinstance(data, dict):
        return data
    from ruamel.yaml import YAML
    import jsonschema

    data = YAML(typ="safe", pure=True).load(text)
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        raise UsageError(f"checklist catalog is invalid: {exc.message}") from None
    write_json("catalog", key, data)
    return data


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    data = _validated_data()
    items = []
    sections = []
    for section in data["sections"]:
        sections.append((section["id"], section["title"]))
        for item in section["items"]:
            items.append(Item(item["id"], section["id"], section["title"], item["item"], item["static"],
                              tuple(item.get("kinds", [])), " ".join(str(item.get("look", "")).split())))
    return Catalog(data["version"], tuple(sections), tuple(items))
