"""Find and normalise the contacts a text names.

Order of work, each step masking what it took so the next one does not take it again:
links (``t.me``, ``wa.me``, ``chat.whatsapp.com``, web addresses), e-mail addresses,
Telegram ``@handles``, phone numbers; organisation names are read from the whole text.

Phone numbers (``phonenumbers``, leniency VALID, so dates, prices and passport numbers
are not taken for numbers): a number written with ``+`` or ``00`` is unambiguous. A
national number (``8 912 345-67-89``, ``9123456789``) is read as Russian when it is a valid
Russian number; one that is not is tried against the countries the text names
(:func:`region_hints`: Nepal, India, Sri Lanka, Ghana …), in the order they appear.
So «9841234567» in a Nepali ad is read as Russian (+7 984…), which it also is: write the
``+977`` to be sure.

Telegram ``@handles`` are taken as Telegram usernames, as they nearly always are in these
ads (an Instagram handle would be counted as Telegram).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

from beforeyousign.contacts.model import KINDS, Contact

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")

_MESSENGER_HOSTS = r"t\.me|telegram\.me|telegram\.dog|wa\.me|chat\.whatsapp\.com|api\.whatsapp\.com"
_BARE_TLDS = r"ru|su|com|net|org|info|biz|рф|in|np|lk|gh|io|me|co|uz|tj|kg|kz|by"
_LINK = re.compile(
    r"(?:(?:https?|tg)://|(?<![\w@.-])www\.|(?<![\w@./-])(?:" + _MESSENGER_HOSTS + r")/"
    r"|(?<![\w@./-])[\w-]+(?:\.[\w-]+)*\.(?:" + _BARE_TLDS + r")/)"
    r"[^\s<>\"'«»“”„()\[\]{}|\\^`]*",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"[.,;:!?…'’]+$")
_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    r"\.[A-Za-z]{2,24}(?![\w-])"
)
_HANDLE = re.compile(r"(?<![\w@./])@([A-Za-z][A-Za-z0-9_]{3,31})(?![\w@])")
_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
_TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
#: t.me paths that are features, not people or channels.
_TELEGRAM_RESERVED = frozenset(
    {"share", "proxy", "socks", "addstickers", "addemoji", "addtheme", "setlanguage", "iv",
     "login", "bg", "invoice", "boost", "contact", "addlist", "confirmphone"}
)  # fmt: skip
_INTERNATIONAL_00 = re.compile(r"(?<![\d+])00(?=[1-9]\d)")
_MIN_PHONE_DIGITS = 7

# Organisations: a legal form and a quoted name (Russian), or a name and a form (English).
_RU_FORMS = (
    "ООО|OOO|ОOO|АО|ПАО|ЗАО|ОАО|НАО|АНО|НКО|ФГУП|ГУП|МУП|ФГКУ|ФГБУ|ГБУ|ГКУ|ЧОП|ЧОО|ЧОУ|"
    "ЧВК|ТОО|ОсОО|LLC|JSC|CJSC|OJSC|PJSC|Ltd"
)
_RU_FULL_FORMS = (
    (re.compile(r"общество\s+с\s+ограниченной\s+ответственностью", re.I), "ООО"),
    (re.compile(r"публичное\s+акционерное\s+общество", re.I), "ПАО"),
    (re.compile(r"закрытое\s+акционерное\s+общество", re.I), "ЗАО"),
    (re.compile(r"открытое\s+акционерное\s+общество", re.I), "ОАО"),
    (re.compile(r"акционерное\s+общество", re.I), "АО"),
    (re.compile(r"автономная\s+некоммерческая\s+организация", re.I), "АНО"),
    (re.compile(r"частная\s+военная\s+компания", re.I), "ЧВК"),
    (re.compile(r"частное\s+охранное\s+предприятие", re.I), "ЧОП"),
    (re.compile(r"частная\s+охранная\s+организация", re.I), "ЧОО"),
)
_FULL_FORM_WORDS = "|".join(p.pattern for p, _form in _RU_FULL_FORMS)
_QUOTED_ORG = re.compile(
    r"(?<![\w])(" + _RU_FORMS + r"|" + _FULL_FORM_WORDS + r")\s*[«\"“„'‘]"
    r"([^«»\"“”„\n]{1,80}?)[»\"”“'’]",
    re.IGNORECASE,
)
_SOLE_TRADER = re.compile(
    r"(?<![\w])ИП\s+([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
    r"(?:\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.?|(?:\s+[А-ЯЁ][а-яё]+){1,2})?)"
)
_EN_FORM = r"Pvt\.?\s*Ltd|Private\s+Limited|L\.L\.C|LLC|Co\.,?\s*Ltd|Ltd|Limited|Inc|LLP|GmbH|SARL"
_NOT_A_NAME = r"(?:Pvt|Private|Ltd|Limited|LLC|Inc|Co|LLP)\b"
_NAMED_ORG = re.compile(
    r"(?<![\w&'’-])((?!" + _NOT_A_NAME + r")[A-Z][A-Za-z0-9&'’-]*"
    r"(?:\s+(?:(?!" + _NOT_A_NAME + r")[A-Z0-9&][A-Za-z0-9&'’.-]*"
    r"|of|and|for)){0,5})"
    r",?\s+(" + _EN_FORM + r")(?![\w])\.?"
)
_EN_CANONICAL = {
    "pvtltd": "Pvt Ltd", "privatelimited": "Pvt Ltd", "llc": "LLC", "coltd": "Co Ltd",
    "ltd": "Ltd", "limited": "Ltd", "inc": "Inc", "llp": "LLP", "gmbh": "GmbH", "sarl": "SARL",
}  # fmt: skip
#: Words that start a sentence rather than a company name ("Contact Himalaya Pvt Ltd").
_LEADING_NOISE = frozenset(
    {"contact", "call", "join", "apply", "the", "at", "by", "from", "with", "via", "our",
     "company", "agency", "employer", "recruiter", "dear", "to", "for", "and", "of", "email",
     "write", "message", "visit", "agent", "through", "is", "we", "are", "in"}
)  # fmt: skip

#: Countries whose numbers an ad may give without ``+``, and the words that name them
#: (English, Russian, and the country's own script where there is one); then, for each,
#: strings one of which every match holds, lower-cased (``tests/test_prefilter.py`` checks
#: them against the patterns).
_CUE_TABLE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("NP", r"\bnepal|\bнепал|नेपाल|\bkathmandu|\bкатманду|काठमाडौं",
     ("nepal", "непал", "नेपाल", "kathmandu", "катманду", "काठमाडौं")),
    ("IN", r"\bindian?\b|\bинди[яиюей]|भारत|\bdelhi\b|\bmumbai|\bpunjab|\bпенджаб|\bkerala",
     ("india", "инди", "भारत", "delhi", "mumbai", "punjab", "пенджаб", "kerala")),
    ("LK", r"\bsri\s+lanka|\bшри[-\s]?ланк|\bcolombo\b|\bколомбо\b",
     ("lanka", "ланк", "colombo", "коломбо")),
    ("GH", r"\bghana|\bган[аеуы]\b|\baccra\b|\bаккр[аеуы]\b", ("ghana", "ган", "accra", "аккр")),
    ("BD", r"\bbangladesh|\bбангладеш|\bdhaka\b|বাংলাদেশ",
     ("bangladesh", "бангладеш", "dhaka", "বাংলাদেশ")),
    ("PK", r"\bpakistan|\bпакистан", ("pakistan", "пакистан")),
    ("CU", r"\bcuba\b|\bcuban|\bcubano|\bкуб[аеуы]\b|\bкубин", ("cuba", "куб")),
    ("SY", r"\bsyria|\bсири[яиюей]|سوريا", ("syria", "сири", "سوريا")),
    ("SO", r"\bsomali|\bсомали", ("somali", "сомали")),
    ("SL", r"\bsierra\s+leone|\bсьерра[-\s]леоне", ("sierra", "сьерра")),
    ("TJ", r"\btajik|\bтаджик|\bтоҷик", ("tajik", "таджик", "тоҷик")),
    ("UZ", r"\buzbek|\bузбек|\bo['ʻ‘]zbek", ("zbek", "узбек")),
    ("KG", r"\bkyrgyz|\bкиргиз|\bкыргыз", ("kyrgyz", "киргиз", "кыргыз")),
    ("KE", r"\bkenya|\bкени[яиюей]", ("kenya", "кени")),
    ("NG", r"\bnigeria|\bнигери", ("nigeria", "нигери")),
    ("CM", r"\bcameroon|\bкамерун", ("cameroon", "камерун")),
    ("EG", r"\begypt|\bегип[ет]", ("egypt", "егип")),
)  # fmt: skip
_COUNTRY_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (region, re.compile(pattern, re.IGNORECASE)) for region, pattern, _anchors in _CUE_TABLE
)
# Case-blind scans of seventeen patterns were a third of the time to find a post's
# contacts, and nearly every post names none of these countries: one case-sensitive scan of
# the lower-cased text for the strings above settles most posts.  It is exact for a text
# made only of the characters below, whose lower case shows how ``re`` compares them
# case-blind (no «İ», no look-alikes such as «ſ» or «ᲀ»: ``tests/test_prefilter.py`` checks
# the ranges against ``re``'s list); any other text is scanned pattern by pattern.
_ANY_CUE = re.compile("|".join(re.escape(a) for _r, _p, anchors in _CUE_TABLE for a in anchors))
_PLAIN_TEXT = re.compile(
    "[\x00-\x7f\u00a0-\u00b4\u00b6-\u00ff\u0400-\u045f\u0490-\u04ff\u0600-\u06ff"
    "\u0900-\u097f\u0980-\u09ff\u2000-\u206f\u20a0-\u20cf\u2116]*"
)
DEFAULT_REGION = "RU"


def region_hints(text: str) -> tuple[str, ...]:
    """The regions (ISO 3166 codes) of the countries ``text`` names, first named first."""
    if _PLAIN_TEXT.fullmatch(text) and not _ANY_CUE.search(text.lower()):
        return ()  # names none of them (exact for such a text: see _PLAIN_TEXT)
    found = []
    for region, cue in _COUNTRY_CUES:
        match = cue.search(text)
        if match:
            found.append((match.start(), region))
    return tuple(region for _start, region in sorted(found))


def extract_contacts(text: str, *, extra: Iterable[str] = ()) -> tuple[Contact, ...]:
    """Every contact in ``text`` (and in ``extra``: link targets hidden behind link text),
    once each, grouped by kind (:data:`KINDS` order), in order of first appearance."""
    found: dict[tuple[str, str], Contact] = {}
    for part in (text, *extra):
        for contact in _contacts(_INVISIBLE.sub("", part)):
            found.setdefault((contact.kind, contact.value), contact)
    order = {kind: index for index, kind in enumerate(KINDS)}
    return tuple(sorted(found.values(), key=lambda c: order[c.kind]))  # stable: keeps order


def _contacts(text: str) -> list[Contact]:
    contacts: list[Contact] = []
    masked = list(text)

    def mask(start: int, end: int) -> None:
        masked[start:end] = " " * (end - start)

    for match in _LINK.finditer(text) if _may_hold_link(text) else ():
        raw = _TRAILING.sub("", match.group())
        contact = _link_contact(raw)
        if contact is not None:
            contacts.append(contact)
        mask(match.start(), match.start() + len(raw))
    if "@" in text:  # e-mail addresses and handles both have one
        rest = "".join(masked)
        for match in _EMAIL.finditer(rest):
            contacts.append(Contact("email", match.group().lower(), match.group()))
            mask(match.start(), match.end())
        rest = "".join(masked)
        for match in _HANDLE.finditer(rest):
            contacts.append(Contact("telegram", "@" + match.group(1).lower(), match.group()))
            mask(match.start(), match.end())
    rest = "".join(masked)
    if sum(map(str.isdigit, rest)) >= _MIN_PHONE_DIGITS:
        contacts.extend(_phones(text, rest))
    contacts.extend(_organisations(text))
    return contacts


def _may_hold_link(text: str) -> bool:
    """False when ``_LINK`` cannot match: each of its forms has a «/» (``https://``,
    ``t.me/``, ``site.ru/``) except ``www.``, which no other letter stands for case-blind."""
    return "/" in text or "www." in text.lower()


def _link_contact(raw: str) -> Contact | None:
    """A link as the contact it names: a Telegram user or channel, a WhatsApp number or
    group, or else a web address."""
    lowered = raw.lower()
    if lowered.startswith("tg://"):
        domain = parse_qs(urlsplit(raw).query).get("domain", [""])[0]
        if not _USERNAME.fullmatch(domain):
            return None
        return Contact("telegram", "@" + domain.lower(), raw)
    with_scheme = raw if "://" in raw else "https://" + raw
    try:
        parts = urlsplit(with_scheme)
        host = (parts.hostname or "").lower()
    except ValueError:  # a malformed port or bracket: still an address someone wrote
        return Contact("url", lowered, raw)
    host = host.removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if host in _TELEGRAM_HOSTS:
        return _telegram_link(segments, raw)
    if host in ("wa.me", "api.whatsapp.com", "whatsapp.com", "chat.whatsapp.com"):
        return _whatsapp_link(host, segments, parts.query, raw)
    if not host or "." not in host:
        return None
    path = "/".join(segments)
    value = host + (f"/{path}" if path else "") + (f"?{parts.query}" if parts.query else "")
    return Contact("url", value, raw)


def _telegram_link(segments: list[str], raw: str) -> Contact | None:
    if not segments:
        return None
    first = segments[0]
    if first.startswith("+") and len(first) > 1:
        return Contact("telegram", f"t.me/{first}", raw)
    if first.lower() == "joinchat" and len(segments) > 1:
        return Contact("telegram", f"t.me/+{segments[1]}", raw)
    if first.lower() == "c" and len(segments) > 1 and segments[1].isdigit():
        return Contact("telegram", f"t.me/c/{segments[1]}", raw)
    if first.lower() == "s" and len(segments) > 1:
        first = segments[1]
    name = first.split("?")[0]
    if name.lower() in _TELEGRAM_RESERVED or not _USERNAME.fullmatch(name):
        return None
    return Contact("telegram", "@" + name.lower(), raw)


def _whatsapp_link(host: str, segments: list[str], query: str, raw: str) -> Contact | None:
    if host == "chat.whatsapp.com":
        return Contact("whatsapp", f"chat.whatsapp.com/{segments[0]}", raw) if segments else None
    if host == "wa.me" and len(segments) > 1 and segments[0].lower() == "message":
        return Contact("whatsapp", f"wa.me/message/{segments[1]}", raw)
    digits = segments[0] if host == "wa.me" and segments else ""
    if not digits:
        digits = parse_qs(query).get("phone", [""])[0]
    digits = re.sub(r"\D", "", digits)
    if not 7 <= len(digits) <= 15:
        return None
    return Contact("whatsapp", _number_from_digits(digits), raw)


def _number_from_digits(digits: str) -> str:
    """E.164 for the digits of a ``wa.me`` link (international, without ``+``); a Russian
    national number written there by mistake (``wa.me/89123456789``) is read as one."""
    phonenumbers = _phonenumbers()
    for candidate, region in ((f"+{digits}", None), (digits, DEFAULT_REGION)):
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return f"+{digits}"


def _phones(text: str, masked: str) -> list[Contact]:
    """Valid phone numbers: Russian first, then the regions the text names, for the
    stretches no earlier region took. ``00`` as an international prefix is read as ``+``."""
    phonenumbers = _phonenumbers()
    searchable = _INTERNATIONAL_00.sub(" +", masked)
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, Contact]] = []
    for region in dict.fromkeys((DEFAULT_REGION, *region_hints(text))):
        matcher = phonenumbers.PhoneNumberMatcher(
            searchable, region, leniency=phonenumbers.Leniency.VALID
        )
        for match in matcher:
            if any(match.start < end and start < match.end for start, end in taken):
                continue
            taken.append((match.start, match.end))
            value = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            raw = text[match.start : match.end].strip()
            found.append((match.start, Contact("phone", str(value), raw)))
    return [contact for _start, contact in sorted(found, key=lambda item: item[0])]


# What each organisation pattern cannot match without, tested before it is run (most posts
# name no organisation, and a failed scan tries the pattern at every character): a quoted
# name opens with one of these marks (which have no case); «ИП» and the English legal forms
# are matched case-sensitively, and every form holds one of these strings.
_OPENING_QUOTES = frozenset("«\"“„'‘")
_EN_FORM_PART = re.compile(r"L\.L\.C|LLC|Ltd|Limited|Inc|LLP|GmbH|SARL")


def _organisations(text: str) -> list[Contact]:
    found: list[tuple[int, Contact]] = []
    quoted = () if _OPENING_QUOTES.isdisjoint(text) else _QUOTED_ORG.finditer(text)
    for match in quoted:
        name = " ".join(match.group(2).split())
        if not name:
            continue
        form = _short_form(match.group(1))
        found.append((match.start(), Contact("organisation", f"{form} «{name}»", match.group())))
    for match in _SOLE_TRADER.finditer(text) if "ИП" in text else ():
        name = " ".join(match.group(1).split())
        found.append((match.start(), Contact("organisation", f"ИП {name}", match.group())))
    for match in _NAMED_ORG.finditer(text) if _EN_FORM_PART.search(text) else ():
        words = match.group(1).split()
        while words and words[0].lower() in _LEADING_NOISE:
            words.pop(0)
        if not words:
            continue
        form = _EN_CANONICAL.get(re.sub(r"[^a-z]", "", match.group(2).lower()), match.group(2))
        value = f"{' '.join(words)} {form}"
        found.append((match.start(), Contact("organisation", value, match.group().strip())))
    return [contact for _start, contact in sorted(found, key=lambda item: item[0])]


def _short_form(form: str) -> str:
    for pattern, short in _RU_FULL_FORMS:
        if pattern.fullmatch(" ".join(form.split())):
            return short
    if re.fullmatch("[OО]{3}", form, re.IGNORECASE):  # Latin O typed for Cyrillic О
        return "ООО"
    upper = form.upper()
    return {"ОСОО": "ОсОО", "LTD": "Ltd"}.get(upper, upper)


@lru_cache(maxsize=1)
def _phonenumbers() -> Any:
    """``phonenumbers``, imported on first use (its metadata loads per region as needed)."""
    import phonenumbers

    return phonenumbers
