"""Batch results as SARIF 2.1.0, for analysts' tools (SARIF viewers, code-scanning
dashboards, anything that reads static-analysis results).

- every flag the tool can raise is a **rule** (``tool.driver.rules``, in the taxonomy's
  order), its level from its severity (critical and high: ``error``; medium: ``warning``;
  low: ``note``), related to its ILO indicator;
- the eleven **ILO indicators of forced labour** are a taxonomy (``runs[0].taxonomies``),
  ids ``ILO-1`` … ``ILO-11``;
- each flag raised on a record is a **result**: the message is the flag's title, the first
  quote and its explanation; each quote is a location whose artifact is the record (its id
  as a relative URI) with the quote's character offsets (``columnKind``:
  ``unicodeCodePoints``, offsets into the document's text) and the quote as snippet; the
  record (id, source, time, author, forwarded_from), verdict and doc_type are in the
  result's ``properties``;
- a record that could not be analysed is a ``toolExecutionNotification`` of level
  ``error`` with its error code and message.

Results are written as they are read, so the file can hold millions of them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any, TextIO
from urllib.parse import quote

from beforeyousign.knowledge.ilo import ILO_INDICATORS, ILO_INDICATORS_SOURCE, ILO_INDICATORS_URI
from beforeyousign.knowledge.taxonomy import FLAGS

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TAXONOMY_NAME = "ILO forced labour indicators"
TAXONOMY_GUID = str(uuid.uuid5(uuid.NAMESPACE_URL, ILO_INDICATORS_URI))
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
MAX_LOCATIONS = 10
RULE_INDEX = {flag: index for index, flag in enumerate(FLAGS)}
_TAXONOMY_REF = {"name": TAXONOMY_NAME, "index": 0, "guid": TAXONOMY_GUID}


def _taxon_ref(indicator: int) -> dict[str, Any]:
    return {"id": f"ILO-{indicator}", "index": indicator - 1, "toolComponent": _TAXONOMY_REF}


def _camel(flag: str) -> str:
    return "".join(part.capitalize() for part in flag.split("_"))


def rules() -> list[dict[str, Any]]:
    out = []
    for info in FLAGS.values():
        rule: dict[str, Any] = {
            "id": info.id,
            "name": _camel(info.id),
            "shortDescription": {"text": info.title_id},
            "fullDescription": {"text": info.explanation_id},
            "help": {"text": info.advice_id},
            "defaultConfiguration": {"level": LEVELS.get(info.severity, "warning")},
            "properties": {"severity": info.severity, "ilo_indicator": info.ilo_indicator},
        }
        if info.ilo_indicator:
            rule["relationships"] = [
                {"target": _taxon_ref(info.ilo_indicator), "kinds": ["relevant"]}
            ]
        out.append(rule)
    return out


def taxonomy() -> dict[str, Any]:
    return {
        "name": TAXONOMY_NAME,
        "guid": TAXONOMY_GUID,
        "version": "2012",
        "organization": "International Labour Organization",
        "informationUri": ILO_INDICATORS_URI,
        "shortDescription": {"text": ILO_INDICATORS_SOURCE},
        "isComprehensive": True,
        "taxa": [
            {"id": f"ILO-{number}", "name": name, "shortDescription": {"text": name}}
            for number, name in ILO_INDICATORS.items()
        ],
    }


def record_uri(record_id: str) -> str:
    """A record id as a relative URI reference (``ads.csv:12`` -> ``ads.csv%3A12``)."""
    return quote(record_id, safe="/")


def _location(uri: str, evidence: dict[str, Any] | None, record_id: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if evidence:
        start, end = evidence["raw_span"]
        region: dict[str, Any] = {
            "charOffset": start,
            "charLength": max(0, end - start),
            "snippet": {"text": evidence["quote"]},
        }
        where = evidence.get("location") or {}
        if where.get("kind") == "line" and isinstance(where.get("block"), int):
            region["startLine"] = where["block"]
        physical["region"] = region
    return {"physicalLocation": physical, "logicalLocations": [{"name": record_id}]}


def results(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The SARIF results of one analysed row: one per flag."""
    meta = row.get("record") or {}
    record_id = str(meta.get("id", ""))
    uri = record_uri(record_id)
    out = []
    for flag in row.get("flags") or []:
        evidence = flag.get("evidence") or []
        title = flag.get("title") or flag["id"]
        explanation = (flag.get("explanation") or {}).get("text", "")
        text = f'{title}: "{evidence[0]["quote"]}"' if evidence else title
        if explanation:
            text += f" — {explanation}"
        result: dict[str, Any] = {
            "ruleId": flag["id"],
            "ruleIndex": RULE_INDEX.get(flag["id"], -1),
            "level": LEVELS.get(flag.get("severity", ""), "warning"),
            "kind": "fail",
            "message": {"text": text},
            "locations": [_location(uri, e, record_id) for e in evidence[:MAX_LOCATIONS]]
            or [_location(uri, None, record_id)],
            "partialFingerprints": {"recordFlag/v1": f"{record_id}#{flag['id']}"},
            "properties": {
                "record": meta,
                "verdict": (row.get("verdict") or {}).get("id"),
                "doc_type": (row.get("doc_type") or {}).get("id"),
                "severity": flag.get("severity"),
                "implied_by_law": flag.get("implied_by_law", False),
            },
        }
        if flag.get("ilo_indicator"):
            result["taxa"] = [_taxon_ref(int(flag["ilo_indicator"]))]
        out.append(result)
    return out


def _notification(row: dict[str, Any]) -> dict[str, Any]:
    meta = row.get("record") or {}
    error = row["error"]
    return {
        "level": "error",
        "message": {"text": f"{error.get('code')}: {error.get('message')}"},
        "descriptor": {"id": str(error.get("code"))},
        "locations": [_location(record_uri(str(meta.get("id", ""))), None, str(meta.get("id")))],
        "properties": {"record": meta},
    }


def write_sarif(rows: Iterable[dict[str, Any]], handle: TextIO, tool_version: str) -> None:
    driver = {
        "name": "beforeyousign",
        "version": tool_version,
        "semanticVersion": tool_version,
        "rules": rules(),
        "supportedTaxonomies": [_TAXONOMY_REF],
    }
    handle.write(f'{{"$schema": {json.dumps(SARIF_SCHEMA)}, "version": "{SARIF_VERSION}", ')
    handle.write(f'"runs": [{{"tool": {json.dumps({"driver": driver}, ensure_ascii=False)}, ')
    handle.write(f'"taxonomies": [{json.dumps(taxonomy(), ensure_ascii=False)}], ')
    handle.write('"columnKind": "unicodeCodePoints", "results": [')
    notifications = []
    records = flagged = 0
    first = True
    for row in rows:
        records += 1
        if row.get("error"):
            notifications.append(_notification(row))
            continue
        found = results(row)
        flagged += bool(found)
        for result in found:
            handle.write(("\n" if first else ",\n") + json.dumps(result, ensure_ascii=False))
            first = False
    invocation = {"executionSuccessful": True, "toolExecutionNotifications": notifications}
    properties = {"records": records, "records_flagged": flagged, "errors": len(notifications)}
    handle.write(f'\n], "invocations": [{json.dumps(invocation, ensure_ascii=False)}], ')
    handle.write(f'"properties": {json.dumps(properties)}}}]}}\n')
