"""Legal references the findings cite (sources: ``shared/design/LEGAL.md``).

Official Russian legal acts are not subject to copyright (Civil Code art. 1259 part 6), so
their wording may be quoted.  ``LEGAL_FACTS_CHECKED`` is the date these facts were last
verified; the report shows it, because a decree ending mobilisation would change them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from beforeyousign.errors import N_

LEGAL_FACTS_CHECKED = dt.date(2026, 11, 25)


@dataclass(frozen=True)
class LegalReference:
    """A law, decree or standard a finding rests on, as cited to the reader."""

    id: str
    # e.g. "Decree ... No. 647 of 21.09.2022, item 4": an English msgid, so a reader sees
    # the law named in their language; JSON keeps this English form as well.
    citation: str
    summary_id: str  # gettext msgid of a one-sentence summary

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "citation": self.citation, "summary_id": self.summary_id}


DECREE_647_ITEM_4 = LegalReference(
    id="ru.decree_647.item_4",
    citation=N_("Decree of the President of the Russian Federation No. 647 of 21.09.2022, item 4"),
    summary_id=N_(
        "Military contracts stay in force until the end of partial mobilisation, which "
        "had not been ended when these facts were checked."
    ),
)
DECREE_647_ITEM_5 = LegalReference(
    id="ru.decree_647.item_5",
    citation=N_("Decree of the President of the Russian Federation No. 647 of 21.09.2022, item 5"),
    summary_id=N_(
        "During mobilisation a soldier can be discharged only for age, for ill health "
        "found by a military medical board, or after a prison sentence."
    ),
)
CRIMINAL_CODE_337_338 = LegalReference(
    id="ru.criminal_code.337_338",
    citation=N_("Criminal Code of the Russian Federation, art. 337 and art. 338"),
    summary_id=N_(
        "Leaving a unit without permission and desertion are crimes, punished more "
        "harshly during mobilisation or armed conflict."
    ),
)
LAW_53FZ_ART_32 = LegalReference(
    id="ru.53fz.art_32",
    citation=N_(
        "Federal Law No. 53-FZ of 28.03.1998 'On military duty and military service', art. 32"
    ),
    summary_id=N_(
        "A contract of military service, also with a foreign citizen, binds the signer "
        "to serve in the armed forces for the term of the contract."
    ),
)
LAW_61FZ_ART_22_1 = LegalReference(
    id="ru.61fz.art_22_1",
    citation=N_("Federal Law No. 61-FZ 'On Defence', art. 22.1"),
    summary_id=N_(
        "Volunteer formations are created by the Ministry of Defence, which sets where, "
        "for what and for how long they are used."
    ),
)
DECREE_10_2024 = LegalReference(
    id="ru.decree_10.2024",
    citation=N_("Decree of the President of the Russian Federation No. 10 of 04.01.2024"),
    summary_id=N_(
        "Foreigners who sign a military contract of at least one year, and their "
        "families, may apply for Russian citizenship on simplified terms."
    ),
)
ILO_FORCED_LABOUR_INDICATORS = LegalReference(
    id="ilo.forced_labour_indicators.2012",
    citation=N_("ILO Indicators of Forced Labour (2012)"),
    summary_id=N_(
        "The International Labour Organization lists this as a possible sign of forced "
        "labour: a sign to look into, not proof."
    ),
)
ILO_FAIR_RECRUITMENT = LegalReference(
    id="ilo.fair_recruitment.2019",
    citation=N_("ILO General Principles and Operational Guidelines for Fair Recruitment (2019)"),
    summary_id=N_(
        "Under fair recruitment no fees are charged to workers, identity documents are "
        "never kept, and workers are free to leave and to go home."
    ),
)

# The references every flag cites when no more specific law applies.
FLAG_REFERENCES: dict[str, tuple[LegalReference, ...]] = {
    "military_service": (LAW_53FZ_ART_32, ILO_FORCED_LABOUR_INDICATORS),
    "term_extension": (DECREE_647_ITEM_4,),
    "no_early_exit": (DECREE_647_ITEM_5, ILO_FAIR_RECRUITMENT),
    "penalty_threat": (CRIMINAL_CODE_337_338, ILO_FORCED_LABOUR_INDICATORS),
    "document_retention": (ILO_FAIR_RECRUITMENT, ILO_FORCED_LABOUR_INDICATORS),
    "worker_paid_fees": (ILO_FAIR_RECRUITMENT, ILO_FORCED_LABOUR_INDICATORS),
    "citizenship_lure": (DECREE_10_2024,),
}
DEFAULT_REFERENCES = (ILO_FORCED_LABOUR_INDICATORS,)

# Which references apply only to Russian military or volunteer-formation papers.
# ``military`` means: the paper is about Russian military service (a Russian military or
# volunteer-formation paper, or any paper raising military_service that names Russia).
MILITARY_ONLY = frozenset(
    {DECREE_647_ITEM_4.id, DECREE_647_ITEM_5.id, CRIMINAL_CODE_337_338.id, LAW_53FZ_ART_32.id}
)


def references_for(flag: str, military: bool) -> tuple[LegalReference, ...]:
    """The references to cite for ``flag``; Russian military law only for military papers."""
    refs = tuple(r for r in FLAG_REFERENCES.get(flag, ()) if military or r.id not in MILITARY_ONLY)
    return refs or DEFAULT_REFERENCES
