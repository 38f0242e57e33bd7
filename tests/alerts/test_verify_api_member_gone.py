"""Review alertsapi, finding 2: POST /api/v1/alerts/{id}/verify/ says what the verification did of the member for 已故
and 已迁出, as the page's message does (alerts.services.member_gone): marked now, already marked (as what, since
when), or gone to another household; nothing for the outcomes that keep the person. The answer matches the schema."""

import datetime as dt

import pytest
from django.utils import timezone

from alerts.models import Alert
from alerts.services.member_gone import MSG_ALREADY_MARKED, MSG_ELSEWHERE, MSG_MARKED, MSG_NOBODY_LEFT
from households.choices import LivingStatus
from households.models import Member
from households.services.member_status import member_set_status
from households.services.moves import member_transfer
from tests.alerts.conftest import csv_file, header_of, ingest
from tests.config.schema_check import assert_matches_schema, openapi
from tests.factories import HouseholdFactory, MemberFactory

pytestmark = pytest.mark.django_db
CODE = "health-uninsured-cost"
VERIFY = "/api/v1/alerts/{id}/verify/"


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def alerts(clerks, people, county):
    """张大山 (户主) and 李秀英 (配偶), of one household in village A, and 赵老汉, who lives alone in village A."""
    alone = HouseholdFactory(village=county.village_a, head_name="赵老汉")
    zhao = MemberFactory(household=alone, name="赵老汉", birth_date=dt.date(1940, 2, 2))
    rows = [
        ["张大山", people["zhang"].id_number, "未参保", "10"],
        ["李秀英", people["li"].id_number, "未参保", "10"],
        ["赵老汉", zhao.id_number, "未参保", "10"],
    ]
    ingest(clerks["health"], CODE, csv_file(rows, header=header_of(CODE)), today=today())
    return {a.person_name: a for a in Alert.objects.all()}


@pytest.fixture
def cadre(personas, login):
    return login(personas.cadre_a)


def _verify(client, alert, outcome="deceased", **extra):
    body = {"outcome": outcome, "visited_on": f"{today():%Y-%m-%d}", "note": "入户了解，已病故", **extra}
    response = client.post(VERIFY.format(id=alert.pk), body, "application/json")
    assert response.status_code == 200, response.content
    assert_matches_schema(openapi(client), VERIFY, "post", response)
    return response.json()


def test_the_answer_says_the_member_was_marked_now_with_the_status_and_date(cadre, alerts):
    died = today() - dt.timedelta(days=5)

    answer = _verify(cadre, alerts["李秀英"], left_on=f"{died:%Y-%m-%d}")

    gone = answer["member_gone"]
    assert (gone["mark"], gone["marked"]) == ("marked", True)
    assert gone["mark_display"] == "本次核实已在农户档案中标记"
    assert (gone["member"], gone["member_name"]) == (alerts["李秀英"].member_id, "李秀英")
    assert (gone["living_status"], gone["living_status_display"]) == ("deceased", "已故")
    assert gone["left_on"] == f"{died:%Y-%m-%d}"
    assert gone["message"].startswith(MSG_MARKED.format(name="李秀英", status="已故", on=died))
    assert Member.objects.get(pk=alerts["李秀英"].member_id).living_status == LivingStatus.DECEASED


def test_the_last_member_moved_out_is_marked_and_the_household_left_to_close(cadre, alerts):
    left = today() - dt.timedelta(days=30)

    answer = _verify(cadre, alerts["赵老汉"], outcome="moved", note="随女儿迁往南昌", left_on=f"{left:%Y-%m-%d}",
                     left_reason="marriage")  # fmt: skip

    gone = answer["member_gone"]
    assert (gone["mark"], gone["living_status"], gone["living_status_display"]) == ("marked", "moved_out", "迁出")
    assert gone["left_on"] == f"{left:%Y-%m-%d}" and MSG_NOBODY_LEFT in gone["message"]


def test_a_member_already_marked_is_said_to_be_so_and_as_what(personas, cadre, alerts, people):
    """The head, marked 已故 on the member's own form (with a new head), is then verified 已迁出: the registry keeps
    已故 and its date, and the answer says so, as the page does."""
    died = today() - dt.timedelta(days=3)
    zhang, li = people["zhang"], people["li"]
    member_set_status(actor=personas.cadre_a, member=zhang, status=LivingStatus.DECEASED, on=died, new_head=li)

    answer = _verify(cadre, alerts["张大山"], outcome="moved", note="家属说已迁往外省", left_on=f"{died:%Y-%m-%d}")

    gone = answer["member_gone"]
    assert (gone["mark"], gone["marked"]) == ("already_marked", False)
    assert (gone["living_status"], gone["living_status_display"], gone["left_on"]) == ("deceased", "已故", f"{died}")
    assert gone["message"] == MSG_ALREADY_MARKED.format(name="张大山", status="已故", day=f"（{died:%Y-%m-%d}）")
    assert Member.objects.get(pk=zhang.pk).living_status == LivingStatus.DECEASED


def test_a_member_gone_to_another_household_is_said_so_without_that_households_record(
    personas, cadre, alerts, people, county
):
    other = HouseholdFactory(village=county.village_a, head_name="陈明")
    MemberFactory(household=other, name="陈明")
    member_transfer(actor=personas.county_officer, member=people["li"], target=other, relation="other")

    answer = _verify(cadre, alerts["李秀英"], outcome="moved", note="已随亲属生活", left_on=f"{today():%Y-%m-%d}")

    gone = answer["member_gone"]
    assert (gone["mark"], gone["marked"]) == ("elsewhere", False)
    assert gone["living_status"] is None and gone["living_status_display"] is None and gone["left_on"] is None
    assert gone["message"] == MSG_ELSEWHERE.format(name="李秀英", what="迁出")
    assert Member.objects.get(pk=people["li"].pk).living_status == LivingStatus.LIVING


def test_an_outcome_that_keeps_the_person_says_nothing_of_the_member(cadre, alerts):
    answer = _verify(cadre, alerts["李秀英"], outcome="wrong_data", note="身份证号与姓名不符",
                     department_note="身份证号与姓名不符，请核对")  # fmt: skip

    assert answer["outcome"] == "wrong_data" and answer["member_gone"] is None
