"""Folding Vietnamese text for matching: lower case, no diacritics.

Two folds, because their readers need different things: the notice readers
(conclusions) find a phrase in the folded text and slice the same words out
of the original, so `fold_keeping_length` keeps every character in place;
the results import (tracker.services.results_import) compares a sheet's
column headers as plain words, so `fold_to_words` drops everything else.
"""

import re
import unicodedata
from functools import lru_cache

_EXTRA = {"đ": "d", "Đ": "d", "–": "-", "—": "-", "−": "-", "‐": "-", "\u00a0": " "}


# Texts are a few hundred distinct characters: folding each once keeps long
# texts (a whole notice, an adversarial upload) quick.
@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in _EXTRA:
        return _EXTRA[char]
    base = unicodedata.normalize("NFD", char)[0]
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


def normalise(text: str) -> str:
    """NFC, so that "hoá" typed with combining marks is one character per letter."""
    return unicodedata.normalize("NFC", text or "")


def fold_keeping_length(text: str) -> str:
    """Lower case without diacritics, dashes unified; one character out for
    each character in, so a match's positions hold in the original."""
    return "".join(_fold_char(char) for char in text)


def fold_to_words(text) -> str:
    """Lower-case ASCII words only: 'Điểm  thẩm định (*)' -> 'diem tham dinh'."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def squash(text: str) -> str:
    """Runs of whitespace become one space."""
    return re.sub(r"\s+", " ", text).strip()


def key(text: str) -> str:
    """A comparison key: folded, punctuation-light, single-spaced."""
    folded = fold_keeping_length(normalise(text))
    folded = re.sub(r"\s*&\s*", " va ", folded)
    folded = re.sub(r"\s*-\s*", "-", folded)
    folded = re.sub(r"[.,;:()\"“”]", " ", folded)
    return squash(folded)
