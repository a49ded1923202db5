"""Contacts named in an ad, a post or a chat: phone numbers, Telegram and WhatsApp handles
and links, e-mail addresses, web addresses and company names.

Batch screening records them beside each report so that ``beforeyousign network`` can show
which ads share a recruiter. Extraction is plain pattern matching plus ``phonenumbers``; it
needs no network and imports nothing from the analysis.
"""

from beforeyousign.contacts.extract import extract_contacts, region_hints
from beforeyousign.contacts.model import KINDS, Contact, identity_of

__all__ = ["KINDS", "Contact", "extract_contacts", "identity_of", "region_hints"]
