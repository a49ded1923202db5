"""Contacts found in ads, posts and chats, normalised: table-driven, with rows that must
find nothing (dates, prices, passport numbers, bare words)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from beforeyousign.contacts import Contact, extract_contacts, identity_of, region_hints

SOURCE = Path(__file__).resolve().parents[1] / "src" / "beforeyousign" / "contacts"

# (text, expected (kind, value) pairs, in the order extract_contacts returns them)
POSITIVE: list[tuple[str, list[tuple[str, str]]]] = [
    # Russian numbers, every way they are written
    ("Звоните 8 (912) 345-67-89", [("phone", "+79123456789")]),
    ("тел. +7 912 345 67 89", [("phone", "+79123456789")]),
    ("тел.+7-912-345-67-89.", [("phone", "+79123456789")]),
    ("WhatsApp 89123456789", [("phone", "+79123456789")]),
    ("звонить 8-800-555-35-35 бесплатно", [("phone", "+78005553535")]),
    # numbers of other countries with + or 00 are unambiguous
    ("Call +977 9841234567 for Russia jobs", [("phone", "+9779841234567")]),
    ("Contact 00977-9841234567", [("phone", "+9779841234567")]),
    ("Agent India +91 98765 43210", [("phone", "+919876543210")]),
    ("Ghana office +233 24 123 4567", [("phone", "+233241234567")]),
    ("Sri Lanka agent +94 77 123 4567", [("phone", "+94771234567")]),
    # a national number not valid in Russia is read in the country the text names
    ("Nepal office: 01-4412345", [("phone", "+97714412345")]),
    # Telegram: handles and links, one identity
    ("пишите @Recruiter_RU", [("telegram", "@recruiter_ru")]),
    ("https://t.me/recruiter_ru", [("telegram", "@recruiter_ru")]),
    ("t.me/s/vakansii_rf/123", [("telegram", "@vakansii_rf")]),
    ("telegram.me/Recruiter_RU", [("telegram", "@recruiter_ru")]),
    ("tg://resolve?domain=Job_Bot", [("telegram", "@job_bot")]),
    ("группа https://t.me/+AbCdEf123", [("telegram", "t.me/+AbCdEf123")]),
    ("t.me/joinchat/AbCdEf123", [("telegram", "t.me/+AbCdEf123")]),
    # WhatsApp links
    ("wa.me/79123456789", [("whatsapp", "+79123456789")]),
    ("https://wa.me/9779812345678?text=hi", [("whatsapp", "+9779812345678")]),
    ("api.whatsapp.com/send?phone=79123456789", [("whatsapp", "+79123456789")]),
    ("wa.me/89123456789", [("whatsapp", "+79123456789")]),  # national number by mistake
    ("https://chat.whatsapp.com/AbCdEfGh123", [("whatsapp", "chat.whatsapp.com/AbCdEfGh123")]),
    # e-mail and web addresses
    ("резюме на HR@Example.COM.", [("email", "hr@example.com")]),
    ("https://www.Example.com/vacancies/?id=5#top", [("url", "example.com/vacancies?id=5")]),
    ("www.rabota-rf.ru/vacancy", [("url", "rabota-rf.ru/vacancy")]),
    ("vk.com/club123", [("url", "vk.com/club123")]),
    # organisations
    ("ООО «СтройМонтаж» приглашает", [("organisation", "ООО «СтройМонтаж»")]),
    ('Общество с ограниченной ответственностью "Ромашка"', [("organisation", "ООО «Ромашка»")]),
    ("OOO «Vector»", [("organisation", "ООО «Vector»")]),  # Latin O's
    ("ЧВК «Редут» набирает", [("organisation", "ЧВК «Редут»")]),
    ("АО «Алабуга»", [("organisation", "АО «Алабуга»")]),
    ("ИП Иванов И.И.", [("organisation", "ИП Иванов И.И.")]),
    ("Contact Himalaya Manpower Pvt. Ltd. today", [("organisation", "Himalaya Manpower Pvt Ltd")]),
    ("Sky Overseas Private Limited, Kathmandu", [("organisation", "Sky Overseas Pvt Ltd")]),
    ("Global Jobs LLC", [("organisation", "Global Jobs LLC")]),
    ('LLC "Romashka"', [("organisation", "LLC «Romashka»")]),
    # several at once, grouped by kind, each once
    (
        "Звоните +7 912 345-67-89 или 8 (912) 345-67-89, @hr_bot, t.me/hr_bot, hr@x.ru",
        [("phone", "+79123456789"), ("telegram", "@hr_bot"), ("email", "hr@x.ru")],
    ),
    # zero-width characters meant to break a number or a handle do not hide it
    ("+7 912\u200b 345-67-89", [("phone", "+79123456789")]),
]

NEGATIVE: list[str] = [
    "Дата договора 12.03.2024, срок 1 год",
    "Оплата 200000 рублей в месяц, аванс 50 000",
    "Паспорт серия 4512 номер 345678",
    "ИНН 7701234567",  # a tax number is not a phone
    "Salary 2,50,000 NPR per month",
    "meet at 14:30 tomorrow",
    "user@ example",
    "@ab is too short for Telegram",
    "see https://t.me/share/url?url=x",  # a Telegram feature, not a person
    "ООО без названия",
    "Private Limited",
    "just text",
    "",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE, ids=[t[:40] for t, _ in POSITIVE])
def test_finds_and_normalises(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.kind, c.value) for c in extract_contacts(text)] == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_finds_nothing_where_there_is_no_contact(text: str) -> None:
    assert extract_contacts(text) == ()


def test_raw_is_the_text_as_written() -> None:
    (contact,) = extract_contacts("Звоните 8 (912) 345-67-89!")
    assert contact.raw == "8 (912) 345-67-89"
    assert contact.to_dict() == {"kind": "phone", "value": "+79123456789", "raw": contact.raw}


def test_link_targets_behind_link_text_are_searched() -> None:
    found = extract_contacts("пишите сюда", extra=("https://t.me/recruiter_ru",))
    assert [(c.kind, c.value) for c in found] == [("telegram", "@recruiter_ru")]


@pytest.mark.parametrize(
    ("text", "regions"),
    [
        ("Работа для граждан Непала и Индии", ("NP", "IN")),
        ("India and Nepal", ("IN", "NP")),
        ("नेपालबाट सम्पर्क", ("NP",)),
        ("Шри-Ланка, Гана", ("LK", "GH")),
        ("органа управления", ()),  # «гана» inside a word is not Ghana
        ("Москва", ()),
    ],
)
def test_region_hints(text: str, regions: tuple[str, ...]) -> None:
    assert region_hints(text) == regions


def test_a_national_number_valid_in_russia_is_read_as_russian() -> None:
    """Documented limit: «9841234567» in a Nepali ad is also a Russian mobile number."""
    (contact,) = extract_contacts("Nepal agent 9841234567")
    assert contact.value == "+79841234567"


def test_identity_joins_a_whatsapp_link_and_the_same_number() -> None:
    link = Contact("whatsapp", "+79123456789", "wa.me/79123456789")
    phone = Contact("phone", "+79123456789", "8 912 345-67-89")
    assert link.identity == phone.identity == "phone:+79123456789"
    assert identity_of("organisation", "ООО «Ромашка»") == identity_of(
        "organisation", "ооо «ромашка»"
    )
    group = Contact("whatsapp", "chat.whatsapp.com/X", "chat.whatsapp.com/X")
    assert group.identity == "whatsapp:chat.whatsapp.com/X"


def test_contacts_import_nothing_from_later_stages() -> None:
    """contacts is a leaf: it may be used by any stage, so it uses none of them."""
    for path in SOURCE.glob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("beforeyousign"):
                assert (node.module or "").startswith("beforeyousign.contacts"), path.name
