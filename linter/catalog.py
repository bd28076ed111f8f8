"""The checklist catalog shipped with prodlint: every item, its section and whether a repo can show it."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .errors import UsageError
from .resources import load_json_schema, schema_path


@dataclass(frozen=True)
class Item:
    id: str
    section: str
    section_title: str
    text: str
    static: str  # full | partial | none
    kinds: tuple[str, ...]
    look: str


@dataclass(frozen=True)
class Catalog:
    version: int
    sections: tuple[tuple[str, str], ...]  # (id, title)
    items: tuple[Item, ...]

    def get(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    @property
    def ids(self) -> set[str]:
        return {i.id for i in self.items}


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    from ruamel.yaml import YAML
    import jsonschema

    data = YAML(typ="safe", pure=True).load(schema_path("checklist.yaml").read_text(encoding="utf-8"))
    try:
        jsonschema.validate(data, load_json_schema("checklist.schema.json"))
    except jsonschema.ValidationError as exc:
        raise UsageError(f"checklist catalog is invalid: {exc.message}") from None
    items = []
    sections = []
    for section in data["sections"]:
        sections.append((section["id"], section["title"]))
        for item in section["items"]:
            items.append(Item(item["id"], section["id"], section["title"], item["item"], item["static"],
                              tuple(item.get("kinds", [])), " ".join(str(item.get("look", "")).split())))
    return Catalog(data["version"], tuple(sections), tuple(items))
