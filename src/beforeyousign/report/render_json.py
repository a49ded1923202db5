"""JSON rendering: the Report's schema-versioned dictionary, plus translated text.

Machine readers use the stable ids; people reading the JSON get each message translated
into the reader's language beside its id.
"""

from __future__ import annotations

import json
from typing import Any

from beforeyousign.i18n import Translator
from beforeyousign.knowledge.taxonomy import FLAGS
from beforeyousign.report.model import Report


def report_dict(report: Report, _: Translator) -> dict[str, Any]:
    data = report.to_dict()
    data["text_language"] = _.language
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
    return data


def render_json(report: Report, _: Translator, indent: int | None = 2) -> str:
    return json.dumps(report_dict(report, _), ensure_ascii=False, indent=indent)
