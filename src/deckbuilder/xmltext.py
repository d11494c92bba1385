"""Text as XML character data: the PPTX's parts and the PDF's XMP metadata both write it.

(Two replacements, not xml.sax.saxutils, which imports urllib.request: 16 ms on every start.)
"""

from __future__ import annotations


def escape(text: str) -> str:
    """Text as XML character data."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
