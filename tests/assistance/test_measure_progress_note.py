"""Review finding: the department's 登记实施情况 note went to the field the closing note goes to, shown as 帮扶成效,
so an unfinished measure's progress read as its effect. Progress is its own field (实施情况, progress_note), shown
under its own label beside 帮扶成效 on the measure page, the department page and the API (the ledger:
tests/reports/test_ledgers_departments.py); the migration moves the notes of measures not yet closed."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from assistance.choices import MeasureStatus
from assistance.models import PlanMeasure
from assistance.services import department, measure_status, plans
from tests.assistance.test_department_progress import put

pytestmark = pytest.mark.django_db

migration = importlib.import_module("assistance.migrations.0013_measure_progress_note")


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.county_officer, household=monitored_a)


def facts(page: str, label: str) -> str | None:
    head = f"<dt>{label}</dt>"
    return page.split(head)[1].split("</dd>")[0].split(">", 1)[1] if head in page else None


def test_progress_and_the_closing_note_are_kept_and_shown_apart(personas, login, plan):
    doctor = put(plan)
    department.measure_progress_by_department(actor=personas.clerk, measure=doctor, note="已入户签约")
    doctor.refresh_from_db()
    assert (doctor.progress_note, doctor.effect_note) == ("已入户签约", "")

    township = login(personas.township)
    page = township.get(f"/assistance/measures/{doctor.pk}/").content.decode()
    assert facts(page, "实施情况") == "已入户签约" and facts(page, "帮扶成效") is None
    assert "帮扶成效：" not in township.get(f"/assistance/households/{plan.household_id}/").content.decode()

    measure_status.measure_complete_by_department(actor=personas.clerk, measure=doctor, note="已完成首次随访，血压平稳")
    doctor.refresh_from_db()
    assert (doctor.progress_note, doctor.effect_note) == ("已入户签约", "已完成首次随访，血压平稳")

    page = township.get(f"/assistance/measures/{doctor.pk}/").content.decode()
    assert facts(page, "实施情况") == "已入户签约" and facts(page, "帮扶成效") == "已完成首次随访，血压平稳"
    clerk = login(personas.clerk)
    page = clerk.get(f"/assistance/department/{doctor.pk}/").content.decode()
    assert facts(page, "实施情况") == "已入户签约" and facts(page, "帮扶成效") == "已完成首次随访，血压平稳"
    assert "<dt>办理情况</dt>" not in page
    shown = township.get(f"/api/v1/assistance/measures/{doctor.pk}/").json()
    assert (shown["progress_note"], shown["effect_note"]) == ("已入户签约", "已完成首次随访，血压平稳")
    listed = clerk.get("/api/v1/assistance/department-measures/?status=done").json()["results"]
    assert [(m["progress_note"], m["effect_note"]) for m in listed] == [("已入户签约", "已完成首次随访，血压平稳")]


def test_a_note_on_starting_a_measure_is_progress_and_one_on_stopping_it_the_effect(personas, plan):
    measure = put(plan, responsible="")
    measure_status.measure_set_status(
        actor=personas.township, measure=measure, status=MeasureStatus.IN_PROGRESS, note="已联系镇卫生院"
    )
    measure_status.measure_set_status(
        actor=personas.township, measure=measure, status=MeasureStatus.STOPPED, note="本人外出务工，暂停签约"
    )
    measure.refresh_from_db()
    assert (measure.progress_note, measure.effect_note) == ("已联系镇卫生院", "本人外出务工，暂停签约")


def test_the_status_form_says_where_its_note_goes(personas, login, plan):
    measure = put(plan, responsible="")
    page = login(personas.township).get(f"/assistance/measures/{measure.pk}/").content.decode()
    assert "办理情况（改为实施中的，记入实施情况；完成或终止时必填，记入帮扶成效）" in page


def test_the_migration_moves_the_notes_of_measures_not_yet_closed_only(plan):
    planned = put(plan, effect_note="已通知本人")
    under_way = put(plan, status=MeasureStatus.IN_PROGRESS, effect_note="已签约\n已随访")
    done = put(plan, status=MeasureStatus.DONE, effect_note="已签约\n已办结", completed_on=dt.date(2026, 1, 5))
    empty = put(plan, status=MeasureStatus.IN_PROGRESS)

    migration.move_open_notes(apps, None)

    notes = dict(PlanMeasure.objects.values_list("pk", "progress_note"))
    effects = dict(PlanMeasure.objects.values_list("pk", "effect_note"))
    assert (notes[planned.pk], effects[planned.pk]) == ("已通知本人", "")
    assert (notes[under_way.pk], effects[under_way.pk]) == ("已签约\n已随访", "")
    assert (notes[done.pk], effects[done.pk]) == ("", "已签约\n已办结")  # a closed one's lines cannot be told apart
    assert (notes[empty.pk], effects[empty.pk]) == ("", "")

    migration.move_back(apps, None)
    assert PlanMeasure.objects.get(pk=under_way.pk).effect_note == "已签约\n已随访"
