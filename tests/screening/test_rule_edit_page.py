"""The county's page for one screening rule (/screening/rules/<id>/): the rule named in Chinese, one labelled, typed
field per parameter its kind takes (screening.rule_params.PARAMS) instead of a JSON text box, Chinese errors that
name the parameter, and the change audited old → new; the API lists the same parameters."""

import pytest

from accounts.audit_labels import change_line, changes_in_words
from accounts.models import AuditEvent
from screening.models import ScreeningRule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_county_run(monkeypatch):
    from screening import tasks

    monkeypatch.setattr(tasks.screen_county, "delay", lambda kind: None)


def _post(rule, **params):
    data = {"name": rule.name, "risk_type": rule.risk_type, **params}
    if rule.is_active:
        data["is_active"] = "on"
    return data


def test_the_income_rule_page_names_the_rule_and_each_parameter(personas, login):
    rule = ScreeningRule.objects.get(code="INCOME_BELOW_LINE")

    page = login(personas.county_officer).get(f"/screening/rules/{rule.pk}/").content.decode()

    assert "<h1>修改筛查规则：人均纯收入低于监测标准（预警时段低于预警线）</h1>" in page
    assert "筛查规则 INCOME_BELOW_LINE" not in page and "参数如" not in page and "JSON" not in page
    assert 'type="checkbox" name="param_use_warning_lines"' in page and "是否使用预警线" in page
    assert "不勾选则只按监测标准比较" in page
    assert 'type="number" name="param_stable_decline_max" value="0.1"' in page
    assert "收入稳定的最大降幅" in page and "取值0到1，默认0.1。" in page


def test_a_parameter_out_of_range_is_refused_at_its_field_in_chinese(personas, login):
    rule = ScreeningRule.objects.get(code="RIGID_EXPENSE")
    client = login(personas.county_officer)

    response = client.post(f"/screening/rules/{rule.pk}/", _post(rule, param_share="9", param_min_amount="abc"))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["param_share"] == ["刚性支出占家庭收入的比例应在0.05到5之间。"]
    assert form.errors["param_min_amount"] == ["刚性支出最低金额（元）应为数字。"]
    rule.refresh_from_db()
    assert rule.params.get("share", 0.5) == 0.5


def test_saving_the_typed_parameters_stores_them_and_audits_old_and_new(personas, login):
    rule = ScreeningRule.objects.get(code="INCOME_BELOW_LINE")
    client = login(personas.county_officer)

    response = client.post(f"/screening/rules/{rule.pk}/", _post(rule, param_stable_decline_max="0.15"))

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.params == {"use_warning_lines": False, "stable_decline_max": 0.15}  # an unticked box is "no"
    event = AuditEvent.objects.get(action="screening.rule_save")
    lines = [
        change_line(c)
        for c in changes_in_words(personas.audit_admin, event.object_type, event.action, event.before, event.after, {})
    ]
    assert len(lines) == 1 and "0.15" in lines[0] and "→" in lines[0]


def test_the_guarantee_item_is_chosen_by_name(personas, login):
    rule = ScreeningRule.objects.get(code="HOUSING_UNSAFE")
    client = login(personas.county_officer)

    page = client.get(f"/screening/rules/{rule.pk}/").content.decode()
    client.post(f"/screening/rules/{rule.pk}/", _post(rule, param_item="water"))

    assert '<option value="housing" selected>住房安全无保障</option>' in page
    rule.refresh_from_db()
    assert rule.params == {"item": "water"}


def test_the_rule_api_lists_the_parameters_its_kind_takes(personas, login):
    rules = login(personas.county_officer).get("/api/v1/screening-rules/").json()

    income = next(r for r in rules if r["code"] == "INCOME_BELOW_LINE")
    fields = {f["name"]: f for f in income["param_fields"]}
    assert set(fields) == {"use_warning_lines", "stable_decline_max"}
    assert fields["stable_decline_max"] | {"help": ""} == {
        "name": "stable_decline_max",
        "label": "收入稳定的最大降幅",
        "type": "number",
        "default": 0.1,
        "value": 0.1,
        "minimum": 0,
        "maximum": 1,
        "choices": {},
        "help": "",
    }
    assert fields["use_warning_lines"]["type"] == "boolean"
