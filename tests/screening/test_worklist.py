import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from screening.choices import ResultStatus, RunKind
from screening.models import ExclusionFact, RiskFlag, ScreeningResult
from screening.services.dismissal import MSG_NOTE_SHORT, MSG_VISIT_REQUIRED
from screening.services.runs import screening_run
from tests.screening.dismissing import dismiss_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def hits(line, make_household, county):
    a = make_household("5000")
    b = make_household("5000", village=county.village_b)
    screening_run(kind=RunKind.NIGHTLY)
    return ScreeningResult.objects.get(household=a), ScreeningResult.objects.get(household=b)


def test_the_worklist_shows_the_villages_hits_with_reasons(hits, personas, login):
    mine, other = hits

    body = login(personas.cadre_a).get("/screening/").content.decode()

    assert mine.household.number in body and "人均纯收入 5,000.00 元" in body
    assert other.household.number not in body


def test_a_cadre_cannot_act_on_another_villages_result(hits, personas, login):
    _, other = hits
    client = login(personas.cadre_a)

    assert client.get(f"/screening/results/{other.pk}/propose/").status_code == 404
    assert client.post(f"/screening/results/{other.pk}/dismiss/", {"reason": "x"}).status_code == 404
    assert client.post(f"/api/v1/screening-results/{other.pk}/propose/", {}).status_code == 404
    other.refresh_from_db()
    assert other.status == ResultStatus.HIT


def test_proposing_from_the_page_marks_the_result_proposed(hits, personas, login):
    mine, _ = hits

    response = login(personas.cadre_a).post(f"/screening/results/{mine.pk}/propose/", {"note": "入户核实属实"})

    mine.refresh_from_db()
    assert response.status_code == 302
    assert (mine.status, mine.handle_note, mine.handled_by) == (ResultStatus.PROPOSED, "入户核实属实", personas.cadre_a)


def test_dismissing_needs_a_reason(hits, personas, login):
    mine, _ = hits

    response = login(personas.cadre_a).post(f"/screening/results/{mine.pk}/dismiss/", {"reason": ""})

    page = response.content.decode()
    assert response.status_code == 200 and MSG_NOTE_SHORT in page and MSG_VISIT_REQUIRED in page
    mine.refresh_from_db()
    assert mine.status == ResultStatus.HIT


def test_acting_twice_gives_a_clear_conflict_message(hits, personas, login):
    mine, _ = hits
    client = login(personas.cadre_a)
    client.post(f"/api/v1/screening-results/{mine.pk}/propose/", {})

    again = client.post(f"/api/v1/screening-results/{mine.pk}/dismiss/", dismiss_form())

    assert again.status_code == 400
    assert again.json()["detail"] == "该筛查结果已被他人处理或已更新，请刷新后重试。"


def test_only_the_county_bureau_overrides_an_exclusion(line, make_household, personas, login):
    from screening.services import results

    household = make_household("5000")
    results.exclusion_add(actor=personas.cadre_a, household=household, kind="public_funded")
    screening_run(kind=RunKind.NIGHTLY)
    result = ScreeningResult.objects.get(household=household)

    refused = login(personas.township).post(f"/api/v1/screening-results/{result.pk}/override/", {"justification": "x"})
    allowed = login(personas.county_officer).post(
        f"/api/v1/screening-results/{result.pk}/override/", {"justification": "该成员已退休"}
    )

    assert refused.status_code == 403
    assert allowed.status_code == 200 and allowed.json()["status"] == ResultStatus.HIT


def test_the_api_lists_results_in_scope_with_filters(hits, personas, login):
    mine, other = hits

    rows = login(personas.township).get("/api/v1/screening-results/", {"risk_type": "low_income"}).json()["results"]
    mine_only = login(personas.cadre_a).get("/api/v1/screening-results/").json()["results"]

    assert {r["id"] for r in rows} == {mine.pk, other.pk}
    assert [r["id"] for r in mine_only] == [mine.pk]


