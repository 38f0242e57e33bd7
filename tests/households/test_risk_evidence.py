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


def died(years_ago: float | None, **fields) -> Member:
    """A member recorded deceased `years_ago` years before today (None: no date of death recorded)."""
    on = None if years_ago is None else today() - dt.timedelta(days=round(365.25 * years_ago))
    return person(55, living_status=LivingStatus.DECEASED, status_changed_on=on, **fields)


def gaps(risk_types, members, national=()):
    return [
        (g.code, g.missing)
        for g in risk_gaps(risk_types=risk_types, national_risk_types=national, members=members, today=today())
    ]


MEDICAL = "没有在世或近2年内去世的成员登记为患有大病、长期慢性病或残疾"


def test_a_medical_cost_with_nobody_ill_or_disabled_is_contradicted():
    assert gaps(["medical_cost"], [person(50), person(48)]) == [("medical_cost", MEDICAL)]
    assert gaps(["medical_cost"], [person(50, health=Health.CHRONIC)]) == []


def test_a_medical_cost_of_a_member_who_died_lately_is_borne_out():
    """Review finding: the family left in debt by a member's death from illness was told nobody is ill. A member
    recorded ill or disabled and deceased within two years (or with no date of death) bears the risk out."""
    assert gaps(["medical_cost"], [person(50), died(1, health=Health.SERIOUS)], ["illness"]) == []
    assert gaps(["medical_cost"], [person(50), died(1.9, health=Health.DISABLED)], ["disability"]) == []
    assert gaps(["medical_cost"], [person(50), died(None, health=Health.CHRONIC)]) == []
    # A death long ago, or of a member who was healthy, does not.
    assert gaps(["medical_cost"], [person(50), died(3, health=Health.SERIOUS)]) == [("medical_cost", MEDICAL)]
    assert gaps(["medical_cost"], [person(50), died(0.5)]) == [("medical_cost", MEDICAL)]
    # A member who moved out is not the household's patient.
    moved = person(50, health=Health.SERIOUS, living_status=LivingStatus.MOVED_OUT)
    assert gaps(["medical_cost"], [person(50), moved]) == [("medical_cost", MEDICAL)]


def test_the_national_code_is_read_only_where_the_seed_type_did_not_already_say_it():
    healthy = [person(50)]
    assert [code for code, _ in gaps(["medical_cost"], healthy, ["illness"])] == ["medical_cost"]
    assert gaps(["low_income"], healthy, ["illness"]) == [("illness", MEDICAL)]
    assert gaps(["medical_cost"], [person(50, health=Health.SERIOUS)], ["disability"]) == [
        ("disability", "没有在世或近2年内去世的成员登记为残疾")
    ]
    assert gaps(["medical_cost"], [person(50, health=Health.DISABLED)], ["disability"]) == []


def test_illness_with_only_a_disabled_member_is_not_contradicted():
    """Review finding: health is one choice, a member both disabled and ill is recorded 残疾, so 因病 beside a
    disabled member is what the registry can hold; nobody ill or disabled is still said."""
    disabled = [person(50), person(48, health=Health.DISABLED)]
    assert gaps(["medical_cost"], disabled, ["illness"]) == []
    assert gaps(["low_income"], disabled, ["illness"]) == []
    assert gaps(["low_income"], [person(50), person(48)], ["illness"]) == [("illness", MEDICAL)]


def test_a_schooling_risk_wants_a_pupil_or_a_child_of_school_age():
    assert gaps(["school_dropout"], [person(50), person(20)]) == [
        ("school_dropout", "没有中小学（含中职）在校生或6—17周岁的子女")
    ]
    assert gaps(["school_dropout"], [person(50), person(12, student_stage=StudentStage.NONE)]) == []
    assert gaps(["school_dropout"], [person(50), person(17, student_stage=StudentStage.JUNIOR)]) == []
    # 因学 is any schooling: a college student bears it out, not the 辍学 seed type.
    student = [person(50), person(19, student_stage=StudentStage.UNDERGRADUATE)]
    assert gaps(["low_income"], student, ["education"]) == []
    assert [c for c, _ in gaps(["school_dropout"], student)] == ["school_dropout"]
    assert gaps(["low_income"], [person(50)], ["education"]) == [("education", "没有在校生或6—17周岁的子女")]


def test_a_schooling_risk_of_a_senior_pupil_or_a_child_just_out_of_school_is_borne_out():
    """A 17-year-old at senior high or 中职 (the catalogue's 教育资助 and 雨露计划 hang on the 辍学 type), and a
    17-year-old the record says is out of school (a junior pupil who started late leaves at 16 or 17)."""
    for stage in (StudentStage.SENIOR, StudentStage.VOCATIONAL):
        assert gaps(["school_dropout"], [person(50), person(17, student_stage=stage)], ["education"]) == []
    assert gaps(["school_dropout"], [person(50), person(17)], ["education"]) == []
    # A child who died is not the pupil: nor is a grown-up out of school.
    gone = person(12, student_stage=StudentStage.PRIMARY, living_status=LivingStatus.DECEASED)
    assert [c for c, _ in gaps(["school_dropout"], [person(50), person(18), gone])] == ["school_dropout"]


WORKER = "没有16周岁以上、不在校且劳动技能不是丧失劳动力或无劳动力的成员"


def test_a_job_loss_wants_someone_who_could_work():
    nobody = [person(70, labour_skill=LabourSkill.NONE), person(40, labour_skill=LabourSkill.LOST)]
    assert gaps(["unemployment"], nobody) == [("unemployment", WORKER)]
    assert gaps(["low_income"], nobody, ["unstable_employment"]) == [("unstable_employment", WORKER)]
    assert gaps(["unemployment"], [*nobody, person(30)]) == []
    # A pupil or a child is not the one who lost a job; nor is a worker who died.
    pupil = person(17, student_stage=StudentStage.SENIOR)
    worker_died = person(45, living_status=LivingStatus.DECEASED)
    assert gaps(["unemployment"], [*nobody, pupil, person(15), worker_died]) == [("unemployment", WORKER)]


def test_a_job_loss_past_64_is_borne_out_by_the_labour_skill():
    """Review finding: a 65-year-old labourer who lost his job was flagged, working age stopping at 64. Rural
    labourers work on; the skill (技能/普通/弱劳动力或半劳动力, or none recorded) says who can work, at 16 or over."""
    for skill in (LabourSkill.ORDINARY, LabourSkill.SKILLED, LabourSkill.WEAK, ""):
        assert gaps(["unemployment"], [person(65, labour_skill=skill)], ["unstable_employment"]) == []
    assert gaps(["unemployment"], [person(72, labour_skill=LabourSkill.WEAK)]) == []
    assert gaps(["unemployment"], [person(65, labour_skill=LabourSkill.LOST)]) == [("unemployment", WORKER)]


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
