"""转交至所在村 across townships (review finding: an application that reached a village of another township than the
applicant's household had no way out; the township may transfer within its own villages only). The county bureau,
whose scope is the whole county, transfers it, audited with both villages and their townships; the township is told
the county does it, and neither the township nor the village cadre learns anything of the other township's household.
"""

import datetime as dt

import pytest

from accounts.choices import Role
from accounts.models import AuditEvent
from households.choices import HouseholdType, Relation
from households.services import registry
from tests.factories import UserFactory
from tests.households.conftest import make_id, member_row
from tests.workflow.test_applications_village import apply
from workflow.models.applications import Application
from workflow.services import application_transfer as transfer

pytestmark = pytest.mark.django_db

SPOUSE_ID = make_id(dt.date(1974, 9, 18), 36)
TELLING = ("陈建国", "虬津镇", "张公渡村")  # the household's head and where it is: none of the township's business


@pytest.fixture
def household_c(personas, county):
    """陈建国户 of 虬津镇张公渡村 (the other township's village); 刘桂兰 is his wife."""
    rows = [
        member_row("陈建国", Relation.HEAD, dt.date(1972, 4, 8), 33),
        member_row("刘桂兰", Relation.SPOUSE, dt.date(1974, 9, 18), 36),
    ]
    return registry.household_create(
        actor=personas.county_officer, village=county.village_c, members=rows, household_type=HouseholdType.ORDINARY
    )


@pytest.fixture
def misplaced(county, household_c):
    """刘桂兰 applied through 涂埠镇城北村's poster."""
    return apply(county.village_b, name="刘桂兰", id_number=SPOUSE_ID)


def _url(application, tail=""):
    return f"/workflow/applications/{application.pk}/{tail}"


def test_the_county_transfers_it_across_townships_audited(misplaced, personas, login, county, household_c):
    officer = login(personas.county_officer)
    page = officer.get(_url(misplaced)).content.decode()
    assert f"陈建国户（{household_c.number}）" in page and _url(misplaced, "transfer/") in page
    assert "转交至所在村（虬津镇张公渡村）" in page

    response = officer.post(_url(misplaced, "transfer/"), follow=True)

    moved = Application.objects.get(pk=misplaced.pk)
    assert (moved.village, moved.region_path) == (county.village_c, county.village_c.path)
    assert "已转交虬津镇张公渡村办理" in response.content.decode()
    event = AuditEvent.objects.get(action="workflow.application_transfer")
    assert event.actor == personas.county_officer
    assert (event.before, event.after) == ({"village": "城北村"}, {"village": "张公渡村"})
    assert "由涂埠镇城北村转交虬津镇张公渡村" in event.summary and household_c.number in event.summary
    cadre_c = UserFactory(
        username="cadre_c", role=Role.VILLAGE_CADRE, region_path=county.village_c.path, region_name="张公渡村"
    )
    village_c = login(cadre_c).get(_url(misplaced)).content.decode()
    assert "记录入户核实并转为识别案件" in village_c and "陈建国户" in village_c
    # Out of 涂埠镇 now: its township and 城北村 no longer see it.
    assert login(personas.township).get(_url(misplaced)).status_code == 404
    assert login(personas.cadre_b).get(_url(misplaced)).status_code == 404


def test_the_township_is_told_the_county_transfers_it_and_learns_nothing_of_the_household(
    misplaced, personas, login, household_c
):
    township = login(personas.township)

    page = township.get(_url(misplaced)).content.decode()

    assert "data-county-transfers" in page
    assert "申报人已登记在本乡镇以外的农户档案中" in page
    assert "请联系县乡村振兴局把本申报转交至申报人所在村" in page
    assert _url(misplaced, "transfer/") not in page and "登记该户" not in page
    assert [word for word in TELLING if word in page] == [] and household_c.number not in page

    response = township.post(_url(misplaced, "transfer/"), follow=True)

    answer = response.content.decode()
    assert response.status_code == 200 and transfer.MSG_COUNTY_TRANSFERS in answer
    assert [word for word in TELLING if word in answer] == [] and household_c.number not in answer
    assert Application.objects.get(pk=misplaced.pk).village_id == misplaced.village_id
    assert not AuditEvent.objects.filter(action="workflow.application_transfer").exists()


def test_the_village_cadre_learns_nothing_of_the_household_and_cannot_transfer(misplaced, personas, login, household_c):
    cadre = login(personas.cadre_b)

    page = cadre.get(_url(misplaced)).content.decode()

    assert "申报人已登记在本辖区以外的农户档案中" in page and "data-county-transfers" not in page
    assert [word for word in TELLING if word in page] == [] and household_c.number not in page
    assert cadre.post(_url(misplaced, "transfer/")).status_code == 403
    assert Application.objects.get(pk=misplaced.pk).village_id == misplaced.village_id


def test_the_service_refuses_the_township_across_townships(misplaced, personas):
    with pytest.raises(Exception, match="跨乡镇转交由县乡村振兴局办理"):
        transfer.application_transfer(actor=personas.township, application=misplaced)
