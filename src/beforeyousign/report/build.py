"""Build the Report from an analysis: verdict, reader-language finding, notices."""

from __future__ import annotations

from beforeyousign.analysis.engine import Analysis
from beforeyousign.analysis.model import Finding
from beforeyousign.analysis.rulepack import bundled_packs
from beforeyousign.errors import N_
from beforeyousign.knowledge.legal import LEGAL_FACTS_CHECKED, references_for
from beforeyousign.knowledge.taxonomy import FLAGS, severity_rank
from beforeyousign.report.model import Report, Verdict
from beforeyousign.text.model import Document, Notice

UNSURE = "unsure"


# Notices that mean part of the paper was not read or not checked by the rules.
INCOMPLETE = frozenset(
    {"language_unsure", "language_not_covered", "page_without_text", "page_damaged",
     "pages_not_read", "characters_replaced", "page_hard_to_read", "page_no_text_found",
     "page_timed_out", "picture_incomplete"}
)  # fmt: skip


def build_report(
    document: Document, analysis: Analysis, reader_language: str | None, tool_version: str
) -> Report:
    flags = analysis.findings + _unreadable_language(analysis, reader_language)
    flags = tuple(sorted(flags, key=lambda f: (severity_rank(f.severity), -f.score, f.flag)))
    notices = document.notices + _analysis_notices(analysis)
    incomplete = any(n.code in INCOMPLETE for n in notices)
    return Report(
        page_images=document.page_images,
        source_name=document.source_name,
        media_type=document.media_type,
        verdict=verdict(analysis.doc_type.doc_type, flags, incomplete=incomplete),
        doc_type=analysis.doc_type,
        language=analysis.language.code,
        language_confidence=analysis.language.confidence,
        block_languages=analysis.block_languages,
        flags=flags,
        terms=analysis.terms,
        clauses=analysis.clauses,
        notices=notices,
        reader_language=reader_language,
        legal_facts_checked=LEGAL_FACTS_CHECKED.isoformat(),
        tool_version=tool_version,
    )


def verdict(doc_type: str, flags: tuple[Finding, ...], *, incomplete: bool = False) -> Verdict:
    ids = {f.flag for f in flags}
    if doc_type == "military_contract":
        return Verdict(
            "military_contract",
            N_("This is a contract for MILITARY SERVICE in the armed forces."),
            {},
        )
    if doc_type == "volunteer_formation_contract":
        return Verdict(
            "military_formation",
            N_("This is a contract to join an ARMED FORMATION that takes part in military action."),
            {},
        )
    if "military_service" in ids:
        return Verdict(
            "military_recruitment",
            N_("This paper recruits for MILITARY SERVICE, whatever the job is called."),
            {},
        )
    if any(severity_rank(f.severity) <= severity_rank("high") for f in flags):
        return Verdict(
            "serious_warning_signs",
            N_("This paper shows serious warning signs. Read each one below before you sign."),
            {},
        )
    if flags:
        return Verdict(
            "some_warning_signs",
            N_("This paper shows some warning signs. Read them below before you sign."),
            {},
        )
    if incomplete:
        return Verdict(
            "not_fully_checked",
            N_(
                "No warning signs found in what this tool could read, but it could not read or "
                "check all of this paper (see below). Have it read by someone you trust before you "
                "sign."
            ),
            {},
        )
    return Verdict("no_warning_signs", N_(
        "No warning signs found in this paper. That is not a guarantee: read what this tool "
        "does not check, below."), {})  # fmt: skip


def _unreadable_language(analysis: Analysis, reader: str | None) -> tuple[Finding, ...]:
    code = analysis.language.code
    if reader is None or code in (UNSURE, reader):
        return ()
    terms = {t.name: t for t in analysis.terms}
    evidence = terms["document_language"].evidence
    if evidence is None:
        return ()
    info = FLAGS["unreadable_language"]
    return (
        Finding(
            flag=info.id,
            severity=info.severity,
            ilo_indicator=info.ilo_indicator,
            score=analysis.language.confidence,
            rule_id="report.unreadable_language",
            evidence=(evidence,),
            message_id=info.explanation_id,
            params={"document_language": code, "reader_language": reader},
            legal=references_for(info.id, military=False),
        ),
    )


MIXED_SHARE = 0.1  # a language in fewer blocks than this is noise, not a part of the paper


def _other_languages(analysis: Analysis) -> list[str]:
    """Languages of a sizeable share of blocks other than the main one."""
    codes = [code for _, code, _ in analysis.block_languages]
    counts = {code: codes.count(code) for code in set(codes)}
    main = analysis.language.code
    return sorted(c for c, n in counts.items() if c != main and n >= MIXED_SHARE * len(codes))


def _analysis_notices(analysis: Analysis) -> tuple[Notice, ...]:
    notices = []
    code = analysis.language.code
    if code == UNSURE:
        notices.append(Notice("language_unsure", N_(
            "The language of this paper could not be told for sure; some warnings may be "
            "missed.")))  # fmt: skip
    elif code not in {pack.language for pack in bundled_packs()}:
        notices.append(Notice("language_not_covered", N_(
            "This paper seems to be in a language ({language}) that the warning rules do not "
            "cover yet: warnings may be missed. Have it read by someone you trust."),
            {"language": code}))  # fmt: skip
    mixed = _other_languages(analysis)
    if mixed:
        notices.append(Notice("several_languages", N_(
            "Parts of this paper are in other languages ({languages}). Ask what every part "
            "says before you sign."), {"languages": ", ".join(mixed)}))  # fmt: skip
    if analysis.doc_type.doc_type == "other":
        notices.append(Notice("doc_type_unknown", N_(
            "This tool could not tell what kind of paper this is.")))  # fmt: skip
    notices.append(Notice("not_checked", N_(
        "This tool reads only the words of the paper. It cannot check who the employer really "
        "is, whether promises will be kept, or anything said aloud. Warnings are possible "
        "signs, not proof; a missing warning is not a guarantee.")))  # fmt: skip
    return tuple(notices)
