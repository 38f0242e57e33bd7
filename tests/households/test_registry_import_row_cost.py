"""The go-live import's per-row cost (bench/registry_import.py, its read-and-staged phase): the row checks take the
short way for the usual row (an ASCII ID number, a Chinese name, member rows leaving the household's income and
monitoring cells to the head's row) and give the same staging text as the long way. The example-row check
(6457a13) compares the household number first instead of normalising every row's ID number a second time."""

import datetime as dt
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from households import idnumber
from households.names import name_error, normalize_name
from households.registry_import import income, monitoring
from households.registry_import.columns import COLUMNS, EXAMPLE_ID, EXAMPLE_NAME, EXAMPLE_NUMBER
from households.registry_import.rows import NULL, STAGING_COLUMNS, RowChecker
from tests.clock import this_year, today
from tests.households.test_registry_import import GROUP_A, HEADER, hn, member, pid

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def by_definition(first17: str) -> str:
    """GB 11643-1999's check character as the standard writes it: the weighted digit sum mod 11."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, idnumber._WEIGHTS, strict=True))
    return idnumber._CHECK_CHARS[total % 11]


@given(st.from_regex(r"\A[0-9]{17}\Z"))
def test_the_check_character_is_the_standards_weighted_sum(first17):
    assert idnumber.check_char(first17) == by_definition(first17)


def test_full_width_digits_and_wrong_lengths_still_take_the_definition():
    first17 = "36042519680312011"

    assert idnumber.check_char(first17.translate(FULL_WIDTH)) == by_definition(first17)
    for wrong in (first17[:-1], first17[:-1] + "X", first17[:8] + "_" + first17[9:]):
        with pytest.raises(ValueError):
            idnumber.check_char(wrong)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("闫龙海", "闫龙海"),
        ("买买提·艾力", "买买提·艾力"),
        ("买买提.艾力", "买买提·艾力"),
        ("张 三", "张三"),
        ("\uf900三", "\u8c48三"),  # a CJK compatibility ideograph, composed by NFC to the unified one
        ("张三\n", "张三"),
    ],
)
def test_a_name_is_stored_the_same_whichever_way_it_is_read(typed, stored):
    assert normalize_name(typed) == stored
    assert name_error(stored) == ""


def test_a_name_with_a_trailing_line_break_is_still_refused_unnormalised():
    assert name_error("张三\n") != ""


def staged(line: str) -> dict[str, str]:
    return dict(zip(STAGING_COLUMNS, line.rstrip("\n").split("\t"), strict=True))


@pytest.mark.django_db
def test_a_household_is_checked_with_one_normalisation_of_each_id_number_and_nothing_parsed_for_blank_cells(county):
    checker = RowChecker(
        columns={column.key: index for index, column in enumerate(COLUMNS)},
        keep=list(range(len(HEADER))),
        scope=county.county.path,
        today=today(),
    )
    number = hn("C1")
    year = str(this_year() - 1)
    head = member(
        number, GROUP_A, "是", "闫龙海", pid(dt.date(1970, 5, 6), 11), "户主", 收入年度=year, 工资性收入="29897.00"
    )
    spouse = member(number, "", "否", "李香玉", pid(dt.date(1972, 3, 4), 22), "配偶")

    with (
        mock.patch.object(idnumber, "normalize", wraps=idnumber.normalize) as normalize,
        mock.patch.object(income, "parse_amount", wraps=income.parse_amount) as parse_amount,
        mock.patch.object(monitoring, "parse_date", wraps=monitoring.parse_date) as parse_date,
    ):
        lines = [staged(checker(line, cells)) for line, cells in ((2, head), (3, spouse))]

    assert normalize.call_count == 2  # once a row, in idnumber.parse (the example check no longer does it again)
    assert parse_amount.call_count == 1 and parse_date.call_count == 0
    assert [row["error"] for row in lines] == [NULL, NULL]
    assert [row["income_year"] for row in lines] == [year, NULL]
    assert lines[0]["income_amounts"] == "{29897.00,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL}"
    assert lines[1]["income_amounts"] == NULL
    assert [(row["monitoring_category"], row["monitoring_start"], row["risk_types"]) for row in lines] == [
        ("", NULL, "{}"),
        ("", NULL, "{}"),
    ]
    assert [(row["risk_eliminated"], row["risk_eliminated_on"]) for row in lines] == [(NULL, NULL), (NULL, NULL)]
    assert lines[1]["raw"] == "\x1f".join(spouse)


@pytest.mark.django_db
def test_the_template_example_is_still_recognised_with_its_number_written_otherwise(county):
    checker = RowChecker(
        columns={column.key: index for index, column in enumerate(COLUMNS)},
        keep=list(range(len(HEADER))),
        scope=county.county.path,
        today=today(),
    )
    example = member(EXAMPLE_NUMBER, GROUP_A, "是", EXAMPLE_NAME, " " + EXAMPLE_ID.translate(FULL_WIDTH), "户主")

    row = staged(checker(2, example))

    assert row["error"] == "第2行是模板示例行，请删除后再导入" and row["number"] == NULL
    assert checker.only_examples