def test_exclusions_and_flags_are_entered_in_scope(line, make_household, personas, login, county):
    household = make_household("9000")
    other = make_household("9000", village=county.village_b)
    client = login(personas.cadre_a)

    ok = client.post(
        f"/screening/households/{household.pk}/exclusions/new/",
        {"kind": "car", "target": "child", "child_name": "张大", "child_id_number": "110101199003070038"},
    )
    bad_id = client.post(
        f"/screening/households/{household.pk}/exclusions/new/",
        {"kind": "car", "target": "child", "child_name": "张二", "child_id_number": "110101199003070039"},
    )
    flag = client.post("/api/v1/risk-flags/", {"household": household.pk, "risk_type": "disaster_loss", "note": "洪灾"})
    foreign = client.post(f"/screening/households/{other.pk}/flags/new/", {"risk_type": "other"})

    assert ok.status_code == 302
    assert ExclusionFact.objects.get(household=household).child_name == "张大"
    assert "校验位不正确" in bad_id.content.decode()
    assert flag.status_code == 201 and RiskFlag.objects.get(household=household, source="cadre").note == "洪灾"
    assert foreign.status_code == 404


def test_the_household_page_shows_the_screening_panel(hits, personas, login):
    mine, _ = hits

    body = login(personas.cadre_a).get(f"/households/{mine.household_id}/", {"tab": "screening"}).content.decode()

    assert "筛查结果：" in body and "人均纯收入 5,000.00 元" in body and "风险标记" in body


def test_the_rule_api_edits_parameters_and_refuses_unknown_ones(personas, login):
    from screening.models import ScreeningRule

    rule = ScreeningRule.objects.get(code="RIGID_EXPENSE")
    client = login(personas.county_officer)

    ok = client.patch(
        f"/api/v1/screening-rules/{rule.pk}/",
        {"params": {"share": 0.4, "min_amount": 3000}},
        content_type="application/json",
    )
    bad = client.patch(f"/api/v1/screening-rules/{rule.pk}/", {"params": {"ratio": 1}}, content_type="application/json")
    cadre = login(personas.cadre_a).patch(
        f"/api/v1/screening-rules/{rule.pk}/", {"is_active": False}, content_type="application/json"
    )

    assert ok.status_code == 200 and ok.json()["params"] == {"share": 0.4, "min_amount": 3000}
    assert bad.status_code == 400 and "没有参数“ratio”" in bad.json()["params"][0]
    assert cadre.status_code == 403


def test_rule_parameters_that_are_not_an_object_are_a_chinese_400_not_a_500(personas, login):
    from screening.models import ScreeningRule

    rule = ScreeningRule.objects.get(code="RIGID_EXPENSE")
    client = login(personas.county_officer)

    for params, given in (("x", "文本"), ([1], "列表"), (1.5, "数字"), (True, "是或否")):
        response = client.patch(
            f"/api/v1/screening-rules/{rule.pk}/", {"params": params}, content_type="application/json"
        )
        assert response.status_code == 400, params
        assert response.json()["params"] == [f'规则参数应为“参数名: 值”的对象（如 {{"share": 0.5}}），不能是{given}。']
    assert ScreeningRule.objects.get(pk=rule.pk).params == rule.params


def test_risks_found_at_a_visit_become_visit_flags(line, make_household, personas, django_capture_on_commit_callbacks):
    import datetime as dt

    from households.services import visits

    household = make_household("9000")
    with django_capture_on_commit_callbacks(execute=True):
        visits.visit_record(
            actor=personas.cadre_a,
            household=household,
            visited_on=dt.date.today(),
            risk_types=["disaster_loss"],
            notes="房屋受洪水损坏",
        )

    flag = RiskFlag.objects.get(household=household, source="visit")
    assert flag.risk_type == "disaster_loss" and flag.is_active
    assert household.visits.get().risk_found is True


def test_only_the_county_bureau_starts_a_county_run_and_it_is_audited(personas, login):
    from accounts.models import AuditEvent

    refused = login(personas.township).post("/api/v1/screening-runs/start/")
    accepted = login(personas.county_officer).post("/screening/runs/start/")

    assert refused.status_code == 403
    assert accepted.status_code == 302
    assert AuditEvent.objects.filter(action="screening.run_request", actor=personas.county_officer).exists()


