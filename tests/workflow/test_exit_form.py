"""The exit form asks only what an exit needs, and says up front what refuses it: 发现渠道 is not asked nor stored for
an exit (it is proposed, not discovered, and counts under no channel), the inclusion's fields are hidden while 风险消除
is chosen (js/shown_for.js; the server checks each kind's own fields), its date is the 提出日期; a household failing
the exit rules (workflow.services.exit_rules) is told so beside the choice before submitting, and the township's audit
shows the refusal in its form before 通过 is pressed."""

import pytest

from households.models import HouseholdIncome
from tests.clock import today
from tests.reports.conftest import download, ledger_table, read_xlsx
from tests.workflow.helpers import act_after_publicity, exit_ready
from workflow.choices import CaseKind, Channel, Outcome
from workflow.exit_checks import MSG_NO_INCOME
from workflow.models import Case
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def form_url(household):
    return f"/workflow/households/{household.pk}/cases/new/"


def test_the_exit_form_hides_the_inclusions_fields_and_asks_the_date_proposed(personas, login, monitored_a):
    exit_ready(monitored_a)
    page = login(personas.cadre_a).get(form_url(monitored_a)).content.decode()
    assert "提出日期" in page and "发现日期" not in page
    for name in ("channel", "risk_types", "national_risk_types", "category"):
        before = page[: page.index(f'name="{name}"')]
        assert before[before.rindex("data-shown-for=") :].startswith('data-shown-for="identification remark"')
    assert "data-exit-refusal" not in page


def test_an_exit_is_opened_without_a_channel_and_counts_under_none(personas, login, monitored_a):
    exit_ready(monitored_a)
    client = login(personas.cadre_a)
    response = client.post(
        form_url(monitored_a), {"kind": "exit", "discovered_on": today().isoformat(), "confirm_advisories": "on"}
    )
    case = Case.objects.get(household=monitored_a)
    assert response.status_code == 302 and case.kind == CaseKind.EXIT and case.channel == ""
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "提出于" in page and "渠道" not in page.split("办理环节")[0]
    # Not under any discovery channel: the 在办识别退出事项台账 says who proposed it (seed 003 §二2(5)), and the list
    # filtered by channel leaves it out.
    export = login(personas.county_officer).post("/reports/export/", {"ledger": "open_cases"})
    header, body = ledger_table(read_xlsx(download(export)))
    assert [dict(zip(header, row, strict=False))["发现渠道"] for row in body] == ["村两委提出"]
    listed = client.get("/workflow/cases/", {"channel": "cadre_visit"}).content.decode()
    assert f"/workflow/cases/{case.pk}/" not in listed


def test_an_inclusion_still_needs_its_channel_on_the_page_and_the_api(personas, login, household_a):
    client = login(personas.cadre_a)
    body = {"kind": "identification", "risk_types": ["medical_cost"], "category": "sudden_hardship"}
    page = client.post(form_url(household_a), {**body, "discovered_on": today().isoformat()}).content.decode()
    assert "请选择发现渠道。" in page
    api = client.post("/api/v1/cases/", {**body, "household": household_a.pk}, content_type="application/json")
    assert api.status_code == 400 and "请选择发现渠道" in api.content.decode()
    assert not Case.objects.exists()


def test_the_exit_api_needs_no_channel(personas, login, monitored_a):
    exit_ready(monitored_a)
    api = login(personas.cadre_a).post(
        "/api/v1/cases/",
        {"household": monitored_a.pk, "kind": "exit", "confirm_advisories": True},
        content_type="application/json",
    )
    assert api.status_code == 201, api.content.decode()
    assert Case.objects.get(household=monitored_a).channel == ""


def test_the_form_says_before_submitting_that_the_exit_would_be_refused(personas, login, monitored_a):
    page = login(personas.cadre_a).get(form_url(monitored_a)).content.decode()
    message = MSG_NO_INCOME.format(last=today().year - 1, this=today().year)
    assert "data-exit-refusal" in page and message in page
    # Beside the kind choice, shown while 风险消除 is chosen.
    assert page.index('name="kind"') < page.index("data-exit-refusal") < page.index('name="discovered_on"')


def test_the_township_audit_shows_the_refusal_before_pass_is_pressed(personas, login, monitored_a):
    exit_ready(monitored_a)
    case = case_open(
        actor=personas.cadre_a,
        household=monitored_a,
        kind=CaseKind.EXIT,
        confirm_advisories=True,
        channel=Channel.CADRE_VISIT,
    )
    for code in ("village_review", "village_publicity"):
        case = act_after_publicity(actor=personas.cadre_a, case=case, step_code=code, outcome=Outcome.PASS)
    client = login(personas.township)
    assert "data-pass-refusal" not in client.get(f"/workflow/cases/{case.pk}/").content.decode()

    HouseholdIncome.objects.filter(household=monitored_a).delete()
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()

    form_area = page[page.index('id="act-township_audit"') :]
    assert "data-pass-refusal" in form_area and "无法说明收入持续稳定高于监测标准" in form_area
