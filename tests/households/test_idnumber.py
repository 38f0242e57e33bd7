import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from households import idnumber

TODAY = dt.date(2026, 6, 30)
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# [0-9], not \d: in Python \d also matches full-width digits, which make() would then carry into the number.
# A province that exists (parse refuses the others: idnumber.PROVINCE_CODES), then any prefecture and county digits.
divisions = st.builds(str.__add__, st.sampled_from(sorted(idnumber.PROVINCE_CODES)), st.from_regex(r"\A[0-9]{4}\Z"))
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)


def rejection(number: str) -> str:
    with pytest.raises(ValidationError) as caught:
        idnumber.parse(number, today=TODAY)
    return caught.value.messages[0]


def number_ending_in_x(division: str, birth: dt.date) -> str:
    # One sequence in eleven has the check character X; among 1,000 there is always one.
    return next(n for n in (idnumber.make(division, birth, s) for s in range(1000)) if n.endswith("X"))


def still_a_past_date(first17: str) -> bool:
    try:
        birth = dt.date(int(first17[6:10]), int(first17[10:12]), int(first17[12:14]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= birth <= TODAY


@given(divisions, births, sequences)
def test_a_made_number_parses_back_to_its_birth_date_and_sex(division, birth, sequence):
    info = idnumber.parse(idnumber.make(division, birth, sequence), today=TODAY)

    assert info.birth_date == birth
    assert info.sex == ("male" if sequence % 2 == 1 else "female")


@given(divisions, births, sequences, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_changing_any_one_of_the_first_17_digits_is_caught(division, birth, sequence, position, shift):
    number = idnumber.make(division, birth, sequence)
    digit = (int(number[position]) + shift) % 10
    changed = number[:position] + str(digit) + number[position + 1 :]

    message = rejection(changed)

    # MOD 11-2 catches every single-digit change; a change that breaks the date is reported as a date error first.
    if still_a_past_date(changed[:17]):
        assert message == idnumber.MSG_ID_CHECK
    else:
        assert message in (idnumber.MSG_ID_BIRTH, idnumber.MSG_ID_FUTURE)


@given(divisions, births)
def test_a_lower_case_x_is_read_as_the_check_character_x(division, birth):
    number = number_ending_in_x(division, birth)

    assert idnumber.parse(number.lower(), today=TODAY).number == number


@given(divisions, births, sequences, st.sampled_from(["Ｘ", "ｘ", "X"]))
def test_full_width_digits_and_x_from_spreadsheets_are_normalised(division, birth, sequence, x):
    number = idnumber.make(division, birth, sequence)
    typed = number.translate(FULL_WIDTH).replace("X", x)

    assert idnumber.parse(f" {typed} ", today=TODAY).number == number


@given(divisions, st.dates(min_value=TODAY + dt.timedelta(days=1), max_value=dt.date(2099, 12, 31)), sequences)
def test_a_birth_date_after_today_is_refused(division, birth, sequence):
    assert rejection(idnumber.make(division, birth, sequence)) == idnumber.MSG_ID_FUTURE


@pytest.mark.parametrize("date_digits", ["19850230", "19851301", "19850000", "18991231"])
def test_an_impossible_birth_date_is_refused_even_with_a_correct_check_character(date_digits):
    first17 = f"360425{date_digits}123"

    assert rejection(first17 + idnumber.check_char(first17)) == idnumber.MSG_ID_BIRTH


@pytest.mark.parametrize("raw", ["36042519850101123", "3604251985010112345", "36042519850101123Y", ""])
def test_a_number_of_the_wrong_shape_is_refused(raw):
    assert rejection(raw) == idnumber.MSG_ID_LENGTH


def test_masking_keeps_only_the_first_and_last_four_characters():
    assert idnumber.mask("36042519850101123X") == "3604**********123X"
