"""Text typed in the legacy Vietnamese fonts (VNI, TCVN3/ABC) read as if it were Unicode.

Such text is readable bytes but garbled words ("Chöông trình coâng taùc", "Ch­¬ng tr×nh
c«ng t¸c"); importing it would store noise, so it is refused with how to convert it.
"""

from __future__ import annotations

import re

from domain.problems import InputError

# VNI writes tones and hats as separate Latin-1 letters after the vowel: "aù", "aø",
# "oä", "oå", "ö" for ư, "ñ" for đ. Vietnamese itself never has ø, û, ï, ñ, å, ä, ö, æ,
# nor a vowel followed by ù or ò.
_VNI = re.compile(r"[øûïñÑåäöÖæ]|[aeiouyAEIOUY][ùò]")
# TCVN3 puts lower-case letters on Latin-1 symbols: ¸ (á), × (ì), « (ô), ¬ (ơ), ¨ (ă), ® (đ)…
_TCVN3 = re.compile(r"(?<=[A-Za-z])[\u00a8-\u00b9\u00d7\u00ad]|[\u00a8-\u00b9\u00d7](?=[A-Za-z])")
_LETTER = re.compile(r"[^\W\d_]")


def legacy_encoding(text: str) -> str | None:
    """``"VNI"`` or ``"TCVN3"`` when the text reads as typed in that legacy font, else None."""
    sample = text[:20000]
    letters = len(_LETTER.findall(sample)) or 1
    for name, pattern in (("TCVN3", _TCVN3), ("VNI", _VNI)):
        hits = len(pattern.findall(sample))
        if hits >= 5 and hits / letters > 0.01:
            return name
    return None


def refuse_legacy(text: str) -> None:
    """Raise ``legacy_encoding`` for text typed in a legacy Vietnamese font."""
    found = legacy_encoding(text)
    if found:
        raise InputError("legacy_encoding", encoding=found)
