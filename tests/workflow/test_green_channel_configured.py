"""Review finding: Yongxiu got a green channel (绿色通道) its seed does not have. Seed 001 §四 gives the channel to
Laiyuan; 000 (Yongxiu) and 003 (Taogou) have none, and a rule that differs by county is configuration: a procedure
has the channel only where Procedure.green_channel is set (the presets per seed, the configuration site). Where it is
not, the household page offers none, the page and the service refuse it in Chinese and nothing is opened."""

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from config.errors import ApplicationError
from households.services.visits import visit_record
from tests.workflow.helpers import sign_consent
from tests.workflow.test_green_channel import open_green
from tests.workflow.test_laiyuan_review_publicity import laiyuan
from tests.workflow.test_procedure_admin import procedure_data
from workflow.choices import CaseStepStatus
from workflow.models import Case, CaseStep, Procedure
from workflow.services.green_channel import MSG_GREEN_NOT_CONFIGURED, case_open_green_channel
from workflow.services.procedure_config import MSG_GREEN_CHANNEL_APPROVAL, MSG_GREEN_CHANNEL_KIND

pytestmark = pytest.mark.django_db
INLINE = {"steps-TOTAL_FORMS": 0, "steps-INITIAL_FORMS": 0}

YONGXIU_REFUSAL = MSG_GREEN_NOT_CONFIGURED.format(name="永修县监测对象识别程序")
FORM = {
    "green_channel_cause": "disaster",
    "green_channel_reason": "7月暴雨房屋倒塌",
    "green_channel_village_study": "村两委研究同意先行救助",
    "channel": "cadre_visit",
    "risk_types": ["disaster_loss"],
    "category": "sudden_hardship",
}


def green_link(household) -> str:
    return f'href="/workflow/households/{household.pk}/cases/green/"'


def test_only_laiyuan_ships_with_a_green_channel():
    shipped = dict(Procedure.objects.values_list("code", "green_channel"))
    assert shipped["laiyuan_identification"] is True
    assert not any(on for code, on in shipped.items() if code != "laiyuan_identification")


def test_yongxiu_offers_no_green_channel_and_refuses_one(personas, login, household_a):
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=timezone.localdate(), notes="入户核查灾情")
    client = login(personas.county_officer)

    panel = client.get(f"/households/{household_a.pk}/?tab=cases").content.decode()
    assert green_link(household_a) not in panel and "绿色通道" not in panel
    form = client.get(f"/workflow/households/{household_a.pk}/cases/green/").content.decode()
    assert YONGXIU_REFUSAL in form and "green_channel_reason" not in form
    posted = client.post(f"/workflow/households/{household_a.pk}/cases/green/", FORM)
    assert posted.status_code == 200 and YONGXIU_REFUSAL in posted.content.decode()
    with pytest.raises(ApplicationError, match="未开通绿色通道"):
        case_open_green_channel(
            actor=personas.township, household=household_a, cause="disaster", reason="7月暴雨房屋倒塌",
            village_study="村两委研究同意先行救助", channel="cadre_visit", risk_types=["disaster_loss"],
            category="sudden_hardship",
        )  # fmt: skip
    assert not Case.objects.filter(household=household_a).exists()


def test_laiyuan_offers_it_and_its_review_and_publicity_are_owed(personas, login, household_a):
    laiyuan(personas)
    sign_consent(actor=personas.cadre_a, household=household_a)
    client = login(personas.county_officer)
    visit_record(actor=personas.cadre_a, household=household_a, visited_on=timezone.localdate(), notes="入户核查灾情")

    assert green_link(household_a) in client.get(f"/households/{household_a.pk}/?tab=cases").content.decode()
    form = FORM | {"discovered_on": timezone.localdate().isoformat()}
    response = client.post(f"/workflow/households/{household_a.pk}/cases/green/", form)
    assert response.status_code == 302, response.content.decode()[:2000]

    case = Case.objects.get(household=household_a, green_channel=True)
    statuses = dict(CaseStep.objects.filter(case=case).values_list("step__code", "status"))
    assert statuses["township_check"] == statuses["county_approval"] == CaseStepStatus.OPEN
    assert statuses["village_review_publicity"] == CaseStepStatus.OPEN  # owed: done after the approval


def test_the_configuration_site_shows_and_sets_it_within_the_rules(personas, login, household_a):
    client = login(personas.system_admin)
    yongxiu = Procedure.objects.get(code="yongxiu_identification")

    page = client.get(f"/admin/workflow/procedure/{yongxiu.pk}/change/").content.decode()
    assert "可开辟绿色通道" in page
    assert "可开辟绿色通道" in client.get("/admin/workflow/procedure/").content.decode()
    saved = client.post(
        f"/admin/workflow/procedure/{yongxiu.pk}/change/", procedure_data(yongxiu, green_channel="on") | INLINE
    )
    assert saved.status_code == 302
    yongxiu.refresh_from_db()
    assert yongxiu.green_channel
    assert AuditEvent.objects.filter(action="workflow.procedure_save", summary__contains="可开辟绿色通道").exists()
    open_green(personas.county_officer, household_a)  # configured, a county may then use it

    exit_procedure = Procedure.objects.get(code="yongxiu_exit")
    page = client.post(
        f"/admin/workflow/procedure/{exit_procedure.pk}/change/",
        procedure_data(exit_procedure, green_channel="on") | INLINE,
    ).content.decode()
    assert MSG_GREEN_CHANNEL_KIND in page
    taogou = Procedure.objects.get(code="taogou_identification")  # its decision is the district's filing
    page = client.post(
        f"/admin/workflow/procedure/{taogou.pk}/change/", procedure_data(taogou, green_channel="on") | INLINE
    ).content.decode()
    assert MSG_GREEN_CHANNEL_APPROVAL in page
    assert not Procedure.objects.filter(code__in=["yongxiu_exit", "taogou_identification"], green_channel=True).exists()
