"""Recognizers whose patterns live in the YAML rule packs (``analysis/rules/*.yaml``).

Each class is the legal dossier of one flag: what it rests on, what it deliberately does
not catch, and the false positives we know of.  Measured precision and recall per flag are
in ``docs/quality.md`` (``beforeyousign eval tests/corpus``).
"""

from __future__ import annotations

from beforeyousign.analysis.recognizers.base import PatternRecognizer
from beforeyousign.analysis.recognizers.registry import register


@register
class MilitaryService(PatternRecognizer):
    """Recruits or binds the reader to military service or an armed formation.

    Basis: Federal Law 53-FZ art. 32 (a contract of military service, also with a foreign
    citizen, is concluded with the Ministry of Defence); Law 61-FZ "On Defence" art. 22.1
    (volunteer formations).  Reported pattern: military service advertised under civilian
    names (LEGAL.md).  Also raised by the document type (see ``implied``).
    Does not catch: a paper that never names the army, the ministry or a military unit.
    Known false positives avoided: «военный билет» and «отсрочка» in civilian ads, "ex-army
    welcome" in security ads (``unless`` lists).

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 1.00
    (TP 51, FP 0, FN 0); see docs/quality.md.
    """

    flag = "military_service"


@register
class CombatDeployment(PatternRecognizer):
    """Sends the reader to a war or combat zone.

    Basis: recruits were sent to the "special military operation" zone (LEGAL.md).
    Catches «зона СВО», «специальная военная операция», "front line", named front-line
    regions.  Negated mentions ("no war duty") do not count.  Known false positive: a
    civilian paper that merely names Zaporozhye or Kherson region as an address.

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 1.00
    (TP 33, FP 0, FN 0); see docs/quality.md.
    """

    flag = "combat_deployment"


@register
class MilitaryProduction(PatternRecognizer):
    """Work in weapons or drone production, however the job is named.

    Basis: reporting on the Alabuga programme, where recruits assembled attack drones
    (Associated Press, 2024; LEGAL.md).  Catches drones/munitions next to assembly or
    production words, and named defence plants.

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 1.00
    (TP 3, FP 0, FN 0); see docs/quality.md.
    """

    flag = "military_production"


@register
class TermExtension(PatternRecognizer):
    """The term can run past its stated end.

    Basis: Decree No. 647 of 21.09.2022, item 4 (military contracts continue until the end
    of partial mobilisation).  Catches "until the end of mobilisation / the operation",
    extension by one side or automatically.  Renewal by mutual agreement is excluded.
    For Russian military contracts it is also implied by law (``implied``).

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 0.89
    (TP 17, FP 0, FN 2); see docs/quality.md.
    """

    flag = "term_extension"


@register
class NoEarlyExit(PatternRecognizer):
    """The right to leave before the end is taken away or narrowed.

    Basis: Decree No. 647, item 5 (discharge during mobilisation only for age, health or a
    prison sentence); ILO Fair Recruitment principles (freedom to terminate).  Catches
    «не вправе расторгнуть», exit "only" for age/health/court, leaving early penalised.
    Protective wording about the employer («работодатель не вправе расторгнуть») is excluded.

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 0.84
    (TP 21, FP 0, FN 4); see docs/quality.md.
    """

    flag = "no_early_exit"


@register
class DocumentRetention(PatternRecognizer):
    """The passport or ID is handed over to, or kept by, someone else.

    Basis: ILO forced-labour indicator 7; ILO Fair Recruitment principles; IOM IRIS.
    Catches a passport word next to keeping/handing-over words.  Copies, passport data
    («паспортные данные») and "you keep your passport" are excluded.

    Held-out (three sets, 92 documents, 2026-11-25): precision 0.92, recall 0.86
    (TP 12, FP 1, FN 2); see docs/quality.md.
    """

    flag = "document_retention"


@register
class WorkerPaidFees(PatternRecognizer):
    """The worker pays recruitment, visa, ticket or processing costs.

    Basis: ILO Fair Recruitment principles (no fees or related costs charged to workers),
    ILO indicator 9.  Catches costs deducted from pay and payments to agents.  "No fees are
    charged to workers" and "the employer pays" do not count (negation and ``unless``).

    Held-out (three sets, 92 documents, 2026-11-25): precision 0.95, recall 0.95
    (TP 21, FP 1, FN 1); see docs/quality.md.
    """

    flag = "worker_paid_fees"


