"""Migration workflow 0038: the applications declined before with the reason the decline form offered for a
monitored household (its old words, 经核实，您家已是防止返贫监测对象，不需要重复申报。…, as left or added to) become
已是监测对象，已办结; every other decline stays one."""

import importlib

import pytest
from django.apps import apps

from tests.workflow.applications_helpers import STRANGER_ID
from tests.workflow.test_applications_village import apply, decline
from workflow.choices_applications import ApplicationStatus
from workflow.models.applications import Application

pytestmark = pytest.mark.django_db

OLD_REASON = "经核实，您家已是防止返贫监测对象，不需要重复申报。村里将按监测户定期走访，根据您反映的困难落实帮扶措施。"


def migrate() -> None:
    importlib.import_module("workflow.migrations.0038_application_status_monitored").monitored_declines(apps, None)


def test_old_declines_of_monitored_households_are_moved_and_others_kept(personas, county, household_a):
    monitored = decline(personas.cadre_a, apply(county.village_a), OLD_REASON + "已联系医保二次报销。")
    declined = decline(
        personas.cadre_a, apply(county.village_a, id_number=STRANGER_ID, name="陈桂兰"), "家庭收入高于监测范围。"
    )

    migrate()

    assert Application.objects.get(pk=monitored.pk).status == ApplicationStatus.MONITORED
    assert Application.objects.get(pk=declined.pk).status == ApplicationStatus.DECLINED
