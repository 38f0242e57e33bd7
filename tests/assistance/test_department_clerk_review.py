"""Review of the department clerk's measure pages: a submit from a page opened before the measure was closed says
why nothing was saved and gives the typed text back; the list finds a person by the ID number the clerk sees
masked (whole, audited as the registry's searches are, or its last 4), not by the 户编号 the clerk never sees; a
start date after the end date names the end date the clerk cannot edit; a progress note added later carries its
date and author."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from assistance.choices import MeasureStatus
from assistance.forms_department import SEARCH_PLACEHOLDER
from assistance.services import department, plans
from households.idnumber import mask
from households.services.id_search import MSG_PARTIAL, SEARCH
from tests.assistance.test_department_member import put as put_for
from tests.assistance.test_department_progress import put
from tests.clock import today

pytestmark = pytest.mark.django_db
LIST = "/assistance/department/"
API = "/api/v1/assistance/department-measures/"


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.county_officer, household=monitored_a)


def test_a_note_sent_after_the_measure_was_closed_is_refused_aloud_and_given_back(client, personas, plan):
    doctor = put(plan, status=MeasureStatus.IN_PROGRESS)
    client.force_login(personas.clerk)
    closed = client.post(f"{LIST}{doctor.pk}/", {"note": "已签约随访", "on": today().isoformat()})  # tab A
    assert closed.status_code == 302

    # Tab B, opened before: its 登记实施情况 form is sent to a closed measure.
    stale = {"progress-starts_on": doctor.starts_on, "progress-note": "第三次随访"}
    response = client.post(f"{LIST}{doctor.pk}/", stale)

    page = response.content.decode()
    assert "措施当前状态为“已完成”，不能改为“实施中”" in page
    assert "该措施现为“已完成”，您提交的内容未保存" in page
    assert "data-unsaved-note" in page and "第三次随访" in page.split("data-unsaved-note")[1]
    doctor.refresh_from_db()
    assert "第三次随访" not in doctor.progress_note


def test_a_second_closing_from_a_stale_page_is_said_too(client, personas, plan):
    doctor = put(plan, status=MeasureStatus.IN_PROGRESS)
    client.force_login(personas.clerk)
    client.post(f"{LIST}{doctor.pk}/", {"note": "已签约", "on": today().isoformat()})

    page = client.post(f"{LIST}{doctor.pk}/", {"note": "已签约并随访", "on": today().isoformat()}).content.decode()

    assert "您提交的内容未保存" in page and "已签约并随访" in page.split("data-unsaved-note")[1]


@pytest.fixture
def two(personas, plan, monitored_a):
    """A member's measure (李秀英, whose masked ID the clerk sees) and a whole household's (its head 张大山)."""
    spouse = monitored_a.members.get(name="李秀英")
    head = monitored_a.members.get(relation="head")
    for_spouse = put_for(plan, "medical_insurance_subsidy", "health", member=spouse)
    whole = put(plan)
    return spouse, head, for_spouse, whole


def test_the_list_finds_by_the_id_number_whole_or_its_last_4(client, personas, two):
    spouse, head, for_spouse, whole = two
    client.force_login(personas.clerk)

    page = client.get(LIST).content.decode()
    assert SEARCH_PLACEHOLDER in page and "户主或成员姓名、身份证号" in page and "户编号" not in page
    assert list(client.get(LIST, {"q": spouse.id_number[-4:]}).context["page"]) == [for_spouse]
    assert list(client.get(LIST, {"q": spouse.id_number}).context["page"]) == [for_spouse]
    assert list(client.get(LIST, {"q": head.id_number}).context["page"]) == [whole]

    rows = client.get(API, {"q": spouse.id_number[-4:]}).json()["results"]
    assert [row["id"] for row in rows] == [for_spouse.pk]
    assert rows[0]["member"]["id_number"] == mask(spouse.id_number)
    assert [row["id"] for row in client.get(API, {"q": head.id_number}).json()["results"]] == [whole.pk]


def test_a_whole_number_search_is_audited_naming_whom_it_found(client, personas, two):
    spouse = two[0]
    client.force_login(personas.clerk)

    client.get(LIST, {"q": spouse.id_number})
    client.get(API, {"q": spouse.id_number})

    events = AuditEvent.objects.filter(action=SEARCH, actor=personas.clerk)
    assert events.count() == 2
    assert all(mask(spouse.id_number) in e.summary and "找到 李秀英" in e.summary for e in events)
    assert spouse.id_number not in events[0].summary
    client.get(LIST, {"q": spouse.id_number[-4:]})
    assert AuditEvent.objects.filter(action=SEARCH).count() == 2  # the last 4 are what the clerk sees


def test_another_part_of_a_number_or_the_household_number_is_refused_saying_why(client, personas, two, monitored_a):
    client.force_login(personas.clerk)
    spouse = two[0]

    response = client.get(LIST, {"q": spouse.id_number[-6:]})
    assert response.status_code == 400 and MSG_PARTIAL in response.content.decode()
    assert list(response.context["page"]) == []
    api = client.get(API, {"q": spouse.id_number[-6:]})
    assert api.status_code == 400 and MSG_PARTIAL in api.json()["q"][0]
    # The 户编号's last 4 find no one unless they are someone's ID number's.
    ends = monitored_a.number[-4:]
    found = client.get(LIST, {"q": ends}).context["page"]
    assert all(m.member and m.member.id_number.endswith(ends) for m in found)


def test_a_start_after_the_end_names_the_end_date(personas, plan):
    ends = today() + dt.timedelta(days=10)
    doctor = put(plan, ends_on=ends)

    with pytest.raises(ValidationError) as error:
        department.measure_progress_by_department(
            actor=personas.clerk, measure=doctor, note="已签约", starts_on=ends + dt.timedelta(days=1)
        )

    assert error.value.message_dict["starts_on"] == [f"开始实施日期不能晚于措施结束日期（{ends:%Y-%m-%d}）。"]


def test_a_note_added_later_shows_its_date_and_author(client, personas, plan):
    doctor = put(plan)
    client.force_login(personas.clerk)
    url = f"{LIST}{doctor.pk}/"
    client.post(url, {"progress-starts_on": doctor.starts_on, "progress-note": "已入户签约"})
    client.post(url, {"progress-starts_on": doctor.starts_on, "progress-note": "已首次随访"})

    page = client.get(url).content.decode()
    clerk = personas.clerk
    added = f"{today():%Y-%m-%d} {clerk.get_department_display()} {clerk.get_short_name()}补充：已首次随访"
    assert added in page.split("data-progress-note")[1]
