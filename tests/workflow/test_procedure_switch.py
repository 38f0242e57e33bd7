"""在本县启用此程序 (the configuration site): a county moves to another procedure in one audited step, told first how
many open cases carry on under the one it leaves and what new cases run through; stopping a procedure with open
cases says what becomes of them; the step flags are shown; the presets ship with no step count in a name and Taogou's
placeholder procedures inactive (migration 0028 on an existing database)."""

import importlib
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import AuditEvent
from tests.workflow.batch_helpers import open_case
from tests.workflow.test_procedure_admin import procedure_data
from workflow.choices import CaseStatus, CaseStepStatus, StepKind
from workflow.models import CaseStep, Procedure
from workflow.selectors import role_step_kinds
from workflow.services.procedure_config import MSG_COUNTY_PREFIX
from workflow.services.procedures import MSG_CASES_ELSEWHERE, procedure_switch

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def switch_url(procedure):
    return f"/admin/workflow/procedure/{procedure.pk}/switch/"


def test_a_county_switches_its_procedure_in_one_step_and_its_open_cases_carry_on(
    personas, login, household_a, household_b
):
    under_way = open_case(personas.cadre_a, household_a)
    yongxiu = under_way.procedure
    laiyuan = Procedure.objects.get(code="laiyuan_identification")
    client = login(personas.system_admin)

    change = text(client.get(f"/admin/workflow/procedure/{laiyuan.pk}/change/"))
    assert "在本县启用此程序" in change
    page = text(client.get(switch_url(laiyuan), {"county": "360425"}))
    assert "确认：在永修县（360425）启用“涞源县监测对象认定程序”" in page
    assert "本程序原适用县区划为 130630，将改为 360425，不再适用于 130630。" in page
    assert "同时停用本县现用的识别纳入程序：“永修县监测对象识别程序”。" in page
    assert "本县尚有 1 件未办结的识别纳入案件（“永修县监测对象识别程序”1件），仍按原程序的环节办完" in page
    assert "此后新发起的识别纳入案件按本程序的 5 个环节办理，办结时限 15 天" in page
    assert "县级比对（县乡村振兴局，风险明确且无异议时可免）" in page
    assert Procedure.objects.get(pk=yongxiu.pk).is_active

    response = client.post(switch_url(laiyuan), {"county": "360425", "region_prefix": ""})

    assert response.status_code == 302
    laiyuan.refresh_from_db()
    yongxiu.refresh_from_db()
    assert (laiyuan.region_prefix, laiyuan.is_active, yongxiu.is_active) == ("360425", True, False)
    done = text(client.get(response["Location"]))
    assert "已在永修县（360425）启用识别纳入程序“涞源县监测对象认定程序”，停用“永修县监测对象识别程序”。" in done
    event = AuditEvent.objects.get(action="workflow.procedure_switch", actor=personas.system_admin)
    assert event.summary == "在永修县（360425）启用识别纳入程序：涞源县监测对象认定程序（停用“永修县监测对象识别程序”）"
    assert AuditEvent.objects.filter(action="workflow.procedure_deactivate", object_id=str(yongxiu.pk)).exists()
    # The case under way keeps Yongxiu's steps; a new one runs on Laiyuan's.
    under_way.refresh_from_db()
    assert under_way.procedure_id == yongxiu.pk and under_way.status == CaseStatus.OPEN
    open_steps = CaseStep.objects.filter(case=under_way, status=CaseStepStatus.OPEN)
    assert list(open_steps.values_list("step__code", flat=True)) == ["village_review"]
    assert open_case(personas.cadre_b, household_b).procedure_id == laiyuan.pk


def test_a_role_keeps_the_steps_of_a_stopped_procedure_its_open_cases_still_run_on(personas, household_a):
    open_case(personas.cadre_a, household_a)
    for code in ("laiyuan_identification", "laiyuan_exit"):
        procedure_switch(
            actor=personas.system_admin, procedure=Procedure.objects.get(code=code), region_prefix="360425"
        )
    # Neither Laiyuan procedure has an announcement step; Yongxiu's 公告并标识 (the township's) still waits ahead.
    assert StepKind.ANNOUNCEMENT in role_step_kinds(personas.township)


