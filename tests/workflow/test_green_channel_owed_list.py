"""Review finding (steps 1): a township opened a green-channel case and passed its 乡镇审核; 村级评议 and 村级公示 were
owed, yet /workflow/green-channel/ said 共 0 件 (a case was owed only once the county had approved). Owed now runs
from the township's audit done ahead; the page names the owed steps and how long they are owed, lists the 超期 ones
first, and filters by village so a township can chase them."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.workflow.helpers import case_act
from tests.workflow.test_green_channel import open_green
from workflow.choices import Outcome
from workflow.models import Case, Procedure
from workflow.selectors import case_detail

pytestmark = pytest.mark.django_db


def audited_ahead(personas, household, **extra):
    case = open_green(personas.county_officer, household, **extra)
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    return case


def test_a_case_the_township_audited_ahead_is_listed_with_its_owed_steps(personas, login, household_a):
    case = audited_ahead(personas, household_a)
    client = login(personas.township)
    response = client.get("/workflow/green-channel/")
    assert response.context["page"].paginator.count == 1
    page = response.content.decode()
    assert "张大山" in page and "共 1 件" in page
    assert "欠办环节：" in page and "村级评议" in page and "村级公示" in page
    assert "自“乡镇审核”通过" in page and "已欠办 0 天" in page
    # The case page says the same, without claiming the county approved.
    detail = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "乡镇审核已先行通过。欠办环节" in detail and "县级已先行审批" not in detail
    assert [cs.step.code for cs in case_detail(actor=personas.township, pk=case.pk).owed_steps][:2] == [
        "village_review",
        "village_publicity",
    ]


def test_a_case_nobody_went_ahead_with_yet_owes_nothing(personas, login, household_a):
    open_green(personas.county_officer, household_a)
    assert login(personas.township).get("/workflow/green-channel/").context["page"].paginator.count == 0


def test_overdue_first_and_a_village_filter(personas, login, household_a, household_b):
    Procedure.objects.filter(code="yongxiu_identification").update(limit_days=15)
    recent = audited_ahead(personas, household_a)
    late = audited_ahead(personas, household_b)
    Case.objects.filter(pk=late.pk).update(created_at=timezone.now() - dt.timedelta(days=16))
    client = login(personas.township)

    listed = client.get("/workflow/green-channel/").context["page"].object_list
    assert [c.pk for c in listed] == [late.pk, recent.pk]
    assert listed[0].overdue and not listed[1].overdue

    response = client.get("/workflow/green-channel/", {"village": household_a.village.code})
    assert "village" in response.context["form"].fields
    assert [c.pk for c in response.context["page"].object_list] == [recent.pk]
    assert 'name="village"' in response.content.decode()
