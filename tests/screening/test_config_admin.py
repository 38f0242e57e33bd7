"""Monitoring lines, warning lines and screening rules edited on the configuration site (/admin/): what the audit log
records of an edit, which edits re-screen the county, and what the rule's change page lets the system admin edit."""

from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry

from accounts.audit import UNCHANGED
from accounts.audit_labels import change_line, changes_in_words
from accounts.models import AuditEvent
from screening.models import MonitoringLine, ScreeningRule, WarningLine
from screening.services.config import MSG_LINE_EXISTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def screenings(monkeypatch):
    """The county runs the saves start, counted instead of run (the callbacks on commit are run by the test)."""
    from screening import tasks

    started: list[str] = []
    monkeypatch.setattr(tasks.screen_county, "delay", lambda kind: started.append(kind))
    return started


def line_data(line, **overrides):
    data = {
        "year": line.year,
        "region_prefix": line.region_prefix,
        "region_label": line.region_label,
        "amount": line.amount,
        "basis": line.basis,
    }
    if line.inclusive:  # a checkbox: sent only when ticked
        data["inclusive"] = "on"
    return data | overrides


def rule_data(rule, **overrides):
    """The change page's post: the rule's parameters as typed fields (param_<key>; a checkbox sent when ticked)."""
    data = {"code": rule.code, "name": rule.name, "kind": rule.kind, "risk_type": rule.risk_type}
    for name, value in rule.params.items():
        if value is not False:
            data[f"param_{name}"] = "on" if value is True else value
    if rule.is_active:
        data["is_active"] = "on"
    return data | overrides


def warning_data(warning, **overrides):
    data = {"line": warning.line_id, "starts_on": warning.starts_on, "ends_on": warning.ends_on}
    return data | {"amount": warning.amount} | overrides


def change_lines(reader, event):
    """The event's changes as the audit log page shows them to `reader`."""
    return [
        change_line(c) for c in changes_in_words(reader, event.object_type, event.action, event.before, event.after, {})
    ]


def test_a_rules_code_is_read_only_on_its_change_page_and_given_on_the_add_page(personas, login):
    rule = ScreeningRule.objects.get(code="HOUSING_UNSAFE")
    client = login(personas.system_admin)

    change_form = client.get(f"/admin/screening/screeningrule/{rule.pk}/change/").context["adminform"].form
    response = client.post(
        f"/admin/screening/screeningrule/{rule.pk}/change/", rule_data(rule, code="HOUSING_X", name="住房不安全")
    )
    added = client.post(
        "/admin/screening/screeningrule/add/",
        rule_data(rule, code="WATER_X", name="饮水"),
    )

    assert "code" not in change_form.fields
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.code, rule.name) == ("HOUSING_UNSAFE", "住房不安全")
    assert "规则代码" not in LogEntry.objects.get(object_id=str(rule.pk)).get_change_message()
    assert added.status_code == 302
    assert ScreeningRule.objects.filter(code="WATER_X").exists()


def test_a_rules_parameters_are_typed_fields_on_its_change_page_as_on_the_countys(personas, login):
    """The configuration site asked for the parameters as raw JSON while /screening/rules/<id>/ has a field each."""
    rule = ScreeningRule.objects.get(code="RIGID_EXPENSE")
    client = login(personas.system_admin)
    url = f"/admin/screening/screeningrule/{rule.pk}/change/"

    page = client.get(url)
    form = page.context["adminform"].form
    refused = client.post(url, rule_data(rule, param_share="6"))
    client.post(url, rule_data(rule, param_share="0.6"))

    assert "params" not in form.fields and {"param_share", "param_min_amount"} <= set(form.fields)
    assert 'name="param_share"' in page.content.decode() and 'name="params"' not in page.content.decode()
    assert refused.context["adminform"].form.errors["param_share"]
    rule.refresh_from_db()
    assert rule.params["share"] == 0.6


def test_a_rule_edit_records_each_field_it_changed_and_only_those(personas, login):
    rule = ScreeningRule.objects.get(code="HOUSING_UNSAFE")
    client = login(personas.system_admin)

    client.post(f"/admin/screening/screeningrule/{rule.pk}/change/", rule_data(rule, risk_type="other"))

    event = AuditEvent.objects.get(action="screening.rule_save")
    assert (event.before, event.after) == ({"risk_type": "unsafe_housing"}, {"risk_type": "other"})
    assert change_lines(personas.audit_admin, event) == ["对应风险类型：唯一住房存在安全问题 → 其他风险"]


