"""The catalogue of dialogue formats, kept as data in
questionnaires/catalogues/dialogue-formats.yaml (German and English texts)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from flask_babel import get_locale

CATALOGUE = Path(__file__).resolve().parents[2] / "questionnaires" / "catalogues" / "dialogue-formats.yaml"


@dataclass(frozen=True)
class Format:
    key: str
    texts: dict  # field -> {"de": …, "en": …}
    lottery: bool = False
    budget: bool = False

    def text(self, field: str, language: str | None = None) -> str:
        values = self.texts[field]
        language = language or _language()
        return values.get(language) or values["de"]

    @property
    def name(self) -> str:
        return self.text("name")

    @property
    def description(self) -> str:
        return self.text("description")

    @property
    def size(self) -> str:
        return self.text("size")

    @property
    def duration(self) -> str:
        return self.text("duration")

    @property
    def fits(self) -> str:
        return self.text("fits")


def _language() -> str:
    locale = get_locale()
    return locale.language if locale else "de"


class CatalogueError(ValueError):
    pass


def parse(data: dict) -> dict[str, Format]:
    """Checks the catalogue's shape: unique keys, every text in de and en."""
    formats: dict[str, Format] = {}
    for entry in (data or {}).get("formats") or []:
        key = entry.get("key")
        if not key or key in formats:
            raise CatalogueError(f"missing or repeated key: {key!r}")
        texts = {}
        for field in ("name", "description", "size", "duration", "fits"):
            value = entry.get(field)
            if not isinstance(value, dict) or not value.get("de") or not value.get("en"):
                raise CatalogueError(f"{key}: {field} needs a German and an English text")
            texts[field] = {"de": str(value["de"]).strip(), "en": str(value["en"]).strip()}
        formats[key] = Format(key, texts, bool(entry.get("lottery")), bool(entry.get("budget")))
    if not formats:
        raise CatalogueError("the catalogue lists no formats")
    return formats


@cache
def formats() -> dict[str, Format]:
    with CATALOGUE.open(encoding="utf-8") as fh:
        return parse(yaml.safe_load(fh))


def get(key: str) -> Format | None:
    return formats().get(key)


def choices() -> list[tuple[str, str]]:
    return [(f.key, f.name) for f in formats().values()]
