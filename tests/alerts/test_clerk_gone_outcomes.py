"""Review alertsapi, finding 3: the department reads 已故 and 已迁出 as the outcome of its own alerts and nothing of the
member's mark that the verification made in the registry (DOMAIN.md: a clerk "sees no household registry beyond
that"): not the 去世/迁出 date, the 迁出原因, the member's status or the page's words about the mark, in the API or on
its outcomes page; and the note written for it may not hand them on (alerts.services.department_note)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alerts.api_outcomes import OutcomeSerializer
from alerts.models import Alert
from alerts.services.department_note import department_note_problem
from alerts.services.verification import alert_verify
from tests.alerts.conftest import csv_file, header_of, ingest
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"
DIED = dt.date(2026, 1, 17)  # days no other date of the alert falls on
LEFT = dt.date(2026, 2, 23)
# What the registry holds of the marks, which the department is not to read (words of the page's and the visit's).
REGISTRY_WORDS = ("不再计入家庭人口", "标记", "婚出", "去世日期", "迁出日期", "living_status", "member_gone", "left_on")


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def verified(personas, clerks, people, county):
    """李秀英 verified 已故 (died DIED) and 赵老汉, who lived alone, 已迁出 (LEFT, 婚出), marked so."""
    alone = HouseholdFactory(village=county.village_a, head_name="赵老汉")
    zhao = MemberFactory(household=alone, name="赵老汉", birth_date=dt.date(1940, 2, 2))
    rows = [["李秀英", people["li"].id_number, "未参保", "10"], ["赵老汉", zhao.id_number, "未参保", "10"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=today())
    alerts = {a.person_name: a for a in Alert.objects.all()}
    common = {"actor": personas.cadre_a, "visited_on": today(), "department_note": "经入户核实，情况属实"}
    alert_verify(alert=alerts["李秀英"], outcome="deceased", note="入户了解，已病故", left_on=DIED, **common)
    alert_verify(alert=alerts["赵老汉"], outcome="moved", note="婚后迁往南昌", left_on=LEFT, left_reason="marriage",
                 **common)  # fmt: skip
    return alerts


def test_the_clerk_reads_the_outcome_and_nothing_of_the_members_mark(clerks, verified, login):
    client = login(clerks["health"])

    listed = client.get("/api/v1/alerts/", {"status": "verified"})
    rows = {row["person_name"]: row for row in listed.json()["results"]}
    assert (rows["李秀英"]["outcome_display"], rows["赵老汉"]["outcome_display"]) == ("已故", "已迁出")
    assert all(set(row) == set(OutcomeSerializer.Meta.fields) for row in rows.values())
    one = client.get(f"/api/v1/alerts/{verified['李秀英'].pk}/")
    assert set(one.json()) == set(OutcomeSerializer.Meta.fields)
    page = client.get("/alerts/outcomes/", {"status": "verified"}).content.decode()
    assert "已故" in page and "已迁出" in page

    for body in (listed.content.decode(), one.content.decode(), page):
        assert f"{DIED:%Y-%m-%d}" not in body and f"{LEFT:%Y-%m-%d}" not in body
        assert not [word for word in REGISTRY_WORDS if word in body]


@pytest.mark.parametrize(
    ("outcome", "note", "found"),
    [
        ("deceased", "此人已于2026-01-17去世", "去世日期“2026-01-17”"),
        ("deceased", "经核实，1月17日病故", "去世日期“1月17日”"),
        ("moved", "2026年2月婚出，已迁往外省", "迁出日期“2026年2月”、迁出原因“婚出”"),
        ("moved", "外出务工，已不在本村", "迁出原因“外出务工”"),
    ],
)
def test_a_note_for_the_department_may_not_say_when_or_why_the_person_left(outcome, note, found):
    assert found in department_note_problem(note, outcome=outcome)


def test_the_outcome_alone_may_be_said_and_a_date_with_other_outcomes(personas, clerks, verified):
    assert department_note_problem("经入户核实，此人已故", outcome="deceased") == ""
    assert department_note_problem("经入户核实，此人已迁出本村", outcome="moved") == ""
    assert department_note_problem("身份证号与姓名不符，请核对；2026-11-03 入户", outcome="wrong_data") == ""


def test_the_page_and_the_api_refuse_it_before_anything_is_saved(personas, clerks, people, county, login):
    rows = [["李秀英", people["li"].id_number, "未参保", "10"]]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=today())
    alert = Alert.objects.get()
    client = login(personas.cadre_a)
    body = {"outcome": "deceased", "visited_on": f"{today():%Y-%m-%d}", "note": "入户了解，已病故",
            "left_on": f"{DIED:%Y-%m-%d}", "department_note": "已于2026年1月17日去世"}  # fmt: skip

    api = client.post(f"/api/v1/alerts/{alert.pk}/verify/", body, "application/json")
    assert api.status_code == 400 and "去世日期“2026年1月17日”" in api.json()["department_note"][0]
    form = client.post(f"/alerts/{alert.pk}/", body).context["form"]
    assert "去世日期“2026年1月17日”" in form.errors["department_note"][0]
    with pytest.raises(ValidationError):
        alert_verify(actor=personas.cadre_a, alert=alert, outcome="deceased", visited_on=today(),
                     note="入户了解，已病故", left_on=DIED, department_note="已于2026年1月17日去世")  # fmt: skip
    assert Alert.objects.get(pk=alert.pk).status == "pending"
