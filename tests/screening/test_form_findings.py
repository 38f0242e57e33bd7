"""The household screening form (003 附件2) asks what 填表说明 3 asks of every household beside the 13 items: the income
and 两不愁 (吃穿); it records the risks found; and the judgement (item 13) is asked about, not refused, when the answers
contradict it, against the monitoring line the screening rules use. Service, pages, the 入户排查台账 export and the API.

Given: this year's line for Jiangxi is 7,300 yuan (fixture `line`); 张大山户 of 城南村, one person."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from accounts.models import AuditEvent
from households.choices import LivingStatus, MonitoringCategory, Relation
from households.models import Household, HouseholdEvent, Member
from households.services import registry
from screening.models import ScreeningForm, WarningLine
from screening.services import campaigns
from screening.services import form_findings as findings
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db

HOUSING = {"3": {"checked": ["housing_2"], "problem": "东侧土坯房墙体开裂"}}


def field_phase() -> dict:
    return {
        "kind": "field_screening",
        "starts_on": today() - dt.timedelta(days=10),
        "ends_on": today() + dt.timedelta(days=5),
    }


def line_label() -> str:
    return f"{today().year}年监测标准 7,300 元"


@pytest.fixture
def campaign(personas, county):
    return campaigns.campaign_create(
        actor=personas.county_officer, name="冬季集中排查", region=county.county, villages=[county.village_a],
        phases=[field_phase()],
    )  # fmt: skip


@pytest.fixture
def household(personas, county):
    rows = [member_row("张大山", Relation.HEAD, dt.date(1970, 1, 1), 11)]
    created = registry.household_create(
        actor=personas.cadre_a, village=county.village_a, members=rows, household_type="ordinary",
        group=county.group_a, phone="13912345678",
    )  # fmt: skip
    return Household.objects.get(pk=created.pk)


def _submit(personas, campaign, household, **kwargs):
    return campaigns.form_submit(
        actor=personas.cadre_a, campaign=campaign, household=household, answers=kwargs.pop("answers", {}), **kwargs
    )


# --- the service: validation ---


@pytest.mark.parametrize(
    ("income", "message"),
    [
        (Decimal("-1"), findings.MSG_INCOME_NEGATIVE),
        (Decimal("1000000.01"), findings.MSG_INCOME_TOO_LARGE.format(limit=findings.INCOME_MAX)),
        ("六千", findings.MSG_INCOME_NOT_NUMBER),
        ("6500.123", findings.MSG_INCOME_NOT_NUMBER),
        (True, findings.MSG_INCOME_NOT_NUMBER),
    ],
)
def test_an_income_that_is_not_a_sum_of_yuan_between_0_and_a_million_is_refused_in_chinese(
    campaign, household, personas, line, income, message
):
    with pytest.raises(ValidationError) as refused:
        _submit(personas, campaign, household, per_capita_income=income, at_risk=True, risk_types=["low_income"])

    assert refused.value.message_dict == {"per_capita_income": [message]}
    assert not ScreeningForm.objects.exists()


def test_an_income_with_a_thousands_comma_is_read(campaign, household, personas, line):
    form = _submit(personas, campaign, household, per_capita_income="8,500", at_risk=False)

    assert form.per_capita_income == Decimal("8500.00")


@pytest.mark.parametrize(
    ("ticked", "note", "message"),
    [
        (True, "  ", findings.MSG_FOOD_NOTE_REQUIRED),
        (False, "冬天没有棉被", findings.MSG_FOOD_TICK_REQUIRED),
        (True, "缺" * 501, findings.MSG_FOOD_NOTE_TOO_LONG),
    ],
)
def test_a_food_and_clothing_problem_is_ticked_and_described_together(
    campaign, household, personas, ticked, note, message
):
    with pytest.raises(ValidationError) as refused:
        _submit(
            personas, campaign, household, food_clothing_problem=ticked, food_clothing_note=note, at_risk=True,
            risk_types=["other"],
        )  # fmt: skip

    assert refused.value.message_dict == {"food_clothing_note": [message]}


def test_a_risk_type_not_on_the_list_is_refused(campaign, household, personas):
    with pytest.raises(ValidationError) as refused:
        _submit(personas, campaign, household, risk_types=["low_income", "bad_luck"], at_risk=True)

    assert refused.value.message_dict == {"risk_types": [findings.MSG_UNKNOWN_RISK.format(code="bad_luck")]}


# --- the service: the judgement asked about ---


def test_an_income_below_the_line_judged_without_risk_is_asked_about_then_saved_once_confirmed(
    campaign, household, personas, line
):
    with pytest.raises(ValidationError) as asked:
        _submit(personas, campaign, household, per_capita_income=Decimal("5200"))

    assert asked.value.message_dict == {
        "at_risk": [findings.MSG_CONFLICT_INCOME.format(income=Decimal("5200"), standing=f"低于{line_label()}")],
        "confirm_judgement": [findings.MSG_CONFIRM_JUDGEMENT],
    }
    form = _submit(personas, campaign, household, per_capita_income=Decimal("5200"), confirm_judgement=True)

    assert (form.per_capita_income, form.at_risk) == (Decimal("5200.00"), False)
    event = HouseholdEvent.objects.get(household=household, summary__contains="入户排查表")
    confirmed = {"field": "confirm_judgement", "label": findings.CONFIRMED_LABEL, "old": "", "new": "经排查人核实确认"}
    assert confirmed in event.changes
    assert AuditEvent.objects.filter(action="campaign.form_submit", object_id=str(form.pk)).exists()


def test_the_warning_line_in_force_is_the_one_compared_as_the_screening_rule_compares(
    campaign, household, personas, line
):
    # Seed 004 (三): the warning line is for 脱贫人口和监测对象 only, as the screening rule reads it.
    Household.objects.filter(pk=household.pk).update(household_type="lifted_out")
    WarningLine.objects.create(
        line=line,
        starts_on=today() - dt.timedelta(days=1),
        ends_on=today() + dt.timedelta(days=1),
        amount=Decimal("7600"),
    )

    with pytest.raises(ValidationError) as asked:
        _submit(personas, campaign, Household.objects.get(pk=household.pk), per_capita_income=Decimal("7500"))

    warned = findings.MSG_CONFLICT_INCOME.format(
        income=Decimal("7500"), standing=f"低于{today().year}年预警线 7,600 元"
    )
    assert asked.value.message_dict["at_risk"] == [warned]


def test_an_ordinary_household_is_not_compared_with_the_warning_line(campaign, household, personas, line):
    WarningLine.objects.create(
        line=line,
        starts_on=today() - dt.timedelta(days=1),
        ends_on=today() + dt.timedelta(days=1),
        amount=Decimal("7600"),
    )

    form = _submit(personas, campaign, household, per_capita_income=Decimal("7500"))

    assert form.per_capita_income == Decimal("7500.00")


def test_an_income_at_the_line_or_without_a_line_is_not_asked_about(campaign, household, personas, county):
    # Only the seeded 2021 line (6,000) covers Jiangxi here: it is the line the screening run would use too.
    form = _submit(personas, campaign, household, per_capita_income=Decimal("6000"))

    assert form.per_capita_income == Decimal("6000.00")


@pytest.mark.parametrize(
    ("kwargs", "which"),
    [
        ({"answers": HOUSING}, "住房安全"),
        ({"food_clothing_problem": True, "food_clothing_note": "口粮不够吃到年底"}, "吃穿"),
        (
            {"answers": {**HOUSING, "4": {"checked": ["water_1"], "problem": "井水浑浊"}}},
            "住房安全、安全饮水",
        ),
    ],
)
def test_a_guarantee_problem_judged_without_risk_names_which_and_asks(campaign, household, personas, kwargs, which):
    with pytest.raises(ValidationError) as asked:
        _submit(personas, campaign, household, **kwargs)

    assert asked.value.message_dict["at_risk"] == [findings.MSG_CONFLICT_GUARANTEE.format(which=which)]
    assert "confirm_judgement" in asked.value.message_dict


def test_a_tick_of_the_townships_mechanism_questions_is_not_the_households_guarantee_problem(
    campaign, household, personas
):
    # 住房③ 是否做到动态清零 is a 面上 question (填表说明 2): not the household's housing.
    answers = {"3": {"checked": ["housing_3"], "problem": "危房改造未动态清零"}}

    form = _submit(personas, campaign, household, answers=answers)

    assert form.problems.count() == 1


def test_risks_chosen_on_a_household_judged_without_risk_are_asked_about(campaign, household, personas):
    with pytest.raises(ValidationError) as asked:
        _submit(personas, campaign, household, risk_types=["medical_cost"])

    assert asked.value.message_dict["at_risk"] == [findings.MSG_CONFLICT_RISKS.format(which="大病重病重残医疗支出大")]


def test_at_risk_below_the_line_and_not_proposed_is_asked_unless_already_monitored(campaign, household, personas, line):
    with pytest.raises(ValidationError) as asked:
        _submit(
            personas, campaign, household, per_capita_income=Decimal("5000"), at_risk=True, risk_types=["low_income"]
        )
    Household.objects.filter(pk=household.pk).update(monitoring_category=MonitoringCategory.MARGINAL)
    monitored = Household.objects.get(pk=household.pk)
    form = _submit(
        personas, campaign, monitored, per_capita_income=Decimal("5000"), at_risk=True, risk_types=["low_income"]
    )

    assert asked.value.message_dict == {
        "propose_monitoring": [findings.MSG_CONFLICT_NOT_PROPOSED.format(income=Decimal("5000"), line=line_label())],
        "confirm_judgement": [findings.MSG_CONFIRM_JUDGEMENT],
    }
    assert form.at_risk and not form.propose_monitoring


def test_a_correction_records_the_income_change_and_asks_again_when_it_contradicts(campaign, household, personas, line):
    form = _submit(personas, campaign, household, per_capita_income=Decimal("9000"))
    kept = {"answers": {}, "at_risk": False, "propose_monitoring": False, "filled_on": form.filled_on}

    with pytest.raises(ValidationError) as asked:
        campaigns.form_update(actor=personas.cadre_a, form=form, per_capita_income=Decimal("6800"), **kept)
    campaigns.form_update(
        actor=personas.cadre_a, form=form, per_capita_income=Decimal("6800"), risk_types=["low_income"],
        at_risk=True, propose_monitoring=True, answers={}, filled_on=form.filled_on,
    )  # fmt: skip

    assert "confirm_judgement" in asked.value.message_dict
    form.refresh_from_db()
    assert (form.per_capita_income, form.risk_types) == (Decimal("6800.00"), ["low_income"])
    event = HouseholdEvent.objects.filter(household=household, summary__contains="修改入户排查表").get()
    assert {"field": "per_capita_income", "label": "家庭年人均纯收入（元）", "old": "9,000.00", "new": "6,800.00"} in (
        event.changes
    )


# --- pages ---


def test_the_form_page_asks_income_and_food_first_with_the_registry_figure_and_the_line(
    campaign, household, personas, login, line
):
    page = login(personas.cadre_a).get(f"/campaigns/{campaign.pk}/households/{household.pk}/form/").content.decode()

    assert "家庭年人均纯收入（元）" in page and 'inputmode="decimal"' in page
    assert f"档案中尚未录入年度收支；对照{line_label()}" in page
    assert "存在吃穿困难（“两不愁”）" in page and "存在的返贫致贫风险（勾选①时至少选一项，可多选）" in page
    assert page.index("家庭年人均纯收入") < page.index('data-item="1"')
    assert "判定核实无误" not in page  # shown only once asked


def test_the_page_shows_the_contradiction_at_the_judgement_and_saves_once_confirmed(
    campaign, household, personas, login, line
):
    client = login(personas.cadre_a)
    url = f"/campaigns/{campaign.pk}/households/{household.pk}/form/"
    data = {"filled_on": today().isoformat(), "per_capita_income": "5200", "item_3_checked": ["housing_2"],
            "item_3_problem": "东侧土坯房墙体开裂"}  # fmt: skip

    asked = client.post(url, data)
    saved_before_confirming = ScreeningForm.objects.exists()
    saved = client.post(url, {**data, "confirm_judgement": "on"})

    page = asked.content.decode()
    assert asked.status_code == 200 and not saved_before_confirming
    assert findings.MSG_CONFLICT_INCOME.format(income=Decimal("5200"), standing=f"低于{line_label()}") in page
    assert findings.MSG_CONFLICT_GUARANTEE.format(which="住房安全") in page
    assert "判定核实无误" in page and findings.MSG_CONFIRM_JUDGEMENT in page
    assert saved.status_code == 302
    form = ScreeningForm.objects.get(household=household)
    assert form.per_capita_income == Decimal("5200.00")


def test_the_record_shows_income_against_the_line_guarantee_problems_risks_and_the_contradiction(
    campaign, household, personas, login, line
):
    form = _submit(
        personas, campaign, household, answers=HOUSING, per_capita_income=Decimal("5200"), food_clothing_problem=True,
        food_clothing_note="口粮不够吃到年底", risk_types=["unsafe_housing"], confirm_judgement=True,
    )  # fmt: skip

    page = login(personas.cadre_a).get(f"/campaigns/forms/{form.pk}/").content.decode()

    assert "5,200.00 元" in page and f"低于{line_label()}" in page
    assert "吃穿、住房安全" in page and "口粮不够吃到年底" in page
    assert "唯一住房存在安全问题" in page
    assert "综合判定与排查情况不一致" in page
    assert findings.MSG_CONFLICT_GUARANTEE.format(which="吃穿、住房安全") in page


def test_the_edit_page_keeps_the_findings(campaign, household, personas, login, line):
    form = _submit(personas, campaign, household, per_capita_income=Decimal("9100.5"), risk_types=["other"],
                   at_risk=True)  # fmt: skip

    page = login(personas.cadre_a).get(f"/campaigns/forms/{form.pk}/edit/").content.decode()

    assert 'value="9100.50"' in page
    assert re.search(r'value="other"[^>]*checked', page)


# --- the 入户排查台账 export (附件2) ---


def _sheet(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True))


def test_the_campaign_exports_its_forms_in_the_attachment_2_layout(campaign, household, personas, login, line):
    _submit(
        personas, campaign, household, answers=HOUSING, per_capita_income=Decimal("5200"), food_clothing_problem=True,
        food_clothing_note="口粮不够", risk_types=["unsafe_housing"], at_risk=True, propose_monitoring=True,
    )  # fmt: skip

    response = login(personas.cadre_a).get(f"/campaigns/{campaign.pk}/forms/export/")

    rows = _sheet(response)
    assert response.status_code == 200
    assert "入户排查台账（冬季集中排查）" in rows[0][0]
    assert f"收入对照：{line_label()}" in rows[1][0]
    header = list(rows[2])
    assert header[:11] == [
        "序号", "镇", "村", "组", "户类型", "户主姓名", "证件号码", "联系电话", "家庭年人均纯收入（元）",
        "吃穿（两不愁）", "“两不愁三保障”及饮水安全问题",
    ]  # fmt: skip
    assert header[11:23] == [
        "1 义务教育", "2 基本医疗", "3 住房安全", "4 安全饮水", "5 易地扶贫搬迁", "6 产业发展", "7 脱贫人口就业",
        "8 脱贫人口小额信贷", "9 消费帮扶", "10 资金项目管理", "11 防止返贫动态监测", "12 帮扶工作",
    ]  # fmt: skip
    assert header[23:] == [
        "13①疑似存在返贫致贫风险", "13②拟纳入监测对象评议", "存在的返贫致贫风险", "综合判定说明", "排查人", "排查日期",
        "排查名称",
    ]  # fmt: skip
    row = dict(zip(header, rows[3], strict=True))
    assert (row["镇"], row["村"], row["组"], row["户类型"], row["户主姓名"]) == (
        "涂埠镇", "城南村", "城南村一组", "一般农户", "张大山",
    )  # fmt: skip
    assert row["联系电话"] == "13912345678" and len(row["证件号码"]) == 18
    assert row["家庭年人均纯收入（元）"] == 5200
    assert (row["吃穿（两不愁）"], row["“两不愁三保障”及饮水安全问题"]) == ("口粮不够", "吃穿、住房安全")
    assert row["3 住房安全"] == "②：东侧土坯房墙体开裂" and row["1 义务教育"] is None
    assert (row["13①疑似存在返贫致贫风险"], row["13②拟纳入监测对象评议"]) == ("是", "是")
    assert row["存在的返贫致贫风险"] == "唯一住房存在安全问题"
    assert AuditEvent.objects.filter(action="reports.ledger_export", summary__contains="入户排查台账").exists()


def test_a_reader_without_the_registry_reads_the_numbers_masked_on_the_reports_page(
    campaign, household, personas, login, line
):
    _submit(personas, campaign, household, per_capita_income=Decimal("9000"))

    response = login(personas.official).post("/reports/export/", {"ledger": "screening_forms"})

    rows = _sheet(response)
    header = list(rows[2])
    row = dict(zip(header, rows[3], strict=True))
    assert "*" in row["证件号码"] and row["联系电话"] == "139****5678"
    assert row["“两不愁三保障”及饮水安全问题"] == "无" and row["13①疑似存在返贫致贫风险"] == "否"


def test_a_form_keeps_its_heads_id_number_after_the_household_emptied(campaign, household, personas, login, line):
    _submit(personas, campaign, household, per_capita_income=Decimal("9000"))
    head = Member.objects.get(household=household, relation=Relation.HEAD)
    Member.objects.filter(pk=head.pk).update(living_status=LivingStatus.DECEASED, status_changed_on=today())

    response = login(personas.cadre_a).get(f"/campaigns/{campaign.pk}/forms/export/")

    rows = _sheet(response)
    row = dict(zip(list(rows[2]), rows[3], strict=True))
    assert (row["户主姓名"], row["证件号码"]) == ("张大山", head.id_number)


# --- API ---


def test_the_api_refuses_a_bad_income_in_chinese_and_asks_about_the_judgement(
    campaign, household, personas, login, line
):
    client = login(personas.cadre_a)
    body = {"campaign": campaign.pk, "household": household.pk, "answers": HOUSING}

    negative = client.post("/api/v1/screening-forms/", {**body, "per_capita_income": "-3"}, "application/json")
    asked = client.post("/api/v1/screening-forms/", {**body, "per_capita_income": "5200"}, "application/json")
    saved = client.post(
        "/api/v1/screening-forms/",
        {**body, "per_capita_income": "5200", "risk_types": ["unsafe_housing"], "confirm_judgement": True},
        "application/json",
    )

    assert negative.status_code == 400 and negative.json()["per_capita_income"] == [findings.MSG_INCOME_NEGATIVE]
    assert asked.status_code == 400
    assert asked.json()["at_risk"] == [
        findings.MSG_CONFLICT_INCOME.format(income=Decimal("5200"), standing=f"低于{line_label()}"),
        findings.MSG_CONFLICT_GUARANTEE.format(which="住房安全"),
    ]
    assert asked.json()["confirm_judgement"] == [findings.MSG_CONFIRM_JUDGEMENT]
    assert saved.status_code == 201, saved.content
    data = saved.json()
    assert data["per_capita_income"] == "5200.00"
    assert (data["income_line"], data["below_line"]) == (line_label(), True)
    assert data["guarantee_problems"] == ["住房安全"] and data["risk_types"] == ["unsafe_housing"]
    assert len(data["judgement_conflicts"]) == 3 and "confirm_judgement" not in data


def test_the_api_patch_keeps_what_it_leaves_out_and_changes_the_income(campaign, household, personas, login, line):
    form = _submit(personas, campaign, household, per_capita_income=Decimal("9000"), food_clothing_problem=True,
                   food_clothing_note="缺冬衣", at_risk=True, risk_types=["other"])  # fmt: skip

    response = login(personas.cadre_a).patch(
        f"/api/v1/screening-forms/{form.pk}/", {"per_capita_income": "9500"}, "application/json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["per_capita_income"], response.json()["food_clothing_note"]) == ("9500.00", "缺冬衣")
    assert response.json()["guarantee_problems"] == ["吃穿"] and response.json()["below_line"] is False
