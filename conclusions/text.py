"""Text helpers shared by the readers of notices: one way to fold Vietnamese.

Folding keeps every character in place (one character in, one out), so a
match found in the folded text slices the same words out of the original.
"""

import re
import unicodedata

_EXTRA = {"đ": "d", "Đ": "d", "–": "-", "—": "-", "−": "-", "‐": "-", "\u00a0": " "}


def _fold_char(char: str) -> str:
    if char in _EXTRA:
        return _EXTRA[char]
    base = unicodedata.normalize("NFD", char)[0]
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


def normalise(text: str) -> str:
    """NFC, so that "hoá" typed with combining marks is one character per letter."""
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """Lower case without diacritics, dashes unified; same length as the input."""
    return "".join(_fold_char(char) for char in text)


def squash(text: str) -> str:
    """Runs of whitespace become one space."""
    return re.sub(r"\s+", " ", text).strip()


def key(text: str) -> str:
    """A comparison key: folded, punctuation-light, single-spaced."""
    folded = fold(normalise(text))
    folded = re.sub(r"\s*&\s*", " va ", folded)
    folded = re.sub(r"\s*-\s*", "-", folded)
    folded = re.sub(r"[.,;:()\"“”]", " ", folded)
    return squash(folded)
