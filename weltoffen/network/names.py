"""A municipality's name in the form it is searched by (network/name_search.py):
lower case, umlauts as ae/oe/ue, ß as ss, other accents and punctuation dropped."""

import re
import unicodedata

#: Longest stored form (a name has at most 160 characters; ä → ae can double it).
MAX_LENGTH = 320
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "").casefold().translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text).strip()[:MAX_LENGTH]
