"""The eleven ILO indicators of forced labour, which flags point to (``FlagInfo.ilo_indicator``).

Source: ILO Special Action Programme to Combat Forced Labour, *ILO Indicators of Forced
Labour* (2012); numbered as in ``shared/design/TAXONOMY.md``. Used where the indicators
are listed by name for analysts' tools (the SARIF taxonomy of ``beforeyousign batch``).
"""

from __future__ import annotations

ILO_INDICATORS_SOURCE = "ILO Indicators of Forced Labour (2012)"
ILO_INDICATORS_URI = "https://www.ilo.org/publications/ilo-indicators-forced-labour"

ILO_INDICATORS: dict[int, str] = {
    1: "Abuse of vulnerability",
    2: "Deception",
    3: "Restriction of movement",
    4: "Isolation",
    5: "Physical and sexual violence",
    6: "Intimidation and threats",
    7: "Retention of identity documents",
    8: "Withholding of wages",
    9: "Debt bondage",
    10: "Abusive working and living conditions",
    11: "Excessive overtime",
}
