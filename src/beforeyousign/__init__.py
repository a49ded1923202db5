"""beforeyousign: read a recruitment paper before it is signed.

The one public entry point is :func:`analyse`; everything else is an implementation detail.
"""

from beforeyousign.api import analyse, analyse_text

__all__ = ["analyse", "analyse_text"]
__version__ = "0.1.0"
