"""Objections API: list (scoped, by case), record on an open publicity, resolve; through the same services."""

import pytest

from config.api_ids import MSG_NO_SUCH_ID
from households.choices import MonitoringCategory
from tests.workflow.helpers import case_act
from workflow.choices import CaseKind, Channel, Outcome
from workflow.models import Objection
from workflow.services.cases import case_open
from workflow.services.objections import MSG_OBJECTION_NOT_PUBLICITY, MSG_RESOLUTION_REQUIRED

pytestmark = pytest.mark.django_db


@pytest.fixture
def publicity_case(personas, household_a):
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    return case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)


def create(client, case, step_code="village_publicity", **extra):
    body = {"case": case.pk, "step_code": step_code, "raised_by_name": "李四", "content": "该户有小轿车", **extra}
    return client.post("/api/v1/objections/", body, content_type="application/json")


def test_create_list_and_resolve(personas, login, publicity_case):
    client = login(personas.cadre_a)
    response = create(client, publicity_case)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["case"], body["step_code"], body["blocks"], body["upheld"]) == (
        publicity_case.pk,
        "village_publicity",
        True,
        None,
    )
    rows = client.get(f"/api/v1/objections/?case={publicity_case.pk}").json()["results"]
    assert [row["id"] for row in rows] == [body["id"]]
    assert client.get("/api/v1/objections/?case=999999").json() == {"case": [MSG_NO_SUCH_ID.format(value=999999)]}
    url = f"/api/v1/objections/{body['id']}/resolve/"
    missing = client.post(url, {"upheld": False, "resolution": " "}, content_type="application/json")
    assert missing.status_code == 400
    # The serializer refuses a blank resolution before the service does; either way it is said in Chinese.
    assert "resolution" in missing.json().get("errors", missing.json())
    resolved = client.post(url, {"upheld": False, "resolution": "车辆为农用车"}, content_type="application/json")
    assert resolved.status_code == 200
    assert (resolved.json()["upheld"], resolved.json()["blocks"]) == (False, False)
    again = client.post(url, {"upheld": True, "resolution": "再次"}, content_type="application/json")
    assert again.status_code == 400 and "已核实处理" in again.json()["detail"]
    assert publicity_case.events.filter(action="objection_resolve").exists()


def test_who_recorded_it_reads_the_name_back_and_the_page_asks_before_resolving(personas, login, publicity_case):
    client = login(personas.cadre_a)
    body = create(client, publicity_case).json()
    assert body["raised_by_name"] == "李四"
    page = client.get(f"/workflow/objections/{body['id']}/resolve/").content.decode()
    assert "data-confirm-rules=" in page and "异议成立" in page and "不能撤回" in page


def test_only_on_an_open_publicity(personas, login, publicity_case):
    response = create(login(personas.cadre_a), publicity_case, step_code="village_review")
    assert response.status_code == 400 and response.json()["detail"] == MSG_OBJECTION_NOT_PUBLICITY
    assert not Objection.objects.exists()


def test_out_of_scope_is_404_and_wrong_role_403(personas, login, publicity_case):
    objection_id = create(login(personas.cadre_a), publicity_case).json()["id"]
    other = login(personas.cadre_b)
    assert other.get(f"/api/v1/objections/{objection_id}/").status_code == 404
    assert other.get("/api/v1/objections/").json()["results"] == []
    resolve = {"upheld": False, "resolution": "x"}
    assert (
        other.post(f"/api/v1/objections/{objection_id}/resolve/", resolve, content_type="application/json").status_code
        == 404
    )
    # Another village's cadre cannot name the case either.
    assert create(other, publicity_case).status_code == 400
    # The township sees it but the village publicity is the cadre's to verify.
    township = login(personas.township)
    assert township.get(f"/api/v1/objections/{objection_id}/").status_code == 200
    denied = township.post(f"/api/v1/objections/{objection_id}/resolve/", resolve, content_type="application/json")
    assert denied.status_code == 403 and "须由" in denied.json()["detail"]


def test_resolution_required_by_the_service(personas, publicity_case):
    from django.core.exceptions import ValidationError

    from workflow.services.objections import objection_add, objection_resolve

    objection = objection_add(
        actor=personas.cadre_a, case=publicity_case, step_code="village_publicity", raised_by_name="李四", content="x"
    )
    with pytest.raises(ValidationError) as error:
        objection_resolve(actor=personas.cadre_a, objection=objection, upheld=False, resolution="  ")
    assert error.value.message_dict == {"resolution": [MSG_RESOLUTION_REQUIRED]}


def test_overlong_text_is_refused_in_chinese_not_a_server_error(personas, login, publicity_case):
    client = login(personas.cadre_a)
    response = create(client, publicity_case, content="异" * 450)
    assert response.status_code == 400 and "不能超过 400 字" in response.content.decode()
    objection_id = create(client, publicity_case).json()["id"]
    url = f"/api/v1/objections/{objection_id}/resolve/"
    response = client.post(url, {"upheld": False, "resolution": "核" * 450}, content_type="application/json")
    assert response.status_code == 400 and "不能超过 400 字" in response.content.decode()


def test_the_objectors_name_is_read_only_by_those_who_verify_the_objection(personas, login, publicity_case):
    objection_id = create(login(personas.cadre_a), publicity_case).json()["id"]

    for user, shown in ((personas.cadre_a, "李四"), (personas.township, "（反映人信息保密）")):
        client = login(user)
        [row] = client.get(f"/api/v1/objections/?case={publicity_case.pk}").json()["results"]
        assert (row["id"], row["raised_by_name"]) == (objection_id, shown), user.username
        page = client.get(f"/workflow/cases/{publicity_case.pk}/").content.decode()
        assert shown in page and "该户有小轿车" in page
        if shown != "李四":
            assert "李四" not in page
