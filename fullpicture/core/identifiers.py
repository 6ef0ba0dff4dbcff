r"""Validation and normalisation of the identifiers agencies send: NHS number, UPN, postcode.

Each function returns the normalised value or raises ValueError with a message
fit to show a practitioner.

Patterns use [0-9], never \d: in Python \d also matches other scripts' digits
(Arabic-Indic, Devanagari, full-width), which int() accepts, so "٩٩٩..." would
pass the check and be stored as an identifier nobody else could match.
"""

import re

_UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_POSTCODE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRV-Y])"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def nhs_number_normalise(raw: str) -> str:
    """10 digits, optionally spaced 3-3-4, passing the modulus 11 check."""
    text = raw.strip()
    if re.fullmatch(r"[0-9]{10}", text):
        digits = text
    elif re.fullmatch(r"[0-9]{3} [0-9]{3} [0-9]{4}", text):
        digits = text.replace(" ", "")
    else:
        raise ValueError("an NHS number is 10 digits, optionally spaced 3 3 4")
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10 or check != int(digits[9]):
        raise ValueError("this NHS number fails its check digit")
    return digits


def upn_check_letter(twelve_digits: str) -> str:
    total = sum(int(d) * position for d, position in zip(twelve_digits, range(2, 14), strict=True))
    return _UPN_CHECK_LETTERS[total % 23]


def upn_normalise(raw: str) -> tuple[str, bool]:
    """Return (UPN in capitals, is_temporary). A permanent UPN must pass its check letter."""
    text = raw.strip().upper()
    if len(text) != 13:
        raise ValueError("a UPN is 13 characters")
    if not text[0].isalpha() or text[0] not in _UPN_CHECK_LETTERS:
        raise ValueError("a UPN starts with its check letter")
    if re.fullmatch(r"[A-Z][0-9]{11}[A-Z]", text):
        return text, True  # temporary: kept, never used to link records
    if not re.fullmatch(r"[A-Z][0-9]{12}", text):
        raise ValueError("a UPN is a letter and 12 digits (a temporary one ends in a letter)")
    if upn_check_letter(text[1:]) != text[0]:
        raise ValueError("this UPN fails its check letter")
    return text, False


def postcode_normalise(raw: str) -> str:
    """A UK postcode in capitals with one space before the inward code."""
    compact = re.sub(r"\s+", "", raw).upper()
    if not _POSTCODE.fullmatch(compact):
        raise ValueError("not a UK postcode")
    return f"{compact[:-3]} {compact[-3:]}"