@register
class WageWithholding(PatternRecognizer):
    """Pay is withheld, deferred, diverted or cut for penalties.

    Basis: ILO indicator 8.  Catches pay only at the end of the term, pay to an agent or a
    card others hold, the first salary held back, fines deducted from pay.  Deductions for
    recruitment, visa or travel costs are ``worker_paid_fees`` instead.

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 0.73
    (TP 8, FP 0, FN 3); see docs/quality.md.
    """

    flag = "wage_withholding"


@register
class DebtBondage(PatternRecognizer):
    """A debt the worker must work off, or debts written off in exchange for signing.

    Basis: ILO indicator 9; reported «списание долгов до 10 млн» in military recruiting
    (LEGAL.md).

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 1.00
    (TP 8, FP 0, FN 0); see docs/quality.md.
    """

    flag = "debt_bondage"


@register
class PenaltyThreat(PatternRecognizer):
    """Criminal, disciplinary or financial punishment for leaving or refusing.

    Basis: Criminal Code of the Russian Federation art. 337–338 (implied for military
    contracts); ILO indicator 6.  Catches fines for leaving early, criminal liability,
    desertion, deportation.  Ordinary liability "under the law" is not a threat.

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 0.96
    (TP 23, FP 0, FN 1); see docs/quality.md.
    """

    flag = "penalty_threat"


@register
class MovementRestriction(PatternRecognizer):
    """Leaving a base, site, dormitory, region or country needs permission.

    Basis: ILO indicator 3 (restriction of movement).

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 0.89
    (TP 8, FP 0, FN 1); see docs/quality.md.
    """

    flag = "movement_restriction"


@register
class Isolation(PatternRecognizer):
    """Phones, contact with family or speaking about the work are limited.

    Basis: ILO indicator 4.  Ordinary confidentiality of trade or state secrets is not
    isolation and is not matched; a contact phone number in an ad is excluded.

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 0.78
    (TP 7, FP 0, FN 2); see docs/quality.md.
    """

    flag = "isolation"


@register
class DisguisedRole(PatternRecognizer):
    """A civilian-sounding job inside a military unit or war zone.

    Basis: reported recruitment of "helpers", guards, drivers of humanitarian cargo, cooks
    and builders into the army (LEGAL.md).  Raised only in ads and chats, and only beside
    ``military_service`` or ``combat_deployment`` (``requires`` in the packs): a civilian job
    with no military context is just a job.  Does not catch ads with no job description.

    Held-out (three sets, 92 documents, 2026-11-25): precision 0.93, recall 0.96
    (TP 25, FP 2, FN 1); see docs/quality.md.
    """

    flag = "disguised_role"


@register
class CitizenshipLure(PatternRecognizer):
    """Citizenship, residence or a passport promised in exchange.

    Basis: Presidential Decree No. 10 of 04.01.2024 (simplified citizenship for foreigners
    who serve under contract, and their families); reported promises to Sri Lankan and
    other recruits (LEGAL.md).  A requirement to *hold* a residence permit is excluded.

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 1.00
    (TP 27, FP 0, FN 0); see docs/quality.md.
    """

    flag = "citizenship_lure"


@register
class IrregularEntry(PatternRecognizer):
    """Travel on a tourist or student visa for work, or "no work permit needed".

    Basis: reported travel of Nepali recruits on tourist visas (LEGAL.md).  EAEU citizens
    lawfully need no patent in Russia, so those mentions are excluded.

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 1.00
    (TP 14, FP 0, FN 0); see docs/quality.md.
    """

    flag = "irregular_entry"


@register
class PressureTactics(PatternRecognizer):
    """Pushes a fast decision or secrecy: few places, leave this week, don't tell anyone.

    Basis: ILO indicator 1 (abuse of vulnerability); a plain «срочно требуется» is common in
    honest ads and is not matched.

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 0.96
    (TP 23, FP 0, FN 1); see docs/quality.md.
    """

    flag = "pressure_tactics"


@register
class DemographicTargeting(PatternRecognizer):
    """Targets a narrow age or sex group with no job reason.

    Basis: reported Alabuga Start recruiting of women aged 18–22 (LEGAL.md).  A soft, low
    severity signal.  Narrow age ranges are found in ``entities.NarrowAgeRange``.

    Held-out (three sets, 92 documents, 2026-11-25): precision 1.00, recall 1.00
    (TP 2, FP 0, FN 0); see docs/quality.md.
    """

    flag = "demographic_targeting"
