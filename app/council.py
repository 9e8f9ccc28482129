"""The council profile: who runs this portal, how it looks, and the places it serves.

One YAML document per council (see councils/demo.yaml), validated here when the
portal starts so that a mistake in it stops the start rather than showing a
broken page to a resident.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

import calculators

BRMA_LIST = Path(calculators.__file__).resolve().parent / "parameters" / "dwp" / "housing" / "lha" / "_brmas.yaml"

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
POSTCODE_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
FINANCIAL_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
WHITE = "#ffffff"
MINIMUM_CONTRAST = 4.5  # WCAG 2.2 SC 1.4.3 for normal-size text


def _relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour written #rrggbb."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((_relative_luminance(first), _relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@cache
def _brma_list() -> dict[str, dict]:
    return yaml.safe_load(BRMA_LIST.read_text(encoding="utf-8"))


def known_brmas() -> set[str]:
    """The Broad Rental Market Area codes the rules engine knows (every BRMA in England, Wales and Scotland)."""
    return set(_brma_list())


@cache
def official_brma_names() -> dict[str, str]:
    """Each BRMA's official name (as the Valuation Office Agency, Rent Officers Wales and Rent Service
    Scotland publish it) -> the engine's code for it."""
    return {str(info["name"]): code for code, info in _brma_list().items()}


def nearest_brma_names(name: str, n: int = 3) -> list[str]:
    """The official BRMA names closest to a name that is not one, best first."""
    folded = {official.casefold(): official for official in official_brma_names()}
    wanted = " ".join(name.casefold().replace("&", "and").split())
    containing = sorted(f for f in folded if wanted and wanted in f.replace("&", "and"))
    close = difflib.get_close_matches(wanted, list(folded), n=n, cutoff=0.0)
    return [folded[f] for f in dict.fromkeys(containing + close)][:n]


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    phone: str
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    address: list[str] = Field(min_length=1)
    opening_hours: list[str] = Field(min_length=1)

    @property
    def phone_href(self) -> str:
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone)


class Brma(BaseModel):
    """A Broad Rental Market Area the council covers, by its official name, and the postcode districts in it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="The official name, e.g. Inner South East London (as in the published LHA tables).")
    postcode_districts: list[str] = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _an_official_name(cls, name: str) -> str:
        if name not in official_brma_names():
            raise ValueError(
                f"{name!r} is not the official name of a Broad Rental Market Area in England, Wales or Scotland; "
                f"the nearest are: {', '.join(nearest_brma_names(name))}"
            )
        return name

    @property
    def code(self) -> str:
        """The engine's code for this BRMA (the household's `home.brma`)."""
        return official_brma_names()[self.name]

    @field_validator("postcode_districts")
    @classmethod
    def _districts_look_like_districts(cls, districts: list[str]) -> list[str]:
        bad = [d for d in districts if not POSTCODE_DISTRICT.match(d)]
        if bad:
            raise ValueError(f"not postcode districts (e.g. BA1): {', '.join(bad)}")
        return districts


def financial_year(on: date) -> str:
    """The financial year (1 April to 31 March) containing `on`, written as councils write it: '2026-27'."""
    start = on.year if on.month >= 4 else on.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


BandDCharge = Annotated[Decimal, Field(gt=0, max_digits=8, decimal_places=2)]


def _years_written_right(charges: dict[str, Decimal]) -> dict[str, Decimal]:
    for year in charges:
        found = FINANCIAL_YEAR.match(year)
        if not found or (int(found.group(1)) + 1) % 100 != int(found.group(2)):
            raise ValueError(f"write each year as the financial year it is, for example 2026-27, not {year!r}")
    return charges


class Parish(BaseModel):
    """A parish (a community in Wales) with its own precept, and so its own Band D charge."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    band_d: dict[str, BandDCharge] = Field(min_length=1)

    @field_validator("band_d")
    @classmethod
    def _years(cls, charges: dict[str, Decimal]) -> dict[str, Decimal]:
        return _years_written_right(charges)


