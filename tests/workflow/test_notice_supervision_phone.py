"""公示公告监督电话: the county bureau sets, per county and per township, the number printed on the notices' 异议 line
(checked, audited); each number under the name of the body it belongs to: a township without its own keeps its blank
line and the county's follows under the county's 乡村振兴部门 (printed-matter review, finding 3: the county's number
read as 涂埠镇人民政府's); none keeps the blank line."""

import pytest

from accounts.models import AuditEvent
from households.models import Region
from households.services.region_phones import MSG_PHONE
from tests.workflow.helpers import case_act
from workflow.choices import CaseKind, Channel, Outcome
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db
PAGE = "/regions/phones/"


@pytest.fixture
def publicity(personas, household_a):
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category="sudden_hardship",
    )
    return case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)


def printed(login, personas, county) -> str:
    return login(personas.cadre_a).get(f"/workflow/publicity/{county.village_a.code}/print/").content.decode()


def test_the_county_bureau_sets_the_phones_and_the_village_notice_prints_its_townships(
    personas, login, county, publicity
):
    assert "监督电话：＿＿＿＿＿＿＿＿" in printed(login, personas, county)  # none set: the line to fill in

    client = login(personas.county_officer)
    page = client.get(PAGE).content.decode()
    assert "永修县（县）" in page and "涂埠镇（乡镇）" in page and "城南村" not in page
    form = {f"phone_{county.county.pk}": "12317", f"phone_{county.township.pk}": "", f"phone_{county.township2.pk}": ""}
    assert client.post(PAGE, form).status_code == 302
    page = printed(login, personas, county)  # the township has none: the county's, under the county's name
    assert (
        "也可向涂埠镇人民政府反映（监督电话：＿＿＿＿＿＿＿＿），或向永修县乡村振兴部门反映（监督电话：12317）。"
        in page
    )

    form[f"phone_{county.township.pk}"] = "0792 3221234"
    assert client.post(PAGE, form).status_code == 302
    page = printed(login, personas, county)
    assert "也可向涂埠镇人民政府反映（监督电话：0792-3221234）。" in page and "永修县乡村振兴部门" not in page
    event = AuditEvent.objects.get(action="households.region_phone", object_id=str(county.township.pk))
    assert event.before == {"supervision_phone": ""} and event.after == {"supervision_phone": "0792-3221234"}


def test_a_wrong_number_is_refused_at_its_row_and_nothing_is_saved(personas, login, county):
    client = login(personas.county_officer)
    form = {f"phone_{county.county.pk}": "12317", f"phone_{county.township.pk}": "3221234"}
    page = client.post(PAGE, form).content.decode()
    assert MSG_PHONE.format(name="涂埠镇") in page and 'value="3221234"' in page
    assert set(Region.objects.values_list("supervision_phone", flat=True)) == {""}
    assert not AuditEvent.objects.filter(action="households.region_phone").exists()


def test_only_the_county_bureau_sets_them(personas, login):
    assert login(personas.township).get(PAGE).status_code == 403
    assert login(personas.approver).post(PAGE, {}).status_code == 403
