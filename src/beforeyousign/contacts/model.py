"""A contact named in a text, normalised so that the same recruiter written two ways is
recognised as one (``+7 (912) 345-67-89`` and ``89123456789``; ``@Recruiter`` and
``t.me/recruiter``)."""

from __future__ import annotations

from dataclasses import dataclass

#: Contact kinds, in the order reports list them.
KINDS = ("phone", "whatsapp", "telegram", "email", "url", "organisation")


@dataclass(frozen=True)
class Contact:
    """``value`` is the normalised form: a phone number in E.164 (``+79123456789``); a
    Telegram ``@handle`` in lower case, or a ``t.me/+…`` invite link; for WhatsApp the
    E.164 number of a ``wa.me`` link or a ``chat.whatsapp.com/…`` group link; an e-mail
    address in lower case; a URL with its scheme and host in lower case; an organisation as
    its legal form and name (``ООО «СтройМонтаж»``, ``Himalaya Manpower Pvt Ltd``).
    ``raw`` is the first way the text wrote it."""

    kind: str
    value: str
    raw: str

    @property
    def identity(self) -> str:
        """What makes two contacts the same party: the number of a WhatsApp link is the same
        phone as the number written out, and organisation names ignore case."""
        if self.kind == "whatsapp" and self.value.startswith("+"):
            return f"phone:{self.value}"
        if self.kind == "organisation":
            return f"organisation:{self.value.casefold()}"
        return f"{self.kind}:{self.value}"

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "value": self.value, "raw": self.raw}


def identity_of(kind: str, value: str) -> str:
    """:attr:`Contact.identity` for a contact read back from a results file."""
    return Contact(kind, value, value).identity
