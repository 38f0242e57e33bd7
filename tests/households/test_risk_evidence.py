"""households.risk_evidence: which declared risks a household's own members contradict, the one reading the plan
page (assistance.fit.risk_conflicts) and the reviewing steps (workflow.selectors_risks) share."""

import datetime as dt

from households.choices import Health, LabourSkill, LivingStatus, StudentStage
from households.models import Member
from households.risk_evidence import risk_gaps
from tests.clock import today


def person(age: int, **fields) -> Member:
    born = dt.date(today().year - age, 1, 1)  # already had this year's birthday
    values = {
        "health": Health.HEALTHY,
        "labour_skill": LabourSkill.ORDINARY,
        "student_stage": StudentStage.NONE,
        "living_status": LivingStatus.LIVING,
    }
    return Member(birth_date=born, **(values | fields))


def gaps(risk_types, members, national=()):
    return [
        (g.code, g.missing)
        for g in risk_gaps(risk_types=risk_types, national_risk_types=national, members=members, today=today())
    ]


def test_a_medical_cost_with_nobody_ill_or_disabled_is_contradicted():
    assert gaps(["medical_cost"], [person(50), person(48)]) == [
        ("medical_cost", "没有成员登记为患有大病、长期慢性病或残疾")
    ]
    assert gaps(["medical_cost"], [person(50, health=Health.CHRONIC)]) == []
    # A member who died is no longer the one the medical cost is for.
    assert gaps(["medical_cost"], [person(50, health=Health.SERIOUS, living_status=LivingStatus.DECEASED)]) != []


def test_the_national_code_is_read_only_where_the_seed_type_did_not_already_say_it():
    healthy = [person(50)]
    assert [code for code, _ in gaps(["medical_cost"], healthy, ["illness"])] == ["medical_cost"]
    # 因病 with only a disabled member is 因残 (households.national), and the other way round.
    disabled = [person(50, health=Health.DISABLED)]
    assert gaps(["medical_cost"], disabled, ["illness"]) == [("illness", "没有成员登记为患有大病或长期慢性病")]
    assert gaps(["medical_cost"], [person(50, health=Health.SERIOUS)], ["disability"]) == [
        ("disability", "没有成员登记为残疾")
    ]
    assert gaps(["medical_cost"], disabled, ["disability"]) == []


def test_a_schooling_risk_wants_a_pupil_or_a_child_of_school_age():
    assert [c for c, _ in gaps(["school_dropout"], [person(50), person(20)])] == ["school_dropout"]
    assert gaps(["school_dropout"], [person(50), person(12, student_stage=StudentStage.NONE)]) == []
    assert gaps(["school_dropout"], [person(50), person(17, student_stage=StudentStage.JUNIOR)]) == []
    # 因学 is any schooling: a college student bears it out, not the 辍学 seed type.
    student = [person(50), person(19, student_stage=StudentStage.UNDERGRADUATE)]
    assert gaps(["low_income"], student, ["education"]) == []
    assert [c for c, _ in gaps(["low_income"], [person(50)], ["education"])] == ["education"]


def test_a_job_loss_wants_someone_who_could_work():
    elderly = [person(70, labour_skill=LabourSkill.WEAK), person(40, labour_skill=LabourSkill.LOST)]
    assert [c for c, _ in gaps(["unemployment"], elderly)] == ["unemployment"]
    assert [c for c, _ in gaps(["low_income"], elderly, ["unstable_employment"])] == ["unstable_employment"]
    assert gaps(["unemployment"], [*elderly, person(30)]) == []


def test_a_labourers_death_wants_a_member_recorded_deceased():
    assert gaps(["labourer_death"], [person(50)]) == [("labourer_death", "没有成员登记为已故")]
    assert gaps(["labourer_death"], [person(50), person(52, living_status=LivingStatus.DECEASED)]) == []


def test_risks_the_registry_cannot_tell_are_never_contradicted():
    risks = ["low_income", "business_failure", "disaster_loss", "unsafe_housing", "unsafe_water", "other"]
    national = ["natural_disaster", "accident", "business_failure", "lack_of_labour", "housing", "drinking_water"]
    assert gaps(risks, [person(50)], national) == []


def test_a_housing_or_water_risk_is_contradicted_by_a_record_that_says_it_is_secured():
    members = [person(50)]
    secured = {"housing_ok": True, "water_ok": True}

    def said(risk_types, national=(), record=secured):
        found = risk_gaps(
            risk_types=risk_types, national_risk_types=national, members=members, today=today(), secured=record
        )
        return [(g.code, g.label, g.missing) for g in found]

    assert said(["unsafe_housing"], ["housing"]) == [
        ("unsafe_housing", "唯一住房存在安全问题", "档案记载住房安全有保障")
    ]
    # The national code alone (income below the line recorded 因安全饮水) is read too, under its own name.
    assert said(["low_income"], ["drinking_water"]) == [("drinking_water", "因安全饮水", "档案记载饮水安全有保障")]
    assert said(["unsafe_housing"], record={"housing_ok": False, "water_ok": True}) == []
    assert said(["unsafe_water"], record=None) == []  # the record not read: nothing said
