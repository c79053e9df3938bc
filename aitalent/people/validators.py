"""Field validators for profiles: links to known services, ORCID checksums, countries, languages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

_NAMES = {
    code: (info["name_local"], info["name"])
    for code, info in LANG_INFO.items()
    if "name" in info and "-" not in code
}
_NAMES["zh"] = ("中文", "Chinese")
LANGUAGE_CODES = set(_NAMES)


@deconstructible
class LinkValidator:
    """An https link on one of `hosts` whose path matches `path` (a regular expression)."""

    def __init__(self, hosts: list[str], path: str, example: str) -> None:
        self.hosts, self.path, self.example = hosts, path, example

    def __call__(self, value: str) -> None:
        if not value:
            return
        parts = urlsplit(value)
        host = (parts.hostname or "").lower()
        if (
            parts.scheme != "https"
            or host not in self.hosts
            or not re.fullmatch(self.path, parts.path or "/")
        ):
            raise ValidationError(
                _("Enter a link like %(example)s."),
                code="invalid_link",
                params={"example": self.example},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LinkValidator) and (self.hosts, self.path) == (
            other.hosts,
            other.path,
        )


validate_github = LinkValidator(
    ["github.com", "www.github.com"],
    r"/[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/?",
    "https://github.com/octocat",
)
validate_huggingface = LinkValidator(
    ["huggingface.co", "www.huggingface.co"],
    r"/[A-Za-z0-9][A-Za-z0-9._-]{0,95}/?",
    "https://huggingface.co/your-name",
)
validate_linkedin = LinkValidator(
    ["linkedin.com", "www.linkedin.com"],
    r"/in/[A-Za-z0-9%_-]{3,100}/?",
    "https://www.linkedin.com/in/your-name",
)


def validate_google_scholar(value: str) -> None:
    if not value:
        return
    parts = urlsplit(value)
    if (
        parts.scheme != "https"
        or (parts.hostname or "").lower() != "scholar.google.com"
        or parts.path.rstrip("/") != "/citations"
        or not re.search(r"(?:^|&)user=[A-Za-z0-9_-]{12}(?:&|$)", parts.query or "")
    ):
        raise ValidationError(
            _("Enter a link like %(example)s."),
            code="invalid_link",
            params={"example": "https://scholar.google.com/citations?user=AbCdEfGhIjKl"},
        )


def validate_orcid(value: str) -> None:
    """ORCID iDs are 16 digits (the last may be X) with an ISO 7064 11,2 check digit."""
    if not value:
        return
    if not re.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{3}[\dX]", value):
        raise ValidationError(
            _("Enter an ORCID iD like 0000-0002-1825-0097."), code="invalid_orcid"
        )
    digits = value.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    expected = "X" if check == 10 else str(check)
    if digits[-1] != expected:
        raise ValidationError(
            _("This ORCID iD has a wrong check digit; copy it from your ORCID record."),
            code="invalid_orcid",
        )


def validate_country(value: str) -> None:
    from aitalent.people.countries import COUNTRIES

    if value and value not in COUNTRIES:
        raise ValidationError(
            _("Choose a country by its two-letter code, e.g. CN or DE."), code="invalid_country"
        )


def validate_languages(value: list[str]) -> None:
    unknown = [code for code in value if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s. Use codes such as en, zh, es."),
            code="invalid_language",
            params={"codes": ", ".join(unknown[:5])},
        )


def normalise_orcid(value: str) -> str:
    """Accept the full https://orcid.org/… address too; store the bare iD."""
    value = (value or "").strip()
    for prefix in ("https://orcid.org/", "http://orcid.org/", "orcid.org/"):
        if value.lower().startswith(prefix):
            return value[len(prefix) :].upper()
    return value.upper()


def language_choices() -> list[tuple[str, str]]:
    return sorted(((code, language_name(code)) for code in LANGUAGE_CODES), key=lambda c: c[1])


def language_name(code: str) -> str:
    local, english = _NAMES.get(code, (code, code))
    return local if local == english else f"{local} ({english})"
