"""Inputs for the batch tests, written at test time in the shape the real exporters write:
a Telegram Desktop channel export (``result.json``, one-space indentation, entity lists,
service messages, a photo-only post, ``forwarded_from``), WhatsApp chat exports from iOS
and Android phones in three regional formats, and JSONL / CSV / Parquet tables of ads.

Also helpers the local engine's worker processes import (they must live in a module, not in
a test file): a fake chunk function that kills its worker on a given record.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from beforeyousign.batch.records import Record
from beforeyousign.batch.worker import Outcome, analyse_record

MILITARY_AD_RU = (
    "Требуются охранники и водители в зону СВО. Контракт с Министерством обороны на 1 год, "
    "единовременная выплата 2 000 000 рублей. Звоните +7 912 345-67-89, ООО «Щит»."
)
COOK_AD_RU = "Повар в кафе, Москва, зарплата 60 000 руб. Тел. 8 (495) 123-45-67"
PASSPORT_AD_EN = (
    "Security helper jobs in Russia for Nepali men, salary 3000 USD, visa and ticket free. "
    "Passport kept by the agent. WhatsApp wa.me/79123456789"
)
CLEANER_AD_EN = "Office cleaner wanted in Kazan, 50000 rub per month, call +7 900 111-22-33"
ADS_ES = "Trabajo en Rusia como ayudante militar, contrato de un año con el ejército."

CHANNEL_ID = 1722334455
CHANNEL_NAME = "Работа за рубежом"


def telegram_channel_export(folder: Path, *, truncated: bool = False) -> Path:
    """A channel exported by Telegram Desktop (Settings → Export chat history → JSON)."""
    messages: list[dict[str, Any]] = [
        {
            "id": 1, "type": "service", "date": "2024-03-01T10:00:00",
            "date_unixtime": "1709283600", "actor": CHANNEL_NAME,
            "actor_id": f"channel{CHANNEL_ID}", "action": "create_channel",
            "title": CHANNEL_NAME, "text": "", "text_entities": [],
        },
        {
            "id": 2, "type": "message", "date": "2024-03-12T14:02:11",
            "date_unixtime": "1710248531", "from": CHANNEL_NAME,
            "from_id": f"channel{CHANNEL_ID}",
            "text": [
                "Требуются ", {"type": "bold", "text": "охранники"},
                " в зону СВО, контракт с Министерством обороны на 1 год. Выплата "
                "2 000 000 руб. Звоните ", {"type": "phone", "text": "+7 912 345-67-89"},
                " или ", {"type": "text_link", "text": "пишите", "href": "https://t.me/recruiter_ru"},
            ],
            "text_entities": [
                {"type": "plain", "text": "Требуются "}, {"type": "bold", "text": "охранники"},
            ],
        },
        {
            "id": 3, "type": "message", "date": "2024-03-12T15:00:00",
            "date_unixtime": "1710252000", "from": CHANNEL_NAME,
            "from_id": f"channel{CHANNEL_ID}", "forwarded_from": "Vacancies Russia",
            "photo": "photos/photo_1@12-03-2024_15-00-00.jpg", "width": 1280, "height": 960,
            "text": "", "text_entities": [],
        },
        {
            "id": 4, "type": "message", "date": "2024-03-13T09:00:00",
            "date_unixtime": "1710320400", "from": CHANNEL_NAME,
            "from_id": f"channel{CHANNEL_ID}", "forwarded_from": "Vacancies Russia",
            "text": COOK_AD_RU, "text_entities": [{"type": "plain", "text": COOK_AD_RU}],
        },
        {
            "id": 5, "type": "message", "date": "2024-03-14T08:30:00",
            "date_unixtime": "1710405000", "from": CHANNEL_NAME,
            "from_id": f"channel{CHANNEL_ID}", "edited": "2024-03-14T09:00:00",
            "edited_unixtime": "1710406800",
            "text": [{"type": "mention", "text": "@recruiter_ru"}, " — " + PASSPORT_AD_EN],
            "text_entities": [],
        },
    ]  # fmt: skip
    export = {"name": CHANNEL_NAME, "type": "public_channel", "id": CHANNEL_ID}
    text = json.dumps({**export, "messages": messages}, ensure_ascii=False, indent=1)
    if truncated:  # an export stopped half-way: the last post is cut off
        text = text[: text.index('"id": 5') + 20]
    path = folder / "result.json"
    path.write_text(text, encoding="utf-8")
    return path


def telegram_account_export(folder: Path) -> Path:
    """Settings → Export Telegram data: the whole account, chats in ``chats.list``."""
    account = {
        "about": "Here is the data you requested. Remember: Telegram is ad free, ...",
        "personal_information": {"user_id": 1, "first_name": "Bikash"},
        "contacts": {"about": "...", "list": []},
        "chats": {
            "about": "This page lists all chats from this export.",
            "list": [
                {
                    "name": "Recruiter Ram", "type": "personal_chat", "id": 55501,
                    "messages": [
                        {"id": 10, "type": "message", "date": "2024-03-12T14:02:11",
                         "date_unixtime": "1710248531", "from": "Recruiter Ram",
                         "from_id": "user55501", "text": PASSPORT_AD_EN},
                        {"id": 11, "type": "message", "date": "2024-03-12T14:03:00",
                         "date_unixtime": "1710248580", "from": "Bikash", "from_id": "user1",
                         "text": "Is it army work?"},
                    ],
                },
                {
                    "name": "Jobs Russia", "type": "public_supergroup", "id": 55502,
                    "messages": [
                        {"id": 7, "type": "message", "date": "2024-03-15T10:00:00",
                         "date_unixtime": "1710496800", "from": "Someone",
                         "text": CLEANER_AD_EN},
                    ],
                },
            ],
        },
    }  # fmt: skip
    path = folder / "result.json"
    path.write_text(json.dumps(account, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


WHATSAPP_IOS = (
    "\u200e[12.03.24, 14:00:00] Recruiter Ram: \u200eMessages and calls are end-to-end "
    "encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.\n"
    "[12.03.24, 14:02:11] Recruiter Ram: Namaste brother! Security helper job in Russia, army "
    "contract for 1 year.\n"
    "Salary 2 lakh per month, ticket free.\n"
    "[12.03.24, 14:03:40] Bikash: What about my passport?\n"
    "\u200e[12.03.24, 14:04:02] Recruiter Ram: \u200eimage omitted\n"
    "[12.03.24, 14:05:00] Recruiter Ram: Passport will be kept by the company. Call "
    "+7 912 345-67-89 <This message was edited>\n"
)
WHATSAPP_ANDROID_EU = (
    "13/03/2024, 09:15 - Messages and calls are end-to-end encrypted. No one outside of this "
    "chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
    "13/03/2024, 09:15 - Вербовщик: Работа в России, охранник на объекте\n"
    "зарплата 200 000 руб, проживание бесплатно\n"
    "13/03/2024, 09:16 - Вербовщик: <Без медиафайлов>\n"
    "13/03/2024, 09:17 - Вербовщик: Паспорт отдадите работодателю. Пишите @hr_rostov\n"
)
WHATSAPP_US = (
    "3/12/24, 2:02\u202fPM - +7 912 345-67-89: Hello, cleaner job in Moscow, good salary\n"
    "3/12/24, 2:05\u202fPM - Bikash: <Media omitted>\n"
    "3/13/24, 9:00\u202fAM - Bikash: ok, what is the address?\n"
)


def whatsapp_exports(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "ios": folder / "WhatsApp Chat - Recruiter Ram.txt",
        "android": folder / "WhatsApp Chat with Вербовщик.txt",
        "us": folder / "WhatsApp Chat with +7 912 345-67-89.txt",
    }
    for key, text in (("ios", WHATSAPP_IOS), ("android", WHATSAPP_ANDROID_EU), ("us", WHATSAPP_US)):
        paths[key].write_text(text, encoding="utf-8")
    return paths


ADS: list[dict[str, Any]] = [
    {"id": "ad-1", "text": MILITARY_AD_RU, "time": "2024-03-12T10:00:00Z"},
    {"id": "ad-2", "text": COOK_AD_RU, "time": "2024-03-13T10:00:00Z"},
    {"id": "ad-3", "text": PASSPORT_AD_EN},
    {"id": "ad-4", "text": CLEANER_AD_EN},
    {"id": "ad-5", "text": ADS_ES},
]


def write_jsonl(
    path: Path, rows: Sequence[dict[str, Any]], *, bad_lines: Sequence[str] = ()
) -> Path:
    lines = [json.dumps(row, ensure_ascii=False) for row in rows]
    for offset, bad in enumerate(bad_lines):
        lines.insert(1 + 2 * offset, bad)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, rows: Sequence[dict[str, Any]], *, text: str = "body", key: str = "url",
              delimiter: str = ";") -> Path:  # fmt: skip
    """A CSV as a spreadsheet in a Russian locale saves it: semicolons, a text with commas
    and line breaks in quotes."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow([key, "posted", text])
        for row in rows:
            writer.writerow([f"https://example.org/{row['id']}", row.get("time", ""), row["text"]])
    return path


def write_parquet(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    table = pa.table(
        {
            "id": [row["id"] for row in rows],
            "text": [row["text"] for row in rows],
            "time": [row.get("time") for row in rows],
        }
    )
    pq.write_table(table, path)
    return path


def set_mtime(path: Path, seconds: int = 1710248531) -> None:
    os.utime(path, (seconds, seconds))


# --- run by the local engine's worker processes -------------------------------------------

CRASH = "CRASH THIS WORKER"


def crash_on_marker(records: Sequence[Record], language: str) -> list[Outcome]:
    """A stand-in for the analysis: kills its worker process on the record whose text is
    :data:`CRASH`, as running out of memory or a crash inside a C library would."""
    out = []
    for record in records:
        if record.text == CRASH:
            os._exit(3)
        out.append(Outcome(record.seq, record.id, json.dumps({"record": record.meta()}),
                           "no_warning_signs", (), None, None))  # fmt: skip
    return out


def no_warm_up(language: str) -> None:
    """A pool initializer that loads nothing (the fake analysis needs nothing)."""


def inline_outcomes(records: Sequence[Record], language: str = "") -> list[Outcome]:
    return [analyse_record(record, language) for record in records]
