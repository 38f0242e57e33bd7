"""An exit's advisories (workflow.advisories: too soon after inclusion, no measure in place, ...) are judgement calls
no seed makes a hard rule (003 §二2(5), 000 §三(三)8 set no minimum monitoring time nor measure): the proposer
confirms having checked them, on the case form (已核实，仍提出风险消除, shown only when there are advisories) and in
the API (confirm_advisories), before the exit is opened (services.case_opening.unconfirmed_advisories)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assistance.choices import MeasureStatus
from tests.workflow.helpers import exit_ready
from tests.workflow.test_exit_advisories import included, line, measure_under_way
from workflow.choices import CaseKind
from workflow.models import Case
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def new_url(household):
    return f"/workflow/households/{household.pk}/cases/new/"


def exit_body(**extra):
    return {"kind": "exit", "discovered_on": f"{timezone.localdate():%Y-%m-%d}", **extra}


def test_the_form_asks_for_the_tick_before_opening_an_exit_with_advisories(personas, login, monitored_a):
    household = exit_ready(included(monitored_a, 0))
    client = login(personas.cadre_a)

    form = client.get(new_url(household)).content.decode()
    assert "已核实，仍提出风险消除" in form and "data-confirm-advisories" in form

    refused = client.post(new_url(household), exit_body())
    assert refused.status_code == 200 and not Case.objects.filter(kind=CaseKind.EXIT).exists()
    page = refused.content.decode()
    assert "逐项核实后仍提出风险消除的，请勾选本项再发起" in page and "纳入监测仅 0 个月" in page

    opened = client.post(new_url(household), exit_body(confirm_advisories="on"))
    assert opened.status_code == 302 and Case.objects.filter(kind=CaseKind.EXIT, household=household).exists()


def test_no_tick_without_advisories(personas, login, monitored_a):
    household = included(monitored_a, 7)
    line(timezone.localdate().year, "7300")
    exit_ready(household)
    measure_under_way(personas.township, household, status=MeasureStatus.DONE)
    client = login(personas.cadre_a)

    assert "已核实，仍提出风险消除" not in client.get(new_url(household)).content.decode()
    assert client.post(new_url(household), exit_body()).status_code == 302


def test_the_service_refuses_an_unconfirmed_exit_naming_the_advisories(personas, monitored_a):
    household = exit_ready(included(monitored_a, 0))
    with pytest.raises(ValidationError) as error:
        case_open(actor=personas.cadre_a, household=household, kind=CaseKind.EXIT)
    [message] = error.value.message_dict["confirm_advisories"]
    assert "纳入监测仅 0 个月" in message and "（1）" in message

    case = case_open(actor=personas.cadre_a, household=household, kind=CaseKind.EXIT, confirm_advisories=True)
    assert case.kind == CaseKind.EXIT


def test_the_api_refuses_it_with_400_until_confirmed(personas, login, monitored_a):
    household = exit_ready(included(monitored_a, 0))
    client = login(personas.cadre_a)

    refused = client.post(
        "/api/v1/cases/", {"household": household.pk, "kind": "exit"}, content_type="application/json"
    )
    assert refused.status_code == 400
    [message] = refused.json()["confirm_advisories"]
    assert "纳入监测仅 0 个月" in message

    body = {"household": household.pk, "kind": "exit", "confirm_advisories": True}
    assert client.post("/api/v1/cases/", body, content_type="application/json").status_code == 201


def test_a_refused_exit_says_its_refusal_not_the_advisories(personas, household_a):
    """Not monitored: the refusal is said (MSG_EXIT_NOT_MONITORED), not a confirmation it could not pass anyway."""
    from config.errors import ApplicationError

    with pytest.raises(ApplicationError):
        case_open(actor=personas.cadre_a, household=household_a, kind=CaseKind.EXIT)
