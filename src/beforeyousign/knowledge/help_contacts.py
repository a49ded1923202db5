"""Where a reader can ask for help: the list shown at the end of every report.

The bundled ``help_contacts.yaml`` is a placeholder that cites its sources; an
organisation deploying the tool replaces it with its own local list (``beforeyousign
check --contacts FILE``).  The file is data a caseworker edits by hand, so it is checked
strictly when loaded and a mistake names its file and field (:class:`ContactsError`),
as rule packs do.  The format is described at the top of ``help_contacts.yaml``.

What each organisation helps with is a fixed set of topics, so that the reader gets it in
their own language (each topic is a msgid); a free ``note`` is shown as written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from beforeyousign.errors import N_, ContactsError
from beforeyousign.knowledge.strict_yaml import load_strict

#: Topic id -> what the organisation helps with, as a sentence for the reader.
TOPICS: dict[str, str] = {
    "trafficking": N_("Help for victims of human trafficking and forced labour."),
    "migrants_in_difficulty": N_(
        "Help for migrants in difficulty abroad, including getting home safely."
    ),
    "recruitment_advice": N_("Advice about a job offer, a recruiter or an agent before you go."),
    "legal_advice": N_("Free legal advice."),
    "missing_person": N_("Help for families searching for someone who went missing."),
    "emergency": N_("Emergency help, at any hour."),
}
WORLDWIDE = "001"  # the CLDR/UN M49 code for "World"
_CONTACT_KEYS = {
    "name",
    "helps_with",
    "note",
    "reach",
    "languages",
    "countries",
    "source",
    "checked",
}
_REACH_KEYS = ("url", "phone", "email")
_PHONE_CHARACTERS = set("+0123456789 -().")


@dataclass(frozen=True)
class Contact:
    name: str
    helps_with: tuple[str, ...]  # topic ids, keys of TOPICS
    url: str | None
    phone: str | None
    email: str | None
    languages: tuple[str, ...]  # ISO 639-1
    countries: tuple[str, ...]  # ISO 3166-1 alpha-2, or WORLDWIDE
    source: str  # the public page where the contact is published
    checked: dt.date
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "helps_with": list(self.helps_with),
            "note": self.note,
            "reach": {"url": self.url, "phone": self.phone, "email": self.email},
            "languages": list(self.languages),
            "countries": list(self.countries),
            "source": self.source,
            "checked": self.checked.isoformat(),
        }


@dataclass(frozen=True)
class HelpContacts:
    """The contacts of one file; ``bundled`` is True for the placeholder shipped here."""

    contacts: tuple[Contact, ...]
    path: str
    bundled: bool = False


def load_contacts(
    path: Path | str, text: str | None = None, *, bundled: bool = False
) -> HelpContacts:
    """Parse and check one contacts file; ``text`` overrides reading ``path`` (for tests)."""
    name = str(path)
    try:
        source = text if text is not None else Path(path).read_text("utf-8")
        data = load_strict(source)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ContactsError(path=name, field="(file)", reason=reason) from exc
    if not isinstance(data, dict):
        raise ContactsError(path=name, field="(top)", reason="expected a mapping")
    unknown = set(data) - {"contacts"}
    if unknown:
        raise ContactsError(path=name, field="(top)", reason=f"unknown keys {sorted(unknown)}")
    entries = data.get("contacts")
    if not isinstance(entries, list) or not entries:
        raise ContactsError(path=name, field="contacts", reason="expected a non-empty list")
    contacts = tuple(_contact(entry, name, f"contacts[{i}]") for i, entry in enumerate(entries))
    return HelpContacts(contacts, name, bundled)


@lru_cache(maxsize=1)
def bundled_contacts() -> HelpContacts:
    """The placeholder list shipped with the package, loaded once per process."""
    item = resources.files("beforeyousign.knowledge") / "help_contacts.yaml"
    return load_contacts("help_contacts.yaml", item.read_text("utf-8"), bundled=True)


def _contact(entry: Any, name: str, where: str) -> Contact:
    if not isinstance(entry, dict):
        raise ContactsError(path=name, field=where, reason="expected a mapping")
    unknown = set(entry) - _CONTACT_KEYS
    if unknown:
        raise ContactsError(path=name, field=where, reason=f"unknown keys {sorted(unknown)}")
    title = _text(entry, "name", name, where)
    topics = _codes(entry, "helps_with", name, where)
    for i, topic in enumerate(topics):
        if topic not in TOPICS:
            raise ContactsError(
                path=name,
                field=f"{where}.helps_with[{i}]",
                reason=f"unknown topic {topic!r}; one of {sorted(TOPICS)}",
            )
    note = _text(entry, "note", name, where) if "note" in entry else None
    reach = entry.get("reach")
    if not isinstance(reach, dict):
        raise ContactsError(
            path=name, field=f"{where}.reach", reason="missing: a mapping with url, phone or email"
        )
    bad = set(reach) - set(_REACH_KEYS)
    if bad:
        raise ContactsError(path=name, field=f"{where}.reach", reason=f"unknown keys {sorted(bad)}")
    if not reach:
        raise ContactsError(path=name, field=f"{where}.reach", reason="give a url, phone or email")
    url = _url(reach, "url", name, f"{where}.reach") if "url" in reach else None
    phone = _phone(reach, name, f"{where}.reach") if "phone" in reach else None
    email = _email(reach, name, f"{where}.reach") if "email" in reach else None
    languages = _codes(entry, "languages", name, where)
    for i, code in enumerate(languages):
        if not (code.isascii() and code.isalpha() and code.islower() and len(code) in (2, 3)):
            raise ContactsError(
                path=name,
                field=f"{where}.languages[{i}]",
                reason=f"{code!r} is not an ISO 639 code such as en or ne",
            )
    countries = _codes(entry, "countries", name, where)
    known = _territories()
    for i, code in enumerate(countries):
        if code not in known:
            raise ContactsError(
                path=name,
                field=f"{where}.countries[{i}]",
                reason=f"{code!r} is not a country code such as NP, or {WORLDWIDE!r} for anywhere",
            )
    return Contact(
        name=title,
        helps_with=topics,
        url=url,
        phone=phone,
        email=email,
        languages=languages,
        countries=countries,
        source=_url(entry, "source", name, where),
        checked=_date(entry, name, where),
        note=note,
    )


def _text(entry: dict[str, Any], key: str, name: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        reason = "missing" if key not in entry else "expected a non-empty string"
        raise ContactsError(path=name, field=f"{where}.{key}", reason=reason)
    return value.strip()


def _codes(entry: dict[str, Any], key: str, name: str, where: str) -> tuple[str, ...]:
    value = entry.get(key)
    if key not in entry:
        raise ContactsError(path=name, field=f"{where}.{key}", reason="missing")
    if not isinstance(value, list) or not value:
        raise ContactsError(path=name, field=f"{where}.{key}", reason="expected a non-empty list")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item:
            raise ContactsError(
                path=name,
                field=f"{where}.{key}[{i}]",
                reason='expected a string (quote codes such as "001")',
            )
    return tuple(value)


def _url(entry: dict[str, Any], key: str, name: str, where: str) -> str:
    value = _text(entry, key, name, where)
    host = value.split("://", 1)[1].split("/", 1)[0] if "://" in value else ""
    if not value.startswith(("https://", "http://")) or "." not in host or " " in value:
        raise ContactsError(
            path=name,
            field=f"{where}.{key}",
            reason="expected a web address starting with https://",
        )
    return value


def _phone(reach: dict[str, Any], name: str, where: str) -> str:
    value = _text(reach, "phone", name, where)
    if not set(value) <= _PHONE_CHARACTERS or sum(c.isdigit() for c in value) < 3:
        raise ContactsError(
            path=name,
            field=f"{where}.phone",
            reason="expected digits, spaces and + - ( ) only, such as +977 1 4000000",
        )
    return value


def _email(reach: dict[str, Any], name: str, where: str) -> str:
    value = _text(reach, "email", name, where)
    local, _, domain = value.partition("@")
    if not local or "." not in domain.strip(".") or " " in value or "@" in domain:
        raise ContactsError(path=name, field=f"{where}.email", reason="expected an e-mail address")
    return value


def _date(entry: dict[str, Any], name: str, where: str) -> dt.date:
    value = entry.get("checked")
    if "checked" not in entry:
        raise ContactsError(path=name, field=f"{where}.checked", reason="missing")
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ContactsError(
            path=name, field=f"{where}.checked", reason=f"not a date (YYYY-MM-DD): {value!r}"
        ) from None


@lru_cache(maxsize=1)
def _territories() -> frozenset[str]:
    """Every country and region code CLDR names (ISO 3166 alpha-2 and UN M49 such as 001)."""
    from babel import Locale

    return frozenset(Locale("en").territories)