def test_the_run_page_lists_what_the_run_changed_in_the_users_villages(line, make_household, county, personas, login):
    mine, other = make_household("5000"), make_household("5000", village=county.village_b)
    run = screening_run(kind=RunKind.NIGHTLY)

    body = login(personas.cadre_a).get(f"/screening/runs/{run.pk}/").content.decode()
    listing = login(personas.cadre_a).get("/screening/runs/").content.decode()

    assert "本次新命中 2 户" in body and "本辖区 1 户" in body
    assert mine.number in body and "人均纯收入 5,000.00 元" in body and other.number not in body
    assert f"/screening/runs/{run.pk}/" in listing and "2 / 0 / 0" in listing
    dropped_only = login(personas.cadre_a).get(f"/screening/runs/{run.pk}/", {"change": "dropped"}).content.decode()
    assert mine.number not in dropped_only and "没有改变任何农户的筛查结果" in dropped_only


def test_the_api_gives_a_runs_changes_in_the_users_scope(line, make_household, county, personas, login):
    mine, _ = make_household("5000"), make_household("5000", village=county.village_b)
    run = screening_run(kind=RunKind.NIGHTLY)

    response = login(personas.cadre_a).get(f"/api/v1/screening-runs/{run.pk}/changes/")
    listed = login(personas.cadre_a).get(f"/api/v1/screening-runs/{run.pk}/").json()

    rows = response.json()["results"]
    assert [(r["household"], r["change"], r["rule_codes"]) for r in rows] == [(mine.pk, "new", ["INCOME_BELOW_LINE"])]
    assert (listed["results_new"], listed["results_changed"], listed["results_dropped"]) == (2, 0, 0)


def test_the_household_panel_shows_how_its_screening_changed(line, make_household, personas, login):
    from decimal import Decimal

    from households.services import income
    from tests.clock import this_year

    household = make_household("5000")
    screening_run(kind=RunKind.NIGHTLY)
    income.income_save(
        actor=personas.county_officer, household=household, year=this_year(), amounts={"wage_income": Decimal("30000")}
    )
    screening_run(kind=RunKind.NIGHTLY)

    body = login(personas.cadre_a).get(f"/households/{household.pk}/", {"tab": "screening"}).content.decode()

    assert "筛查变化记录" in body
    assert body.index("不再命中") < body.index("新命中") and "人均纯收入 5,000.00 元" in body
    assert "该户当前未被任何筛查规则命中。" in body


def test_the_run_list_shows_county_runs_by_default_and_single_household_runs_on_their_tab(
    line, make_household, personas, login
):
    from screening.services.runs import screening_run_household

    household = make_household("5000")
    county_run = screening_run(kind=RunKind.NIGHTLY)
    single = screening_run_household(household=household)
    client = login(personas.county_officer)

    default = client.get("/screening/runs/").content.decode()
    singles = client.get("/screening/runs/", {"group": "household"}).content.decode()

    assert f"/screening/runs/{county_run.pk}/" in default and f"/screening/runs/{single.pk}/" not in default
    assert f"/screening/runs/{single.pk}/" in singles and f"/screening/runs/{county_run.pk}/" not in singles
    api = client.get("/api/v1/screening-runs/", {"group": "county"}).json()["results"]
    assert [r["id"] for r in api] == [county_run.pk]


def test_township_staff_download_the_worklist_as_a_ledger_and_cadres_see_no_button(hits, personas, login):
    township = login(personas.township)

    page = township.get("/screening/").content.decode()
    download = township.post("/reports/export/", {"ledger": "screening_results"})

    assert "筛查结果台账（状态：待处理）" in page
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert "筛查结果台账（状态：待处理）" not in login(personas.cadre_a).get("/screening/").content.decode()


