"""Bringing cases to a township audit step, for the township batch audit tests; a second township's officer and
village cadre, for the scope tests."""

from types import SimpleNamespace

from accounts.choices import Role
from tests.factories import UserFactory
from tests.workflow.batch_helpers import new_household, open_case
from tests.workflow.helpers import act_after_publicity
from workflow.choices import Outcome
from workflow.services.batches import CaseRef, case_version

# Yongxiu's identification: 村级评议, 村级公示, then 乡镇汇总初审 (a township audit), 县级部门比对, 乡镇审核.
TO_PRELIMINARY = [("cadre", "village_review"), ("cadre", "village_publicity")]
TO_AUDIT = [*TO_PRELIMINARY, ("township", "township_preliminary"), ("county_officer", "county_comparison")]


def at_township(personas, household, cadre, *, steps=TO_PRELIMINARY, township=None, **extra):
    """A Yongxiu identification case of this household acted up to a township audit step (乡镇汇总初审 by default,
    乡镇审核 with steps=TO_AUDIT)."""
    case = open_case(cadre, household, **extra)
    actors = {"cadre": cadre, "county_officer": personas.county_officer, "township": township or personas.township}
    for who, code in steps:
        case = act_after_publicity(actor=actors[who], case=case, step_code=code, outcome=Outcome.PASS)
    case.refresh_from_db()
    return case


def refs(cases):
    return [CaseRef(case.pk, case_version(case)) for case in cases]


def selection(cases):
    """The ticked cases as the page posts them: "id:version"."""
    return [f"{case.pk}:{case_version(case)}" for case in cases]


def other_township(county):
    """The officer of the second township and a cadre of its village, with a case at its township audit."""
    officer = UserFactory(
        username="township2",
        role=Role.TOWNSHIP_OFFICER,
        region_path=county.township2.path,
        region_name=county.township2.name,
    )
    cadre = UserFactory(
        username="cadre_c", role=Role.VILLAGE_CADRE, region_path=county.village_c.path, region_name="张公渡村"
    )
    return SimpleNamespace(officer=officer, cadre=cadre, household=new_household(cadre, county.village_c, "周七", 91))
