"""Review of 风险消除: two exit rules were constants in code (EXIT_MIN_MONTHS = 6, REFUSED_EXIT_DAYS = 90), while
DOMAIN.md has county differences be configuration. They are the county's exit procedure's now
(风险消除一般须纳入满（月）, 风险消除未通过后提示天数; 6 and 90 by default, migration 0041), edited by the system
administrator on the configuration site within a range, audited as every procedure change, and read by the exit
advisories (workflow.advisories)."""

import datetime as dt

import pytest

from accounts.models import AuditEvent
from households.models import Household
from tests.clock import today
from tests.workflow.helpers import exit_ready
from tests.workflow.test_exit_refused_before import refused  # noqa: F401 (the fixture)
from tests.workflow.test_procedure_admin import procedure_data
from workflow.advisories import exit_advisories
from workflow.models import Case, Procedure
from workflow.services.procedure_config import EXIT_MONTHS_SAID, REFUSED_DAYS_SAID

pytestmark = pytest.mark.django_db

INLINE = {"steps-TOTAL_FORMS": 0, "steps-INITIAL_FORMS": 0}


def _too_soon(household) -> list[str]:
    return [item for item in exit_advisories(household, today()) if "风险消除一般在纳入满" in item]


def _recalled(household) -> list[str]:
    return [item for item in exit_advisories(household, today()) if "风险消除未通过" in item]


def test_the_shipped_exits_carry_the_figures_the_code_had():
    for procedure in Procedure.objects.filter(kind="exit"):
        assert (procedure.exit_min_months, procedure.refused_exit_days) == (6, 90)


def test_the_months_since_inclusion_are_the_countys(monitored_a):
    exit_ready(monitored_a)
    Household.objects.filter(pk=monitored_a.pk).update(monitoring_start=today() - dt.timedelta(days=130))
    monitored_a.refresh_from_db()
    assert _too_soon(monitored_a) and "风险消除一般在纳入满 6 个月后进行" in _too_soon(monitored_a)[0]

    Procedure.objects.filter(code="yongxiu_exit").update(exit_min_months=4)

    assert not _too_soon(monitored_a)


def test_how_long_a_refused_exit_is_recalled_is_the_countys(refused, monitored_a):  # noqa: F811
    Case.objects.filter(pk=refused.pk).update(closed_on=today() - dt.timedelta(days=40))
    assert _recalled(monitored_a)

    Procedure.objects.filter(code="yongxiu_exit").update(refused_exit_days=30)

    assert not _recalled(monitored_a)


def test_the_system_admin_sets_them_within_range_and_the_change_is_audited(personas, login):
    exit_procedure = Procedure.objects.get(code="yongxiu_exit")
    client = login(personas.system_admin)
    url = f"/admin/workflow/procedure/{exit_procedure.pk}/change/"

    for months, days in ((0, 90), (25, 90), (6, 0), (6, 366)):
        page = client.post(url, procedure_data(exit_procedure, exit_min_months=months, refused_exit_days=days) | INLINE)
        text = page.content.decode()
        assert page.status_code == 200 and (EXIT_MONTHS_SAID in text or REFUSED_DAYS_SAID in text), (months, days)
    saved = client.post(url, procedure_data(exit_procedure, exit_min_months=9, refused_exit_days=180) | INLINE)

    assert saved.status_code == 302
    exit_procedure.refresh_from_db()
    assert (exit_procedure.exit_min_months, exit_procedure.refused_exit_days) == (9, 180)
    event = AuditEvent.objects.filter(action="workflow.procedure_save", actor=personas.system_admin).latest("pk")
    assert event.before["exit_min_months"] == 6 and event.after["exit_min_months"] == 9
    assert event.before["refused_exit_days"] == 90 and event.after["refused_exit_days"] == 180
    form = client.get(url).content.decode()
    assert "风险消除一般须纳入满（月）" in form and "风险消除未通过后提示天数" in form
