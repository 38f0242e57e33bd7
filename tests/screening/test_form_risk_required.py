# ruff: noqa: F811 (the fixtures imported from test_form_findings are parameters here)
"""Reviewer's finding 1: the 入户排查表 accepted 13① 疑似存在返贫致贫风险 with no 存在的返贫致贫风险 chosen; its
visit then recorded no risk (risk_found=False) and the 附件2 ledger said 是 with an empty risk column, where the
ordinary visit refuses a risk found without its type. The form, its edit and the API now refuse it at the risk
field, and no confirmation (判定核实无误) lets it through."""

import pytest
from django.core.exceptions import ValidationError

from households.models import Visit
from screening.models import ScreeningForm
from screening.services import campaigns
from screening.services.form_findings import MSG_RISK_TYPE_REQUIRED
from tests.clock import today
from tests.screening.test_form_findings import HOUSING, campaign, household  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_at_risk_without_a_risk_is_refused_at_the_risk_field_even_when_confirmed(campaign, household, personas):
    for confirmed in (False, True):
        with pytest.raises(ValidationError) as refused:
            campaigns.form_submit(
                actor=personas.cadre_a, campaign=campaign, household=household, answers=HOUSING, at_risk=True,
                confirm_judgement=confirmed,
            )  # fmt: skip

        assert refused.value.message_dict["risk_types"] == [MSG_RISK_TYPE_REQUIRED]
    assert not ScreeningForm.objects.exists() and not Visit.objects.exists()


def test_at_risk_with_its_risk_is_saved_and_its_visit_records_the_risk(campaign, household, personas):
    campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=household, answers=HOUSING, at_risk=True,
        risk_types=["unsafe_housing"],
    )  # fmt: skip

    visit = Visit.objects.get(household=household)
    assert (visit.risk_found, visit.risk_types) == (True, ["unsafe_housing"])


def test_correcting_a_form_to_at_risk_without_a_risk_is_refused_and_the_form_stays(campaign, household, personas):
    form = campaigns.form_submit(actor=personas.cadre_a, campaign=campaign, household=household, answers={})

    with pytest.raises(ValidationError) as refused:
        campaigns.form_update(
            actor=personas.cadre_a, form=form, answers={}, at_risk=True, propose_monitoring=False,
            filled_on=form.filled_on, confirm_judgement=True,
        )  # fmt: skip

    assert refused.value.message_dict["risk_types"] == [MSG_RISK_TYPE_REQUIRED]
    assert ScreeningForm.objects.get(pk=form.pk).at_risk is False


def test_the_api_refuses_it_on_create_and_on_patch(campaign, household, personas, login):
    client = login(personas.cadre_a)
    body = {"campaign": campaign.pk, "household": household.pk, "answers": HOUSING, "at_risk": True}

    created = client.post("/api/v1/screening-forms/", body, content_type="application/json")
    saved = client.post(
        "/api/v1/screening-forms/", {**body, "at_risk": False, "answers": {}}, content_type="application/json"
    )
    patched = client.patch(
        f"/api/v1/screening-forms/{saved.json()['id']}/", {"at_risk": True}, content_type="application/json"
    )

    assert created.status_code == 400 and created.json()["risk_types"] == [MSG_RISK_TYPE_REQUIRED]
    assert saved.status_code == 201, saved.content
    assert patched.status_code == 400 and patched.json()["risk_types"] == [MSG_RISK_TYPE_REQUIRED]
    assert ScreeningForm.objects.get().at_risk is False


def test_the_page_shows_it_at_the_risk_field(campaign, household, personas, login):
    response = login(personas.cadre_a).post(
        f"/campaigns/{campaign.pk}/households/{household.pk}/form/",
        {"filled_on": today().isoformat(), "at_risk": "on", "item_3_checked": ["housing_2"], "item_3_problem": "墙裂"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["risk_types"] == [MSG_RISK_TYPE_REQUIRED]
    assert MSG_RISK_TYPE_REQUIRED in response.content.decode()
    assert not ScreeningForm.objects.exists()
