"""Pydantic helpers shared by the readers of the package's own data (catalog, registry)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, ValidationError

from .findings import Findings
from .load import Document


class Strict(BaseModel):
    """A spec that refuses unknown fields (a typo in the catalog is an error, not ignored)."""

    model_config = ConfigDict(extra="forbid")


def validate_model(model: type[BaseModel], doc: Document, findings: Findings):
    """Validate `doc.data` with a pydantic model; errors become NCCT901 findings."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p[0].isupper()))
            where = ".".join(str(p) for p in loc)
            findings.add("NCCT901", doc.file, doc.line_of(loc), f"{where}: {error['msg']}.")
        return None
