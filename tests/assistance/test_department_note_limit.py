"""Review (department) finding 3: the clerk's 实施情况 and 办理情况 notes are capped (a 100,000-character note was
accepted) on the page, in the API and in the services, the message naming the field; a long unbroken note wraps on
the measure pages (.facts dd)."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from assistance.choices import MeasureStatus
from assistance.models import PlanMeasure
from assistance.services import department, measure_status
from assistance.services.measure_checks import NOTE_MAX
from tests.assistance.test_department_progress import plan, put  # noqa: F401
from tests.clock import today

pytestmark = pytest.mark.django_db
LONG = "疾" * (NOTE_MAX + 1)


def test_the_services_refuse_a_note_too_long_naming_the_field(personas, plan):  # noqa: F811
    doctor = put(plan)

    with pytest.raises(ValidationError, match=f"实施情况不能超过{NOTE_MAX}字"):
        department.measure_progress_by_department(actor=personas.clerk, measure=doctor, note=LONG)
    with pytest.raises(ValidationError, match=f"办理情况不能超过{NOTE_MAX}字"):
        measure_status.measure_complete_by_department(actor=personas.clerk, measure=doctor, note=LONG)

    doctor.refresh_from_db()
    assert (doctor.status, doctor.progress_note, doctor.effect_note) == (MeasureStatus.PLANNED, "", "")


def test_the_page_refuses_a_long_note_at_its_field(client, personas, plan):  # noqa: F811
    doctor = put(plan)
    client.force_login(personas.clerk)
    url = f"/assistance/department/{doctor.pk}/"

    page = client.get(url).content.decode()
    assert f'maxlength="{NOTE_MAX}"' in page
    progress = client.post(url, {"progress-starts_on": today().isoformat(), "progress-note": LONG})
    done = client.post(url, {"note": LONG, "on": today().isoformat()})

    assert progress.status_code == 200 and f"实施情况不能超过{NOTE_MAX}字" in progress.content.decode()
    assert done.status_code == 200 and f"办理情况不能超过{NOTE_MAX}字" in done.content.decode()
    assert PlanMeasure.objects.get(pk=doctor.pk).status == MeasureStatus.PLANNED


def test_the_api_refuses_a_long_note_at_its_field(client, personas, plan):  # noqa: F811
    doctor = put(plan)
    client.force_login(personas.clerk)
    base = f"/api/v1/assistance/department-measures/{doctor.pk}"

    for action, label in (("progress", "实施情况"), ("done", "办理情况")):
        response = client.post(f"{base}/{action}/", {"note": LONG}, content_type="application/json")
        assert response.status_code == 400, response.content
        assert f"{label}不能超过{NOTE_MAX}字" in response.content.decode()


def test_the_measure_pages_wrap_a_long_unbroken_note():
    css = Path("static/css/app.css").read_text()
    rule = re.search(r"\.facts dd \{([^}]*)\}", css).group(1)
    assert "overflow-wrap: anywhere" in rule and "min-width: 0" in rule


def test_a_note_at_the_limit_closes_the_measure_its_history_row_holding_the_start(personas, plan):  # noqa: F811
    doctor = put(plan)

    done = measure_status.measure_complete_by_department(actor=personas.clerk, measure=doctor, note="疾" * NOTE_MAX)

    assert (done.status, len(done.effect_note)) == (MeasureStatus.DONE, NOTE_MAX)
    event = plan.household.events.get(summary__contains="办结帮扶措施")
    assert len(event.summary) == 200 and event.summary.endswith("…")


def test_the_townships_status_form_shows_the_cap_and_refuses_past_it(client, personas, plan):  # noqa: F811
    doctor = put(plan)
    client.force_login(personas.township)
    url = f"/assistance/measures/{doctor.pk}/"

    form = client.get(url).content.decode().split('name="action" value="status"')[1].split("</form>")[0]
    refused = client.post(url, {"action": "status", "status": "in_progress", "note": LONG})

    assert f'maxlength="{NOTE_MAX}"' in form and f"不超过{NOTE_MAX}字" in form
    assert refused.status_code == 200 and f"办理情况不能超过{NOTE_MAX}字" in refused.content.decode()
    assert PlanMeasure.objects.get(pk=doctor.pk).status == MeasureStatus.PLANNED
