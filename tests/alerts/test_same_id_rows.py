"""Two rows of one file with the same ID number and different content (review fx_verify 3): the second disease was
dropped without a word (DISTINCT ON kept the first row), counted valid and matched, with no alert, no error row,
nothing for the cadre. The alert now carries every row it stands for, by line, and a row that gives another name
is shown against the registry's name on the alert's page."""

import datetime as dt

import pytest
from django.utils import timezone

from alerts.models import Alert
from tests.alerts.conftest import csv_file, header_of, ingest

pytestmark = pytest.mark.django_db
CODE = "health-serious-illness"


def _ingest(clerks, rows):
    return ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=timezone.localdate())


def test_a_second_row_of_the_same_person_is_carried_on_the_alert(clerks, people, personas, login):
    day = f"{timezone.localdate() - dt.timedelta(days=3):%Y-%m-%d}"
    number = people["zhang"].id_number
    rows = [
        ["张大山", number, "白血病", day],
        ["王五", people["wang"].id_number, "肺癌", day],
        ["张大山", number, "尿毒症", day],
    ]

    record = _ingest(clerks, rows)

    (alert,) = Alert.objects.filter(id_number=number)
    assert (record.rows_valid, record.rows_error, record.alerts_raised) == (3, 0, 2)
    assert "第2行：" in alert.detail and "白血病" in alert.detail
    assert "第4行：" in alert.detail and "尿毒症" in alert.detail
    assert not alert.name_differs
    page = login(personas.cadre_a).get(f"/alerts/{alert.pk}/").content.decode()
    assert "白血病" in page and "尿毒症" in page
    # A person named once keeps the row's own detail.
    assert not Alert.objects.get(id_number=people["wang"].id_number).detail.startswith("第")


def test_a_row_that_names_someone_else_is_shown_against_the_registrys_name(clerks, people, personas, login):
    day = f"{timezone.localdate() - dt.timedelta(days=3):%Y-%m-%d}"
    number = people["zhang"].id_number

    _ingest(clerks, [["张大山", number, "白血病", day], ["张达山", number, "尿毒症", day]])

    alert = Alert.objects.get(id_number=number)
    assert "第3行（报送姓名：张达山）：" in alert.detail
    assert alert.name_differs and alert.names_differing == [(3, "张达山")]
    page = login(personas.cadre_a).get(f"/alerts/{alert.pk}/").content.decode()
    assert "报送姓名：张达山（第 3 行），档案姓名：张大山" in page
    # The department reads its own rows, never the registry's name.
    outcomes = login(personas.clerk).get("/alerts/outcomes/").content.decode()
    assert "尿毒症" in outcomes and "档案姓名" not in outcomes