class CouncilTax(BaseModel):
    """The council's Council Tax charges: the Band D charge for each financial year, as the council publishes it,
    including the county, police, fire and parish (community) precepts. A council with parishes gives the area
    figure (the average over its parishes, as published by the government) and may list each parish's own."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    band_d: dict[str, BandDCharge] = Field(min_length=1)
    parishes: list[Parish] = Field(default_factory=list)

    @field_validator("band_d")
    @classmethod
    def _years(cls, charges: dict[str, Decimal]) -> dict[str, Decimal]:
        return _years_written_right(charges)

    @model_validator(mode="after")
    def _parishes_named_once(self) -> CouncilTax:
        names = [p.name for p in self.parishes]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"parishes listed more than once: {', '.join(twice)}")
        return self

    def band_d_charge(self, on: date, parish: str | None = None) -> Decimal | None:
        """The Band D charge for the financial year containing `on` (the parish's own when it is listed for that
        year); None when the profile has no figure for that year."""
        year = financial_year(on)
        for listed in self.parishes:
            if listed.name == parish and year in listed.band_d:
                return listed.band_d[year]
        return self.band_d.get(year)


class CouncilProfile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    code: str = Field(pattern=r"^[a-z0-9-]+$")
    logo: str = Field(description="SVG file beside the profile; never the crown or Royal Arms.")
    brand_colour: str
    country: Literal["england", "wales", "scotland"]
    languages: list[Literal["en", "cy"]] = ["en"]
    contact: Contact
    brmas: list[Brma] = Field(min_length=1)
    council_tax: CouncilTax | None = Field(
        default=None,
        description="Band D charges, to estimate a bill from the band. Without them the portal asks for the bill.",
    )
    draft_days: int = Field(default=28, ge=1, le=365, description="Days a draft claim is kept after it was last saved.")
    # How long the portal keeps personal data (docs/data-retention.md; python -m app.services.retention run).
    check_answers_days: int = Field(default=7, ge=1, le=90, description="Days 'check what you can get' answers are kept after they last changed.")
    kept_result_days: int = Field(default=90, ge=1, le=730, description="Days a result kept under a reference is kept.")
    notification_days: int = Field(default=30, ge=1, le=365, description="Days a message is kept in the notifications outbox.")
    audit_years: int = Field(default=6, ge=1, le=20, description="Years audit events (who did what, no personal data) are kept.")
    session_idle_minutes: float = Field(
        default=30, gt=0, le=24 * 60, description="Minutes without activity after which a session ends (fractions allowed)."
    )
    session_warning_seconds: int = Field(default=120, ge=1, description="Seconds before a session ends that the warning shows.")
    kiosk_idle_seconds: int = Field(default=120, ge=5, description="On a kiosk: idle seconds before the countdown warning.")
    kiosk_countdown_seconds: int = Field(default=30, ge=5, description="On a kiosk: length of the countdown; the session ends after it.")

    # Filled in by load_profile: the SVG's text, so pages can inline it.
    logo_svg: str = ""

    @field_validator("brand_colour")
    @classmethod
    def _brand_colour_readable_with_white_text(cls, colour: str) -> str:
        if not HEX_COLOUR.match(colour):
            raise ValueError("brand_colour must be written #rrggbb")
        ratio = contrast_ratio(colour, WHITE)
        if ratio < MINIMUM_CONTRAST:
            raise ValueError(f"white text on {colour} has contrast {ratio:.2f}:1; it needs at least {MINIMUM_CONTRAST}:1")
        return colour.lower()

    @field_validator("languages")
    @classmethod
    def _english_always_offered(cls, languages: list[str]) -> list[str]:
        if "en" not in languages:
            raise ValueError("English must be one of the languages")
        return languages

    @model_validator(mode="after")
    def _brmas_known_and_listed_once(self) -> CouncilProfile:
        """Every BRMA (each named by its official name, checked in Brma) in the council's nation and listed
        once, and no district twice in one BRMA.

        A district may be listed under more than one BRMA: some postcode districts really are
        split between areas, and the person is then asked which area they live in.
        """
        elsewhere = [f"{b.name} ({_brma_list()[b.code]['nation'].title()})" for b in self.brmas
                     if _brma_list()[b.code]["nation"] != self.country]
        if elsewhere:
            raise ValueError(f"BRMAs outside {self.country.title()}, where this council is: {', '.join(elsewhere)}")
        names = [b.name for b in self.brmas]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"BRMAs listed more than once (list each once, with all its districts): {', '.join(twice)}")
        for brma in self.brmas:
            repeated = sorted({d for d in brma.postcode_districts if brma.postcode_districts.count(d) > 1})
            if repeated:
                raise ValueError(f"postcode district listed twice in {brma.name}: {', '.join(repeated)}")
        return self

    @model_validator(mode="after")
    def _warning_before_the_end(self) -> CouncilProfile:
        if self.session_warning_seconds >= self.session_idle_minutes * 60:
            raise ValueError("session_warning_seconds must be shorter than session_idle_minutes")
        return self

    def band_d_charge(self, on: date, parish: str | None = None) -> Decimal | None:
        """The Band D Council Tax for the year containing `on`; None when the profile does not give it."""
        return self.council_tax.band_d_charge(on, parish) if self.council_tax is not None else None

    def brmas_for_postcode(self, postcode: str) -> list[str]:
        """Every BRMA of the council covering the postcode's district (more than one for a split district)."""
        outward = postcode.upper().split()[0] if " " in postcode.strip() else postcode.upper().strip()[:-3]
        return [brma.code for brma in self.brmas if outward in brma.postcode_districts]

    def brma_for_postcode(self, postcode: str) -> str | None:
        """The BRMA code for a postcode in one of the council's BRMAs; None when it is not ours or its district is split."""
        found = self.brmas_for_postcode(postcode)
        return found[0] if len(found) == 1 else None


def load_profile(path: Path) -> CouncilProfile:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    profile = CouncilProfile.model_validate(data)
    logo_path = (path.parent / profile.logo).resolve()
    svg = logo_path.read_text(encoding="utf-8")
    if not svg.lstrip().startswith("<svg"):
        raise ValueError(f"{logo_path} is not an SVG document")
    return profile.model_copy(update={"logo_svg": svg})


@cache
def cached_profile(path: Path) -> CouncilProfile:
    return load_profile(path)