def test_the_switch_refuses_a_province_and_a_procedure_still_running_cases_elsewhere(personas, login, household_a):
    taogou = Procedure.objects.get(code="taogou_identification")
    client = login(personas.system_admin)
    page = client.post(switch_url(taogou), {"county": "", "region_prefix": "340000"}).content.decode()
    assert MSG_COUNTY_PREFIX.format(prefix="340000") in page
    assert not Procedure.objects.get(pk=taogou.pk).is_active

    yongxiu = open_case(personas.cadre_a, household_a).procedure
    page = client.post(switch_url(yongxiu), {"county": "", "region_prefix": "130630"}).content.decode()
    message = MSG_CASES_ELSEWHERE.format(name=yongxiu.name, old="360425", n=1, region="涞源县（130630）")
    assert message in page
    yongxiu.refresh_from_db()
    assert (yongxiu.region_prefix, yongxiu.is_active) == ("360425", True)


def test_stopping_a_procedure_with_open_cases_says_what_becomes_of_them(personas, login, household_a):
    yongxiu = open_case(personas.cadre_a, household_a).procedure
    client = login(personas.system_admin)
    url = f"/admin/workflow/procedure/{yongxiu.pk}/change/"
    data = procedure_data(yongxiu) | {"steps-TOTAL_FORMS": 0, "steps-INITIAL_FORMS": 0}
    del data["is_active"]

    page = text(client.post(url, data))

    assert (
        "本程序下尚有1件未办结案件，停用后这些案件仍按原程序办理，新案件将无法发起（本县没有其他启用的识别纳入程序）"
        in page
    )
    assert Procedure.objects.get(pk=yongxiu.pk).is_active
    assert client.post(url, data | {"confirm_deactivate": "on"}).status_code == 302
    assert not Procedure.objects.get(pk=yongxiu.pk).is_active


def test_the_step_flags_show_on_the_procedure_page(personas, login):
    laiyuan = Procedure.objects.get(code="laiyuan_identification")
    page = login(personas.system_admin).get(f"/admin/workflow/procedure/{laiyuan.pk}/change/").content.decode()
    assert "可免办（风险明确且无异议）" in page and "含村级评议" in page
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*县级比对(?:(?!</tr>).)*</tr>", page, re.S).group(0)
    assert re.search(r'class="field-skippable">\s*<p>是</p>', row)


def test_taogous_presets_are_inactive_and_say_their_region_must_be_set(personas, login):
    taogou = Procedure.objects.get(code="taogou_identification")
    assert not taogou.is_active and not Procedure.objects.get(code="taogou_exit").is_active
    page = text(login(personas.system_admin).get(f"/admin/workflow/procedure/{taogou.pk}/change/"))
    assert "适用县区划 340000 是占位的省级或市级代码：安装时须先设为使用县（区）的6位区划代码" in page


migration = importlib.import_module("workflow.migrations.0028_preset_names_taogou_inactive")


def run_migration():
    state = MigrationExecutor(connection).loader.project_state(("workflow", "0027_step_with_review"))
    migration.forwards(state.apps, None)


def test_the_migration_renames_laiyuan_and_stops_only_the_untouched_taogou_presets(personas, household_a):
    Procedure.objects.filter(code="laiyuan_identification").update(name="涞源县监测对象认定程序（4步）")
    Procedure.objects.filter(code__startswith="taogou_").update(is_active=True)
    # A district using Taogou's exit on the placeholder already: its case keeps it running.
    Procedure.objects.filter(code="yongxiu_identification").update(is_active=False)
    Procedure.objects.filter(code="taogou_identification").update(region_prefix="360425")
    case = open_case(personas.cadre_a, household_a)
    assert case.procedure.code == "taogou_identification"
    Procedure.objects.filter(code="taogou_identification").update(region_prefix="340000")

    run_migration()

    assert Procedure.objects.get(code="laiyuan_identification").name == "涞源县监测对象认定程序"
    assert Procedure.objects.get(code="taogou_identification").is_active  # a case uses it
    assert not Procedure.objects.get(code="taogou_exit").is_active
    Procedure.objects.filter(code="laiyuan_identification").update(name="涞源县认定程序（县定）")
    Procedure.objects.filter(code="taogou_exit").update(region_prefix="340398", is_active=True)
    run_migration()
    assert Procedure.objects.get(code="laiyuan_identification").name == "涞源县认定程序（县定）"
    assert Procedure.objects.get(code="taogou_exit").is_active  # a district set its own prefix
