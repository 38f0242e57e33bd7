"""A feed row without an ID number is refused as it always was, and never meets a baby registered without one
(households.services.newborn: id_number ""), however many there are: the matching joins leave a blank number out."""

import datetime as dt

import pytest

from alerts.choices import UploadStatus
from alerts.models import Alert
from tests.alerts.conftest import TODAY, csv_file, error_reasons, header_of, ingest, xlsx_file
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_a_row_without_an_id_number_matches_no_baby_without_one(clerks, people, make_file):
    home = people["zhang"].household
    for name in ("张大宝", "张二宝"):
        MemberFactory(
            household=home, name=name, relation="granddaughter", sex="female", id_number="",
            birth_date=TODAY - dt.timedelta(days=30),
        )  # fmt: skip
    rows = [["张大宝", "", "未参保", "0"], ["李秀英", people["li"].id_number, "未参保", "10"]]

    record = ingest(
        clerks["health"], "health-uninsured-cost", make_file(rows, header=header_of("health-uninsured-cost"))
    )

    assert record.status == UploadStatus.DONE, record.message
    assert (record.rows_read, record.rows_valid, record.rows_error, record.rows_matched) == (2, 1, 1, 1)
    assert list(Alert.objects.values_list("person_name", flat=True)) == ["李秀英"]
    reasons = error_reasons(record)
    assert list(reasons) == [2] and reasons[2].startswith("身份证号")
