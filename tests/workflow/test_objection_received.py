"""Objections (review finding 10): anonymous, with the day received, and entered after the publicity passed when
received within it — which reopens nothing but holds the case until verified."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.errors import ApplicationError
from tests.clock import today
from tests.workflow.helpers import act
from tests.workflow.steps_helpers import actor_for, open_case, walk_to
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import CaseStep
from workflow.services.cases import MSG_LATE_OBJECTION_OPEN
from workflow.services.deadlines import publicity_complete_due
from workflow.services.objections import (
    MSG_OBJECTOR_REQUIRED,
    MSG_RECEIVED_AFTER,
    MSG_RECEIVED_BEFORE,
    MSG_RECEIVED_FUTURE,
    MSG_RECORDED,
    MSG_RECORDED_LATE,
    objection_add,
    objection_resolve,
)

pytestmark = pytest.mark.django_db


def _at_publicity(personas, household):
    case = open_case(personas, household)
    walk_to(personas, case, "village_publicity")
    return case


def test_an_anonymous_objection_has_no_name_for_anyone(personas, login, household_a):
    case = _at_publicity(personas, household_a)
    with pytest.raises(ValidationError) as error:
        objection_add(actor=personas.cadre_a, case=case, step_code="village_publicity", content="有小轿车")
    assert error.value.message_dict["raised_by_name"] == [MSG_OBJECTOR_REQUIRED]
    objection = objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", content="有小轿车", anonymous=True,
        raised_by_name="不应记下",
    )  # fmt: skip
    assert (objection.anonymous, objection.raised_by_name) == (True, "")
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "匿名" in page and "不应记下" not in page
    rows = login(personas.township).get(f"/api/v1/objections/?case={case.pk}").json()["results"]
    assert (rows[0]["raised_by_name"], rows[0]["anonymous"]) == ("匿名", True)


def test_the_received_day_is_not_in_the_future_nor_before_the_publicity(personas, login, household_a):
    case = _at_publicity(personas, household_a)
    for day, message in [
        (today() + dt.timedelta(days=1), MSG_RECEIVED_FUTURE),
        (today() - dt.timedelta(days=1), MSG_RECEIVED_BEFORE.format(date=f"{today():%Y-%m-%d}")),
    ]:
        with pytest.raises(ValidationError) as error:
            objection_add(
                actor=personas.cadre_a, case=case, step_code="village_publicity", raised_by_name="李四",
                content="疑问", raised_on=day,
            )  # fmt: skip
        assert error.value.message_dict["raised_on"] == [message]
    # The page form asks for it, defaulting to today; the API refuses a future day with 400.
    client = login(personas.cadre_a)
    form = client.get(f"/workflow/cases/{case.pk}/objections/new/?step=village_publicity").content.decode()
    assert "收到日期" in form and f'value="{today():%Y-%m-%d}"' in form and "匿名" in form
    api = client.post(
        "/api/v1/objections/",
        {"case": case.pk, "step_code": "village_publicity", "anonymous": True, "content": "疑问",
         "raised_on": f"{today() + dt.timedelta(days=1):%Y-%m-%d}"},
        content_type="application/json",
    )  # fmt: skip
    assert api.status_code == 400 and MSG_RECEIVED_FUTURE in api.content.decode()


def test_an_objection_received_in_time_is_recorded_after_the_automatic_pass_and_holds_the_case(
    personas, login, household_a
):
    case = _at_publicity(personas, household_a)
    step = CaseStep.objects.get(case=case, step__code="village_publicity")
    opened_on = today() - dt.timedelta(days=7)
    CaseStep.objects.filter(pk=step.pk).update(
        opened_at=timezone.now() - dt.timedelta(days=7), ends_on=opened_on + dt.timedelta(days=5), posted_on=opened_on
    )
    assert publicity_complete_due(today=today()) == 1
    nxt = CaseStep.objects.select_related("step").filter(case=case, status=CaseStepStatus.OPEN).get()

    with pytest.raises(ValidationError) as error:  # arrived after the period: not a publicity objection
        objection_add(
            actor=personas.cadre_a, case=case, step_code="village_publicity", anonymous=True, content="晚到",
            raised_on=today(),
        )  # fmt: skip
    ended = opened_on + dt.timedelta(days=5)
    assert error.value.message_dict["raised_on"] == [MSG_RECEIVED_AFTER.format(date=f"{ended:%Y-%m-%d}")]
    late = objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", raised_by_name="王某某",
        content="有商品房", raised_on=opened_on + dt.timedelta(days=2),
    )  # fmt: skip

    # Recorded on the passed step, which stays passed; the case's next step may not pass until it is verified.
    step.refresh_from_db()
    assert late.recorded_late and step.status == CaseStepStatus.DONE
    # Its automatic "公示期满，无异议" no longer stands alone (the re-check found the record contradicting itself).
    received = opened_on + dt.timedelta(days=2)
    assert step.note.startswith("公示期满，无异议；另有") and f"{received:%Y-%m-%d}收到的异议于期满后补登" in step.note
    actor = actor_for(personas, nxt.step.role)
    with pytest.raises(ApplicationError, match=MSG_LATE_OBJECTION_OPEN.format(step="村级公示")):
        act(actor=actor, case=case, step_code=nxt.step.code, outcome=Outcome.PASS)
    tasks = login(personas.cadre_a).get("/workflow/").content.decode()
    assert "待核实的异议（公示期满后补登）" in tasks and "有商品房" in tasks
    page = login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "期满后补登" in page
    objection_resolve(actor=personas.cadre_a, objection=late, upheld=False, resolution="经核实为他人房产")
    act(actor=actor, case=case, step_code=nxt.step.code, outcome=Outcome.PASS)
    assert CaseStep.objects.get(pk=nxt.pk).status == CaseStepStatus.DONE


def test_the_page_says_a_late_objection_leaves_the_publicity_passed_and_holds_the_later_steps(
    personas, login, household_a
):
    case = _at_publicity(personas, household_a)
    step = CaseStep.objects.get(case=case, step__code="village_publicity")
    opened_on = today() - dt.timedelta(days=7)
    CaseStep.objects.filter(pk=step.pk).update(
        opened_at=timezone.now() - dt.timedelta(days=7), ends_on=opened_on + dt.timedelta(days=5), posted_on=opened_on
    )
    assert publicity_complete_due(today=today()) == 1
    client = login(personas.cadre_a)
    url = f"/workflow/cases/{case.pk}/objections/new/"
    page = client.get(f"{url}?step=village_publicity").content.decode()
    token = re.search(r'name="once" value="([0-9a-f-]{36})"', page).group(1)

    received = opened_on + dt.timedelta(days=2)
    response = client.post(url, {"step_code": "village_publicity", "raised_by_name": "王某某", "content": "有商品房",
                                 "raised_on": f"{received:%Y-%m-%d}", "once": token}, follow=True)  # fmt: skip

    said = response.content.decode()
    assert MSG_RECORDED_LATE in said and MSG_RECORDED not in said
    assert "该公示环节已通过；异议核实处理前，案件后续环节不能通过" in said
