"""Safe next steps: what every reader should do before signing, whatever the paper says.

Shown at the end of every report, in every renderer (text, JSON, HTML, audio), from this
one list.  Each step is a gettext msgid.  They restate the ILO fair-recruitment principles
cited in ``knowledge/legal.py`` (identity documents never retained; terms in a written
contract the worker understands) as things a reader can do today.
"""

from __future__ import annotations

from beforeyousign.errors import N_

NEXT_STEPS_TITLE = N_("WHAT TO DO BEFORE YOU SIGN:")

#: In order of importance.  The first two are also flag advice (document_retention,
#: unreadable_language), so their translations are shared.
NEXT_STEPS: tuple[str, ...] = (
    N_("Never hand over your passport. Give a copy if one is needed."),
    N_("Do not sign what you cannot read. Ask for a copy in your language."),
    N_(
        "Keep a photo of every page of this paper, and of your passport, where only you can "
        "reach them."
    ),
    N_("Tell your family where you are going and agree how to stay in touch."),
)