def test_county_staff_narrow_the_worklist_to_a_township(line, make_household, county, personas, login):
    near = make_household("5000")
    far = make_household("5000", village=county.village_c)
    screening_run(kind=RunKind.NIGHTLY)
    client = login(personas.county_officer)

    page = client.get("/screening/", {"village": county.township2.code}).content.decode()

    assert far.number in page and near.number not in page
    # A township officer chooses among its own villages only, with no townships to pick from.
    own = login(personas.township).get("/screening/").content.decode()
    assert "（全部村）" not in own and county.village_c.name not in own


def test_a_single_household_run_is_seen_only_by_those_who_see_the_household(
    line, make_household, county, personas, login
):
    from screening.services.runs import screening_run_household

    other = make_household("5000", village=county.village_b)
    run = screening_run_household(household=other)
    cadre_a, cadre_b = login(personas.cadre_a), login(personas.cadre_b)

    assert cadre_a.get(f"/screening/runs/{run.pk}/").status_code == 404
    assert cadre_a.get(f"/api/v1/screening-runs/{run.pk}/").status_code == 404
    assert f"/screening/runs/{run.pk}/" not in cadre_a.get("/screening/runs/", {"group": "household"}).content.decode()
    assert cadre_b.get(f"/screening/runs/{run.pk}/").status_code == 200


