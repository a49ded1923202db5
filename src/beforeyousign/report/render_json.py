"""JSON rendering: the Report's schema-versioned dictionary, plus translated text.

Machine readers use the stable ids; people reading the JSON get each message translated
into the reader's language beside its id.
"""

from __future__ import annotations

import json
from typing import Any

from beforeyousign.analysis.clauses import CLAUSE_TYPES
from beforeyousign.i18n import Translator
from beforeyousign.knowledge.help_contacts import TOPICS, HelpContacts, bundled_contacts
from beforeyousign.knowledge.safety import NEXT_STEPS
from beforeyousign.knowledge.taxonomy import FLAGS
from beforeyousign.report.model import Report
from beforeyousign.report.render_text import clause_text


def report_dict(
    report: Report, _: Translator, contacts: HelpContacts | None = None
) -> dict[str, Any]:
    """``contacts`` replaces the bundled help organisations in ``help``."""
    data = report_body(report, _)
    data["help"] = help_dict(contacts or bundled_contacts(), _)
    return data


def report_body(report: Report, _: Translator) -> dict[str, Any]:
    """:func:`report_dict` without its ``help`` section, which is the same for every
    report: a batch row leaves it out, and making it only to drop it cost a tenth of the
    time to write a row."""
    data = report.to_dict()
    data["text_language"] = _.language
    if _.fell_back:
        data["text_language_fallback"] = {"requested": _.requested, "used": _.language}
    data["verdict"]["text"] = _(report.verdict.message_id, **report.verdict.params)
    for flag, finding in zip(data["flags"], report.flags, strict=True):
        info = FLAGS[finding.flag]
        flag["title"] = _(info.title_id)
        flag["explanation"]["text"] = _(finding.message_id, **finding.params)
        flag["advice"] = _(info.advice_id)
        for ref_dict, ref in zip(flag["legal"], finding.legal, strict=True):
            ref_dict["summary"] = _(ref.summary_id)
    for notice_dict, notice in zip(data["notices"], report.notices, strict=True):
        notice_dict["text"] = _(notice.message_id, **notice.params)
    for clause_dict, clause in zip(data["clauses"], report.clauses, strict=True):
        clause_dict["label"] = _(CLAUSE_TYPES[clause.type])
        clause_dict["text"] = clause_text(clause, _)
    return data


def help_dict(contacts: HelpContacts, _: Translator) -> dict[str, Any]:
    """Safe next steps and help organisations, each sentence beside its msgid."""
    listed = []
    for contact in contacts.contacts:
        entry = contact.to_dict()
        entry["helps_with"] = [
            {"id": topic, "text": _(TOPICS[topic])} for topic in contact.helps_with
        ]
        listed.append(entry)
    return {
        "next_steps": [{"message_id": step, "text": _(step)} for step in NEXT_STEPS],
        "contacts": listed,
        "contacts_are_default": contacts.bundled,
    }


def render_json(
    report: Report, _: Translator, indent: int | None = 2, contacts: HelpContacts | None = None
) -> str:
    return json.dumps(report_dict(report, _, contacts), ensure_ascii=False, indent=indent)
