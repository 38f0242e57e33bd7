"""An exit refused lately (未通过: an objection upheld at publicity, the township or the county said 不通过) changes
nothing on the household's record, so the next exit's proposer is told of it, with the step and its reason: an
advisory to confirm on the case form and in the API, for REFUSED_EXIT_DAYS; no guarantee or status is changed."""

import datetime as dt

import pytest

from tests.clock import today
from tests.workflow.helpers import act_after_publicity, exit_ready
from workflow.advisories import exit_advisories
from workflow.choices import CaseKind, CaseStatus, Outcome
from workflow.models import Case
from workflow.models.procedures import REFUSED_EXIT_DAYS
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused(personas, monitored_a):
    """An exit the township refused at its audit."""
    exit_ready(monitored_a)
    case = case_open(
        actor=personas.cadre_a, household=monitored_a, kind=CaseKind.EXIT, confirm_advisories=True, channel=""
    )
    for actor, code in ((personas.cadre_a, "village_review"), (personas.cadre_a, "village_publicity")):
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)
    case = act_after_publicity(
        actor=personas.township,
        case=case,
        step_code="township_audit",
        outcome=Outcome.REJECT,
        note="家中长子务工刚满两个月，收入尚不稳定",
    )
    assert case.status == CaseStatus.REJECTED
    return case


def test_a_new_exit_shows_the_refused_one_with_its_reason_until_confirmed(refused, personas, login, monitored_a):
    client = login(personas.cadre_a)
    said = f"该户{today():%Y-%m-%d}的风险消除未通过"
    reason = "家中长子务工刚满两个月，收入尚不稳定"

    form = client.get(f"/workflow/households/{monitored_a.pk}/cases/new/").content.decode()
    unconfirmed = client.post("/api/v1/cases/", {"household": monitored_a.pk, "kind": "exit"})
    monitored_a.refresh_from_db()
    confirmed = client.post("/api/v1/cases/", {"household": monitored_a.pk, "kind": "exit", "confirm_advisories": True})

    assert said in form and reason in form
    assert unconfirmed.status_code == 400
    assert said in unconfirmed.json()["confirm_advisories"][0] and reason in unconfirmed.json()["confirm_advisories"][0]
    assert confirmed.status_code == 201
    assert monitored_a.monitoring_category  # the refusal changed nothing on the record


def test_an_exit_refused_long_ago_is_not_recalled(refused, monitored_a):
    Case.objects.filter(pk=refused.pk).update(closed_on=today() - dt.timedelta(days=REFUSED_EXIT_DAYS + 1))

    assert not [item for item in exit_advisories(monitored_a, today()) if "风险消除未通过" in item]
