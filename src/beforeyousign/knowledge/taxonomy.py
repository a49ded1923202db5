"""Flag ids, severities, ILO indicators and document types (``shared/design/TAXONOMY.md``).

Ids are stable: reports, rule packs, labels and catalogs all use them.  Every sentence a
reader sees is a gettext msgid marked with ``N_`` and translated only when rendered.
"""

from __future__ import annotations

from dataclasses import dataclass

from beforeyousign.errors import N_

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}


@dataclass(frozen=True)
class FlagInfo:
    id: str
    severity: str
    ilo_indicator: int | None
    title_id: str  # short name shown as a heading
    explanation_id: str  # "what the paper does", one sentence
    advice_id: str  # what the reader can do


FLAGS: dict[str, FlagInfo] = {
    f.id: f
    for f in (
        FlagInfo(
            "military_service", "critical", 2,
            N_("Military service"),
            N_("This paper binds or recruits you to military service or an armed group, "
               "whatever the job is called."),
            N_("Do not sign. Ask someone you trust to read the paper to you in your language."),
        ),
        FlagInfo(
            "combat_deployment", "critical", 10,
            N_("Sent to a war zone"),
            N_("This paper sends you to a war or combat zone."),
            N_("Do not sign unless you freely choose to go to war."),
        ),
        FlagInfo(
            "military_production", "high", 10,
            N_("Work for weapons production"),
            N_("The work is in weapons or drone production or at a military site, "
               "whatever the job is called."),
            N_("Ask exactly what you will make and where, and get the answer in writing."),
        ),
        FlagInfo(
            "term_extension", "high", 3,
            N_("The contract can run longer than it says"),
            N_("The term can run past its stated end: until the end of mobilisation or of "
               "an operation, by automatic renewal, or by the other side alone."),
            N_("Do not count on leaving when the stated term ends."),
        ),
        FlagInfo(
            "no_early_exit", "high", 3,
            N_("You may not be able to leave"),
            N_("Your right to leave before the end is taken away or narrowed."),
            N_("Ask in writing how and when you can leave, and what it costs."),
        ),
        FlagInfo(
            "document_retention", "critical", 7,
            N_("Your passport would be taken"),
            N_("Your passport or ID would be handed over to, or kept by, someone else."),
            N_("Never hand over your passport. Give a copy if one is needed."),
        ),
        FlagInfo(
            "worker_paid_fees", "high", 9,
            N_("You would pay for being recruited"),
            N_("You would pay recruitment, visa, ticket or processing costs, now or by "
               "deduction from your pay."),
            N_("Fair employers pay these costs. Do not pay an agent."),
        ),
        FlagInfo(
            "wage_withholding", "high", 8,
            N_("Your pay can be held back"),
            N_("Pay is withheld, deferred, paid to someone else, or cut for unexplained "
               "charges."),
            N_("Ask to be paid every month into an account only you control."),
        ),
        FlagInfo(
            "debt_bondage", "high", 9,
            N_("A debt is used to tie you"),
            N_("A debt is created or used that you must work off, or debts are written off "
               "if you sign."),
            N_("Do not sign to pay off a debt. Get advice about the debt first."),
        ),
        FlagInfo(
            "penalty_threat", "high", 6,
            N_("Punishment for leaving or refusing"),
            N_("You could be punished (criminal charges, fines, deportation) for leaving "
               "or refusing."),
            N_("Know before you sign that leaving may be a crime or cost you money."),
        ),
        FlagInfo(
            "movement_restriction", "medium", 3,
            N_("You may not move freely"),
            N_("You may not leave a base, site, dormitory, region or country without "
               "permission."),
            N_("Ask whether you can leave the site and go home when you want."),
        ),
        FlagInfo(
            "isolation", "medium", 4,
            N_("Contact with others is limited"),
            N_("Your phone, contact with your family, or speaking about the work is "
               "limited."),
            N_("Tell your family where you are going and agree how to stay in touch."),
        ),
        FlagInfo(
            "disguised_role", "high", 2,
            N_("A civilian job name for military work"),
            N_("A civilian-sounding job (helper, guard, driver, cook, builder) is offered "
               "inside a military unit or war zone, or there is no real job description."),
            N_("Ask who the employer is and where exactly you will work."),
        ),
        FlagInfo(
            "citizenship_lure", "medium", 1,
            N_("Citizenship or residence promised"),
            N_("Citizenship, residence, a passport or a visa is promised in exchange."),
            N_("Such promises are often used to recruit soldiers. Ask what you must do "
               "to get it."),
        ),
        FlagInfo(
            "pay_lure", "medium", 1,
            N_("Unusually high pay or signing bonus"),
            N_("A large one-time payment or pay far above the norm for the job is promised."),
            N_("Very high pay for simple work is a common lure. Ask why it is so high."),
        ),
        FlagInfo(
            "irregular_entry", "high", 1,
            N_("Travel without a work permit"),
            N_("You would travel on a tourist or student visa for work, or are told no work "
               "permit is needed."),
            N_("Working without a work permit leaves you without protection."),
        ),
        FlagInfo(
            "pressure_tactics", "medium", 1,
            N_("Pressure to decide fast"),
            N_("You are pushed to decide fast or to keep it secret."),
            N_("Take your time. A real job will wait a few days."),
        ),
        FlagInfo(
            "known_risk_entity", "high", 2,
            N_("An organisation linked to coercive recruitment"),
            N_("The paper names an organisation or programme that public reporting ties to "
               "deceptive or coercive recruitment."),
            N_("Read the reporting cited here before you decide."),
        ),
        FlagInfo(
            "demographic_targeting", "low", 1,
            N_("Narrow age or sex group"),
            N_("The offer targets a narrow age or sex group with no job reason."),
            N_("Ask why only this group is wanted."),
        ),
        FlagInfo(
            "unreadable_language", "high", 2,
            N_("Written in a language you do not read"),
            N_("The paper is written in a language you did not say you read."),
            N_("Do not sign what you cannot read. Ask for a copy in your language."),
        ),
    )
}  # fmt: skip

DOC_TYPES: dict[str, str] = {
    "military_contract": N_("a contract for military service"),
    "volunteer_formation_contract": N_("a contract to join a volunteer armed formation"),
    "state_service_contract": N_("a contract of uniformed state service (not the army)"),
    "employment_contract": N_("an employment contract"),
    "services_contract": N_("a contract for services or work"),
    "job_offer": N_("a job advertisement or offer"),
    "recruiter_chat": N_("a conversation with a recruiter"),
    "other": N_("a document of a kind this tool could not tell"),
}

MILITARY_DOC_TYPES = frozenset({"military_contract", "volunteer_formation_contract"})


def severity_rank(severity: str) -> int:
    return SEVERITY_ORDER.get(severity, len(SEVERITY_ORDER))
