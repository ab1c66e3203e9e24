"""Find one amount of money in a free-text financial contribution ('USD 50,000', '€10 000')."""

import re
from decimal import Decimal, InvalidOperation

import pycountry

_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_NUMBER = r"\d{1,3}(?:[ ,'’]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?P<scale>million|m|thousand|k)\b)?"
_BEFORE = re.compile(rf"(?P<cur>US\$|[$€£¥]|\b[A-Z]{{3}}\b)\s?(?P<num>{_NUMBER}){_SCALE}", re.IGNORECASE)
_AFTER = re.compile(rf"(?P<num>{_NUMBER}){_SCALE}\s?(?P<cur>[$€£¥]|\b[A-Z]{{3}}\b)", re.IGNORECASE)
_SCALES = {"million": 1_000_000, "m": 1_000_000, "thousand": 1_000, "k": 1_000}


def find_amount(text: str) -> tuple[Decimal, str] | None:
    """The amount and ISO 4217 currency when the text names exactly one; otherwise None."""
    found = set()
    for pattern in (_BEFORE, _AFTER):
        for match in pattern.finditer(text):
            currency = _currency(match["cur"])
            if currency is None:
                continue
            try:
                amount = Decimal(re.sub(r"[ ,'’]", "", match["num"]))
            except InvalidOperation:
                continue
            if match["scale"]:
                amount *= _SCALES[match["scale"].lower()]
            found.add((amount, currency))
    return found.pop() if len(found) == 1 else None


def _currency(text: str) -> str | None:
    if text in _SYMBOLS:
        return _SYMBOLS[text]
    if len(text) == 3 and text.isupper() and pycountry.currencies.get(alpha_3=text):
        return text
    return None
