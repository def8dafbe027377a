"""Text as jobs store it: one form, whoever writes it (the job form, the demo seed, an API).

Browsers send a textarea's line ends as CRLF and forms strip the ends, while text written
in code has LF line ends and often a final newline. Stored and compared in one form, the
same description is the same text, so an edit that doesn't change it isn't a change.
"""

import unicodedata


def normalise_text(text):
    """Multi-line text (a description): LF line ends, Unicode NFC, no blank space around it.

    Spaces at the end of a line are kept: in Markdown two of them break the line.
    """
    text = unicodedata.normalize("NFC", str(text or ""))
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def normalise_line(text):
    """One-line text (a title, a city): Unicode NFC, single spaces, trimmed."""
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split())
