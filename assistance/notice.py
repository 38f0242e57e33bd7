"""How the printed 帮扶措施公示 (000 §三(三)7) names a measure and its responsible unit.

The notice is posted in the village. A person's medical measure (assistance.fit.is_medical: 大病专项救助,
家庭医生签约服务, 残疾人两项补贴 and any county measure like them) goes only to an ill or disabled member, so its
name beside the head's name tells the village that someone in the family is ill or disabled (DOMAIN.md "Privacy": a
posted notice carries no health detail; the identification notices likewise print the medical risk as 刚性支出较大,
workflow.models.cases.NOTICE_REASON_LABELS). Such a measure prints under its category's public name, and the county
department carrying it out (残疾人联合会, 卫生健康委员会) as 县有关部门. Its responsible person is printed as
专人负责: the person recorded is often the one treating the member (镇卫生院 陈医生), whose name or post says as much
as the measure's. The measure pages, the ledgers and the API keep the real name: only the posted notice is neutral.
医保参保资助 goes to everyone monitored and says nothing."""

from assistance.fit import DISABILITY_SUBSIDY, is_medical
from assistance.models import MeasureType, PlanMeasure

# Category code (assistance.catalogue.CATEGORIES) -> the name the notice prints for a measure it must not name.
NOTICE_CATEGORY_NAMES = {
    "industry": "产业帮扶",
    "employment": "就业帮扶",
    "security": "综合保障",
    "social": "社会帮扶",
    "motivation": "志智双扶",
}
NOTICE_DEFAULT_NAME = "综合保障"  # a category a county added: the safety net's wording, which names no illness
NOTICE_DEPARTMENT_UNIT = "县有关部门"
NOTICE_PERSON = "专人负责"


def reveals_health(measure_type: MeasureType) -> bool:
    """Whether the measure's name tells a reader that a member is ill or disabled."""
    return is_medical(measure_type) or measure_type.code == DISABILITY_SUBSIDY


def notice_name(measure_type: MeasureType) -> str:
    if not reveals_health(measure_type):
        return measure_type.name
    return NOTICE_CATEGORY_NAMES.get(measure_type.category.code, NOTICE_DEFAULT_NAME)


def notice_unit(measure: PlanMeasure) -> str:
    """The unit as printed: a county department's name would say what the measure is (残疾人联合会); the
    township and village (no department) say nothing and are printed as recorded."""
    if measure.responsible_department and reveals_health(measure.measure_type):
        return NOTICE_DEPARTMENT_UNIT
    return measure.responsible_unit


def notice_person(measure: PlanMeasure) -> str:
    """The responsible person as printed: for a measure that tells of health, whatever its unit, NOTICE_PERSON."""
    return NOTICE_PERSON if reveals_health(measure.measure_type) else measure.responsible_person
