"""Bilingual labels: an English and a Khmer text, the Khmer possibly a draft.

A plain frozen dataclass, so that using the cached catalog and registry needs no
pydantic. The pydantic models that check the package's YAML (catalog_spec.py,
registry.py) validate it as a field type; `__pydantic_config__` refuses unknown keys,
as the model did. `model_dump` is kept for the JSON writers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

KmStatus = Literal["draft", "reviewed"]


@dataclass(frozen=True)
class Label:
    __pydantic_config__ = {"extra": "forbid"}  # read by pydantic only (a ConfigDict is a dict)

    en: str
    km: str | None = None
    km_status: KmStatus | None = None

    def text(self, lang: str) -> str:
        """The text in `lang`, falling back to English where Khmer is missing."""
        if lang == "km" and self.km:
            return self.km
        return self.en

    def model_dump(self, exclude_none: bool = False) -> dict:
        """The label as a JSON object (as pydantic's model_dump did)."""
        out = {"en": self.en, "km": self.km, "km_status": self.km_status}
        return {k: v for k, v in out.items() if v is not None} if exclude_none else out
