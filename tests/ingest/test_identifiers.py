"""NHS number, UPN and postcode checks, against published test data and generated cases."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fullpicture.core.identifiers import nhs_number_normalise, postcode_normalise, upn_normalise
from tests.ingest.conftest import SHARED

NHS_FIXTURE = SHARED / "fixtures" / "identifiers" / "valid-test-nhs-numbers.csv"
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def published_test_nhs_numbers() -> list[str]:
    with NHS_FIXTURE.open(encoding="utf-8-sig", newline="") as handle:
        return [row[0].strip() for row in csv.reader(handle) if row and row[0].strip()]


def nhs_check_digit(nine: str) -> int:
    """Modulus 11, written out independently of the code under test."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(nine))
    return (11 - total % 11) % 11  # 10 means no valid number


def permanent_upn(twelve: str) -> str:
    """A permanent UPN: its check letter, written out independently of the code under test."""
    total = sum(int(d) * (i + 2) for i, d in enumerate(twelve))
    return UPN_LETTERS[total % 23] + twelve


def test_the_published_test_nhs_numbers_are_read():
    numbers = published_test_nhs_numbers()
    assert len(numbers) >= 5 and all(n.startswith("999") for n in numbers)


@pytest.mark.parametrize("number", published_test_nhs_numbers())
def test_every_published_test_nhs_number_passes(number):
    assert nhs_number_normalise(number) == number


def test_an_nhs_number_may_be_spaced_3_3_4():
    assert nhs_number_normalise("999 000 0018") == "9990000018"
    assert nhs_number_normalise("  9990000018 ") == "9990000018"


@pytest.mark.parametrize(
    "text", ["999-000-0018", "99 9000 0018", "999000001", "99900000180", "999000001X"]
)
def test_other_shapes_of_nhs_number_fail(text):
    with pytest.raises(ValueError, match="10 digits"):
        nhs_number_normalise(text)


def test_a_number_whose_check_digit_would_be_10_is_never_valid():
    nine = next(f"999{n:06d}" for n in range(1000) if nhs_check_digit(f"999{n:06d}") == 10)
    for last in "0123456789":
        with pytest.raises(ValueError, match="check digit"):
            nhs_number_normalise(nine + last)


def test_digits_of_other_scripts_are_not_an_nhs_number():
    with pytest.raises(ValueError):
        nhs_number_normalise("٩٩٩٠٠٠٠٠١٨")  # 9990000018 in Arabic-Indic digits


@settings(max_examples=100, deadline=None)
@given(
    number=st.sampled_from(published_test_nhs_numbers()),
    position=st.integers(0, 9),
    shift=st.integers(1, 9),
)
def test_changing_any_one_digit_of_a_valid_nhs_number_makes_it_fail(number, position, shift):
    digit = (int(number[position]) + shift) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]
    with pytest.raises(ValueError, match="check digit"):
        nhs_number_normalise(changed)


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_any_nine_digits_with_their_check_digit_pass(nine):
    check = nhs_check_digit(nine)
    if check == 10:
        return
    assert nhs_number_normalise(nine + str(check)) == nine + str(check)


# --- UPN


def test_a_permanent_upn_passes_its_check_letter_in_any_case():
    upn = permanent_upn("820200101001")
    assert upn_normalise(upn) == (upn, False)
    assert upn_normalise(upn.lower()) == (upn, False)


def test_a_permanent_upn_with_the_wrong_check_letter_fails():
    upn = permanent_upn("820200101001")
    wrong = next(letter for letter in UPN_LETTERS if letter != upn[0]) + upn[1:]
    with pytest.raises(ValueError, match="check letter"):
        upn_normalise(wrong)


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[0-9]{12}", fullmatch=True), st.sampled_from(UPN_LETTERS))
def test_only_the_right_check_letter_passes(twelve, letter):
    upn = letter + twelve
    if upn == permanent_upn(twelve):
        assert upn_normalise(upn) == (upn, False)
    else:
        with pytest.raises(ValueError, match="check letter"):
            upn_normalise(upn)


def test_a_temporary_upn_is_kept_and_flagged_temporary():
    assert upn_normalise("a82020010100b") == ("A82020010100B", True)


@pytest.mark.parametrize(
    "text", ["A8202001010", "A82020010100B1", "182020010100A", "I820200101001", "A8202001X1001"]
)
def test_malformed_upns_fail(text):
    with pytest.raises(ValueError):
        upn_normalise(text)


# --- postcodes


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("OX4 1AB", "OX4 1AB"),
        ("ox41ab", "OX4 1AB"),
        ("  Ox4   1aB ", "OX4 1AB"),
        ("sw1a1aa", "SW1A 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("b338th", "B33 8TH"),
        ("CR2 6XH", "CR2 6XH"),
        ("dn55 1pt", "DN55 1PT"),
        ("W1A 0AX", "W1A 0AX"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("gir 0aa", "GIR 0AA"),
    ],
)
def test_uk_postcodes_in_any_case_and_spacing_normalise(text, normalised):
    assert postcode_normalise(text) == normalised


@pytest.mark.parametrize(
    "text",
    ["75001", "10115 Berlin", "D02 X285", "90210", "OX4", "QX4 1AB", "OX4 1AC", "SW١A 1AA", ""],
)
def test_non_uk_and_malformed_postcodes_fail(text):
    with pytest.raises(ValueError, match="not a UK postcode"):
        postcode_normalise(text)


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["OX4 1AB", "SW1A 1AA", "M1 1AE", "DN55 1PT"]),
    st.lists(st.sampled_from([" ", "  ", "\t"]), min_size=0, max_size=8),
    st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_postcode_spacing_and_case_never_matter(postcode, spaces, lower):
    compact = postcode.replace(" ", "")
    text = "".join(
        (c.lower() if lower[i] else c) + (spaces[i] if i < len(spaces) else "")
        for i, c in enumerate(compact)
    )
    assert postcode_normalise(text) == postcode
