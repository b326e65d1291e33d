"""Bilingual labels: an English and a Khmer text, the Khmer possibly a draft."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

KmStatus = Literal["draft", "reviewed"]


class Label(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str
    km: str | None = None
    km_status: KmStatus | None = None

    def text(self, lang: str) -> str:
        """The text in `lang`, falling back to English where Khmer is missing."""
        if lang == "km" and self.km:
            return self.km
        return self.en
