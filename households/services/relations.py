"""与户主关系 (DOMAIN.md "Code lists"): always relative to the current head. Which relations name a sex (之女 is a
woman: the ID number's sex must agree), and what each remaining member is to a new head when the head changes
(households.services.member_status), as far as it can be worked out from the relations to the old head."""

from dataclasses import dataclass

from households.choices import Relation, Sex

MSG_RELATION_SEX = "与户主关系“{relation}”与身份证号中的性别（{sex}）不符，请核对身份证号或与户主关系。"
# A member without an ID number yet (暂无身份证号, households.services.newborn): the sex is the one typed.
MSG_RELATION_SEX_TYPED = "与户主关系“{relation}”与填写的性别（{sex}）不符，请核对性别或与户主关系。"

# 配偶 is the head's husband or wife (民法典 第1049条: marriage between a man and a woman): one of the head's own sex is
# a wrong ID number or a wrong relation. Refused at entry as a relation against the member's own sex is.
MSG_SPOUSE_SEX = "与户主关系为“配偶”，但该成员与户主{head}同为{sex}性，请核对身份证号或与户主关系。"

R = Relation
MALE, FEMALE = Sex.MALE.value, Sex.FEMALE.value

# The relations that name a sex. The male and female of each pair, so that a relation can be given in the sex of
# the member it is for.
PAIRS: dict[str, tuple[str, str]] = {
    "parent": (R.FATHER, R.MOTHER),
    "child": (R.SON, R.DAUGHTER),
    "child_in_law": (R.SON_IN_LAW, R.DAUGHTER_IN_LAW),
    "sons_child": (R.GRANDSON, R.GRANDDAUGHTER),
    "daughters_child": (R.DAUGHTERS_SON, R.DAUGHTERS_DAUGHTER),
    "wifes_parent": (R.WIFES_FATHER, R.WIFES_MOTHER),
    "husbands_parent": (R.HUSBANDS_FATHER, R.HUSBANDS_MOTHER),
    "grandparent": (R.GRANDFATHER, R.GRANDMOTHER),
    "maternal_grandparent": (R.MATERNAL_GRANDFATHER, R.MATERNAL_GRANDMOTHER),
}
RELATION_SEX: dict[str, str] = {
    relation: sex for male, female in PAIRS.values() for relation, sex in ((male, MALE), (female, FEMALE))
}
# Each relation's kind, without its sex: 之子 and 之女 are both a child of the head.
KIND: dict[str, str] = {relation: kind for kind, pair in PAIRS.items() for relation in pair} | {
    R.HEAD: "head",
    R.SPOUSE: "spouse",
    R.SIBLING: "sibling",
    R.OTHER: "other",
}


def relation_sex_message(relation: str, sex: str, *, typed: bool = False) -> str:
    """The error of a relation that names the other sex than the ID number's (之女 for a man), or "". `typed`: the
    member has no ID number (暂无身份证号), the sex is the one typed, and the message says so."""
    if relation in RELATION_SEX and sex in (MALE, FEMALE) and RELATION_SEX[relation] != sex:
        message = MSG_RELATION_SEX_TYPED if typed else MSG_RELATION_SEX
        return message.format(relation=Relation(relation).label, sex=Sex(sex).label)
    return ""


def spouse_sex_message(relation: str, sex: str, *, head_name: str, head_sex: str) -> str:
    """The error of a 配偶 of the head's own sex, or "" (either sex unknown: nothing to compare)."""
    if relation == R.SPOUSE and sex in (MALE, FEMALE) and sex == head_sex:
        return MSG_SPOUSE_SEX.format(head=head_name, sex=Sex(sex).label)
    return ""


@dataclass(frozen=True)
class Kin:
    """A remaining member as the head change sees them: their relation to the old head and their sex."""

    pk: int
    relation: str
    sex: str


def _gendered(kind: str, sex: str) -> str:
    male, female = PAIRS[kind]
    return male if sex == MALE else female


def _only_one(members: list[Kin], relation: str) -> bool:
    return sum(1 for m in members if m.relation == relation) == 1