def test_a_separately_registered_childs_id_number_is_masked_for_read_only_roles(line, make_household, personas, login):
    from tests.households.conftest import make_id

    household = make_household("9000")
    child_id = make_id(dt.date(1990, 5, 5), 77)
    body = {"household": household.pk, "kind": "well_off_child", "child_name": "李大儿", "child_id_number": child_id}
    created = login(personas.cadre_a).post("/api/v1/exclusions/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["child_id_number"] == child_id

    official = login(personas.official).get("/api/v1/exclusions/").json()["results"]
    assert official[0]["child_id_number"] == child_id[:4] + "*" * 10 + child_id[-4:]


def test_a_case_opened_through_another_channel_takes_the_hit_off_the_worklist(hits, personas, login):
    from households.choices import MonitoringCategory
    from workflow.choices import CaseKind, Channel
    from workflow.services.cases import case_open

    mine, other = hits
    case_open(
        actor=personas.cadre_a,
        household=mine.household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["low_income"],
        national_risk_types=["other"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )

    mine.refresh_from_db()
    assert (mine.status, mine.handle_note) == (ResultStatus.PROPOSED, "已发起纳入案件（基层干部排查）")
    assert mine.household.number not in login(personas.cadre_a).get("/screening/").content.decode()
    # The nightly run keeps it proposed; the other village's hit is untouched.
    screening_run(kind=RunKind.NIGHTLY)
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.status, other.status) == (ResultStatus.PROPOSED, ResultStatus.HIT)


def test_the_worklist_filters_by_township_or_village_and_its_tab_counts_follow(hits, personas, login, county):
    mine, other = hits
    client = login(personas.county_officer)

    village = client.get("/screening/", {"village": county.village_a.code}).content.decode()
    assert mine.household.number in village and other.household.number not in village
    assert '待处理 <span class="badge">1</span>' in village  # the tab counts the filtered list, not the county
    assert f"village={county.village_a.code}" in village.split('aria-label="筛查结果状态"', 1)[1].split("</nav>")[0]

    township = client.get("/screening/", {"village": county.township.code}).content.decode()
    inside = {h.household.number for h in (mine, other) if h.region_path.startswith(county.township.path)}
    assert inside and all(number in township for number in inside)
    assert "乡镇/村" in township and "（全部村）" in township


def test_a_hit_proposed_on_the_worklist_is_then_opened_from_the_household_page(hits, personas, login):
    from workflow.models import Case

    mine, _ = hits
    client = login(personas.cadre_a)
    proposed = client.post(f"/screening/results/{mine.pk}/propose/", {"note": "入户核实属实"}, follow=True)
    # The message leads on to the case it still needs.
    assert f'<a href="/workflow/screening/{mine.pk}/open/">发起识别</a>' in proposed.content.decode()
    mine.refresh_from_db()
    assert mine.status == ResultStatus.PROPOSED and not Case.objects.exists()
    # Not a dead end: the household's page offers the case it still needs.
    panel = client.get(f"/households/{mine.household_id}/?tab=cases").content.decode()
    assert "已提议纳入监测：发起识别" in panel
    # Income below the line alone: the page asks its cause, as the case form does (MSG_INCOME_CAUSE_REQUIRED).
    body = {"category": "sudden_hardship", "national_risk_types": ["other"], "note": ""}
    opened = client.post(f"/workflow/screening/{mine.pk}/open/", body)
    assert opened.status_code == 302
    case = Case.objects.get(household=mine.household)
    assert case.channel == "screening_hit"
    panel = client.get(f"/households/{mine.household_id}/?tab=cases").content.decode()
    assert "已提议纳入监测：发起识别" not in panel


def test_a_case_opened_as_a_screening_hit_outside_the_worklist_takes_its_hit_too(hits, personas):
    from households.choices import MonitoringCategory
    from workflow.choices import CaseKind, Channel
    from workflow.services.cases import case_open

    mine, _ = hits
    case_open(
        actor=personas.cadre_a,
        household=mine.household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.SCREENING_HIT,
        risk_types=["low_income"],
        national_risk_types=["other"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    mine.refresh_from_db()
    assert mine.status == ResultStatus.PROPOSED


def test_the_worklists_export_covers_the_village_chosen_and_says_what_it_holds(hits, personas, county, login):
    # The button ignored the page's 村 and exported the whole county's results while the page showed 4 households.
    mine, other = hits
    client = login(personas.county_officer)

    page = client.get("/screening/", {"village": county.village_a.code}).content.decode()
    form = re.search(r'<form method="post" action="/reports/export/"[^>]*>(.*?)</form>', page, re.S).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(ledger|region)" value="([^"]*)"', form))
    response = client.post("/reports/export/", fields)
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    numbers = {cell for row in rows for cell in row if cell in (mine.household.number, other.household.number)}

    assert fields == {"ledger": "screening_results", "region": county.village_a.code}
    assert f"导出{county.village_a.name}筛查结果台账（状态：待处理）" in form
    assert numbers == {mine.household.number}
    whole = client.get("/screening/").content.decode()
    assert "导出全部筛查结果台账（状态：待处理）" in whole
    assert 'name="region"' not in whole.split("/reports/export/")[1][:400]


def test_a_county_run_asked_for_with_a_misspelt_scope_is_refused_and_not_started(personas, login):
    from accounts.models import AuditEvent
    from config.api_body import MSG_UNKNOWN_FIELD

    refused = login(personas.county_officer).post(
        "/api/v1/screening-runs/start/", {"scop": "county"}, content_type="application/json"
    )

    assert refused.status_code == 400
    assert refused.json()["scop"] == [MSG_UNKNOWN_FIELD.format(name="scop", allowed="scope")]
    assert not AuditEvent.objects.filter(action="screening.run_request").exists()


@pytest.mark.parametrize("body", [None, {}, {"scope": ""}, {"scope": None}, {"scope": "360425"}])
def test_a_county_run_is_started_only_when_asked_for_the_county_by_name(personas, login, body):
    from accounts.models import AuditEvent
    from screening.api_fields import MSG_SCOPE_REQUIRED

    client = login(personas.county_officer)
    if body is None:
        refused = client.post("/api/v1/screening-runs/start/")
    else:
        refused = client.post("/api/v1/screening-runs/start/", body, content_type="application/json")

    assert refused.status_code == 400
    assert list(refused.json()) == ["scope"] and "county" in refused.json()["scope"][0]
    if body in (None, {}, {"scope": None}):
        assert refused.json()["scope"] == [MSG_SCOPE_REQUIRED]
    assert not AuditEvent.objects.filter(action="screening.run_request").exists()


def test_a_county_run_asked_for_the_county_starts(personas, login):
    from accounts.models import AuditEvent

    client = login(personas.county_officer)
    accepted = client.post("/api/v1/screening-runs/start/", {"scope": "county"}, content_type="application/json")

    assert accepted.status_code == 202 and accepted.json() == {"detail": "已开始全县筛查。"}
    assert AuditEvent.objects.filter(action="screening.run_request", actor=personas.county_officer).exists()
