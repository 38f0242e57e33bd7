"""The worklist's acts on a screening result (提议纳入监测, 核实不纳入, 不予排除) record the status they changed,
old and new, in the household's history and the audit log: a 核实不纳入 from 符合排除情形 and one from 待处理 no
longer read alike (an audit review's finding)."""

import pytest

from accounts.models import AuditEvent
from households.models import HouseholdEvent
from screening.choices import ExclusionKind, RunKind
from screening.models import ScreeningResult
from screening.services import results
from screening.services.runs import screening_run
from tests.screening.dismissing import dismiss

pytestmark = pytest.mark.django_db


def _result(household):
    return ScreeningResult.objects.get(household=household)


def _recorded(action):
    audit = AuditEvent.objects.filter(action=action).latest("id")
    history = HouseholdEvent.objects.filter(summary__startswith="筛查结果").latest("id")
    return audit, history


def test_a_dismissal_records_the_status_it_left(line, make_household, personas):
    household = make_household("5000")
    results.exclusion_add(actor=personas.cadre_a, household=household, kind=ExclusionKind.CAR, note="2023年购轿车")
    screening_run(kind=RunKind.NIGHTLY)

    dismiss(actor=personas.cadre_a, result=_result(household), reason="入户核实确有轿车，2023年购买")

    audit, history = _recorded("screening.dismiss")
    assert (audit.before, audit.after) == ({"status": "符合排除情形"}, {"status": "已核实不纳入"})
    assert history.changes == [
        {"field": "status", "label": "筛查结果状态", "old": "符合排除情形", "new": "已核实不纳入"}
    ]


def test_a_proposal_and_an_override_record_old_and_new(line, make_household, personas):
    hit = make_household("5000")
    excluded = make_household("5000")
    results.exclusion_add(actor=personas.cadre_a, household=excluded, kind=ExclusionKind.CAR, note="2023年购轿车")
    screening_run(kind=RunKind.NIGHTLY)

    results.result_propose(actor=personas.cadre_a, result=_result(hit))
    proposed, _ = _recorded("screening.propose")
    results.result_override_exclusion(actor=personas.county_officer, result=_result(excluded), justification="农用车")
    overridden, _ = _recorded("screening.override")

    assert (proposed.before, proposed.after) == ({"status": "待处理"}, {"status": "已提议纳入监测"})
    assert (overridden.before, overridden.after) == ({"status": "符合排除情形"}, {"status": "待处理"})