def test_a_line_edit_records_its_label_and_basis(personas, login):
    line = MonitoringLine.objects.get(year=2025, region_prefix="53")

    login(personas.system_admin).post(
        f"/admin/screening/monitoringline/{line.pk}/change/",
        line_data(line, region_label="云南", basis="云南省2025年监测范围（修订）"),
    )

    event = AuditEvent.objects.get(action="screening.line_save")
    assert event.before == {"region_label": "云南省", "basis": "云南省2025年监测范围"}
    assert event.after == {"region_label": "云南", "basis": "云南省2025年监测范围（修订）"}


def test_a_warning_line_edit_records_what_it_was(personas, login):
    warning = WarningLine.objects.get(line__year=2023, line__region_prefix="44", starts_on__month=7)

    login(personas.system_admin).post(
        f"/admin/screening/warningline/{warning.pk}/change/", warning_data(warning, amount="10650")
    )

    event = AuditEvent.objects.get(action="screening.warning_save")
    assert (event.before, event.after) == ({"amount": "10600.00"}, {"amount": "10650"})


@pytest.mark.parametrize("kind", ["line", "warning", "rule"])
def test_a_save_that_changed_nothing_says_so_and_starts_no_screening(
    personas, login, screenings, django_capture_on_commit_callbacks, kind
):
    line = MonitoringLine.objects.get(year=2023, region_prefix="44")
    url, data = {
        "line": (f"monitoringline/{line.pk}", line_data(line)),
        "warning": (f"warningline/{line.warnings.first().pk}", warning_data(line.warnings.first())),
        "rule": (
            f"screeningrule/{ScreeningRule.objects.get(code='RIGID_EXPENSE').pk}",
            rule_data(ScreeningRule.objects.get(code="RIGID_EXPENSE")),
        ),
    }[kind]

    with django_capture_on_commit_callbacks(execute=True):
        response = login(personas.system_admin).post(f"/admin/screening/{url}/change/", data)

    assert response.status_code == 302
    event = AuditEvent.objects.get(action__startswith="screening.")
    assert event.summary.endswith(UNCHANGED)
    assert (event.before, event.after) == (None, None)
    assert screenings == []


def test_only_a_change_the_screening_reads_re_screens_the_county(
    personas, login, screenings, django_capture_on_commit_callbacks
):
    line = MonitoringLine.objects.get(year=2023, region_prefix="44")
    rule = ScreeningRule.objects.get(code="RIGID_EXPENSE")
    client = login(personas.system_admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/screening/monitoringline/{line.pk}/change/", line_data(line, basis="新的依据"))
        client.post(f"/admin/screening/screeningrule/{rule.pk}/change/", rule_data(rule, name="刚性支出过高"))
    assert screenings == []

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/screening/monitoringline/{line.pk}/change/", line_data(line, amount="10500"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/screening/screeningrule/{rule.pk}/change/",
            rule_data(rule, param_share="0.6", param_min_amount="5000"),
        )
    assert screenings == ["full", "full"]


def test_a_duplicate_line_is_named_by_the_line_already_entered(personas, login):
    yunnan = MonitoringLine.objects.get(year=2025, region_prefix="53")

    response = login(personas.system_admin).post(
        f"/admin/screening/monitoringline/{yunnan.pk}/change/", line_data(yunnan, year="2023", region_prefix="44")
    )

    assert response.context["adminform"].form.errors["year"] == [MSG_LINE_EXISTS.format(year=2023, region="广东省")]
    yunnan.refresh_from_db()
    assert (yunnan.year, yunnan.amount) == (2025, Decimal("8700.00"))


def test_the_county_page_says_whether_the_save_re_screens(personas, login, django_capture_on_commit_callbacks):
    """A save that changes nothing the screening reads starts no county run, and the page does not say it does."""
    rule = ScreeningRule.objects.get(code="HOUSING_UNSAFE")
    client = login(personas.county_officer)
    data = {"name": rule.name, "risk_type": rule.risk_type, "param_item": rule.params["item"]}  # the page's fields
    if rule.is_active:
        data["is_active"] = "on"
    with django_capture_on_commit_callbacks() as callbacks:
        page = client.post(f"/screening/rules/{rule.pk}/", data, follow=True).content.decode()
    assert "未改变筛查口径，不重新筛查。" in page and not callbacks

    with django_capture_on_commit_callbacks() as callbacks:
        page = client.post(f"/screening/rules/{rule.pk}/", data | {"name": "住房不安全"}, follow=True)
    assert "未改变筛查口径" in page.content.decode()  # a name is only shown

    data["is_active"] = "" if rule.is_active else "on"
    with django_capture_on_commit_callbacks() as callbacks:
        page = client.post(f"/screening/rules/{rule.pk}/", data, follow=True).content.decode()
    assert "全县将重新筛查。" in page and len(callbacks) == 1