def relation_to_new_head(*, old_head_sex: str, new_head: Kin, member: Kin, household: list[Kin]) -> str:
    """What `member` is to `new_head`, both given by their relation to the old head; "" when it cannot be worked
    out (the cadre must then choose). `household` is every remaining living member, the new head included: a
    daughter-in-law is the new head's wife only if she is the only one, a grandson his son only if the new head is
    the only son. A couple is taken as the parents of the children listed (as the register does)."""
    new_kind, kind, sex = KIND.get(new_head.relation, ""), KIND.get(member.relation, ""), member.sex
    if kind == "other":
        return R.OTHER
    if kind == "head":
        # The old head stays on, living, under the new one (更换户主, households.services.head_change).
        return _old_head_to_new_head(new_head, sex)
    if new_kind == "spouse":
        # The widow(er) takes over: the children and their families stay what they were.
        if kind in ("child", "child_in_law", "sons_child", "daughters_child"):
            return member.relation
        if kind == "parent":  # the old head's parents are the new head's parents-in-law
            return _gendered("husbands_parent" if new_head.sex == FEMALE else "wifes_parent", sex)
        if kind in ("wifes_parent", "husbands_parent"):
            return _gendered("parent", sex)
    elif new_kind == "child":
        son = new_head.relation == R.SON
        if kind == "spouse":
            return _gendered("parent", sex)
        if kind == "child":
            return R.SIBLING
        if member.relation == (R.DAUGHTER_IN_LAW if son else R.SON_IN_LAW):
            return R.SPOUSE if _only_one(household, member.relation) else ""
        if kind == ("sons_child" if son else "daughters_child") and _only_one(household, new_head.relation):
            return _gendered("child", sex)
        if kind == "parent":  # grandparents on the old head's side
            return _gendered("grandparent" if old_head_sex == MALE else "maternal_grandparent", sex)
        if kind in ("wifes_parent", "husbands_parent"):  # grandparents on the other parent's side
            return _gendered("maternal_grandparent" if kind == "wifes_parent" else "grandparent", sex)
    elif new_kind == "child_in_law":
        # A son's widow (or a daughter's widower) takes over the household.
        through_son = new_head.relation == R.DAUGHTER_IN_LAW
        if kind == "spouse":
            return _gendered("husbands_parent" if through_son else "wifes_parent", sex)
        if kind == ("sons_child" if through_son else "daughters_child") and _only_one(household, new_head.relation):
            return _gendered("child", sex)
    elif new_kind == "parent":
        if kind == "spouse":
            return _gendered("child_in_law", sex)
        if kind == "child":
            return _gendered("sons_child" if old_head_sex == MALE else "daughters_child", sex)
        if kind == "parent":  # the old head's other parent
            return R.SPOUSE
        if kind == "sibling":
            return _gendered("child", sex)
    elif new_kind == "sibling":
        if kind == "parent":
            return member.relation
        if kind == "sibling":
            return R.SIBLING
    elif new_kind in ("sons_child", "daughters_child") and kind == "spouse":
        # A grandchild takes over: the grandmother (or grandfather) who stays.
        return _gendered("grandparent" if new_kind == "sons_child" else "maternal_grandparent", sex)
    return ""


def _old_head_to_new_head(new_head: Kin, sex: str) -> str:
    """What the old head is to the new head: the converse of the new head's relation to the old head."""
    new_kind = KIND.get(new_head.relation, "")
    if new_kind in ("spouse", "sibling", "other"):
        return new_head.relation
    converse = {
        "child": "parent",
        "parent": "child",
        "child_in_law": "husbands_parent" if new_head.relation == R.DAUGHTER_IN_LAW else "wifes_parent",
        "sons_child": "grandparent",
        "daughters_child": "maternal_grandparent",
        "wifes_parent": "child_in_law",
        "husbands_parent": "child_in_law",
        "grandparent": "sons_child",
        "maternal_grandparent": "daughters_child",
    }
    return _gendered(converse[new_kind], sex) if new_kind in converse and sex in (MALE, FEMALE) else ""


def former_head_relation(*, head: Kin, former_head_sex: str) -> str:
    """What a former head is to the head who took over from them (`head` with the relation it had to the former
    head): a mark undone offers it (households.services.member_restore); "" when it cannot be worked out."""
    return _old_head_to_new_head(head, former_head_sex)


def relations_after_head_change(*, old_head_sex: str, new_head: Kin, others: list[Kin]) -> dict[int, str]:
    """Every remaining member's relation to the new head as far as it can be worked out ("" otherwise), by pk."""
    household = [new_head, *others]
    return {
        member.pk: relation_to_new_head(
            old_head_sex=old_head_sex, new_head=new_head, member=member, household=household
        )
        for member in others
    }
