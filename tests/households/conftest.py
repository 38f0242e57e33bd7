import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from households import idnumber
from households.choices import HouseholdType, Relation, StudentStage
from households.services import registry


def make_id(birth: dt.date, sequence: int, division: str = "360425") -> str:
    return idnumber.make(division, birth, sequence)


# A name may hold no digits or Latin letters mixed with Chinese (households.names): a numbered test name ("户主12",
# "户主F8") is spelled in Chinese characters, one for each digit or letter, so that distinct numbers stay distinct.
_SPELLED = str.maketrans(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "零一二三四五六七八九甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥东南西北"
)


def numbered(prefix: str, number: object) -> str:
    """A test person's name with a number: numbered("户主", 12) is "户主一二"."""
    return prefix + str(number).upper().translate(_SPELLED)


def member_row(name: str, relation: str, birth: dt.date, sequence: int, **extra) -> dict:
    return {
        "name": name,
        "id_number": make_id(birth, sequence),
        "relation": relation,
        "health": "healthy",
        "ethnicity": "汉族",
        **extra,
    }


def consent_scan() -> SimpleUploadedFile:
    """The signed consent's scan: without it the consent is not on file (households.services.visits.consent_on_file)."""
    return SimpleUploadedFile("授权书.pdf", b"%PDF-1.7\n% signed consent\n", content_type="application/pdf")


@pytest.fixture
def family_rows():
    return [
        member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11),
        member_row("李秀英", Relation.SPOUSE, dt.date(1970, 7, 2), 22),
        # A junior-school pupil: entered as 非在校生 he would be asked about (households.services.school_age).
        member_row("张小明", Relation.SON, dt.date(2012, 9, 1), 33, student_stage=StudentStage.JUNIOR),
    ]


@pytest.fixture
def household_a(personas, county, family_rows):
    return registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=family_rows,
        household_type=HouseholdType.LIFTED_OUT,
        address="城南村3号",
    )


@pytest.fixture
def household_b(personas, county):
    rows = [member_row("王五", Relation.HEAD, dt.date(1975, 1, 5), 45)]
    return registry.household_create(
        actor=personas.cadre_b, village=county.village_b, members=rows, household_type=HouseholdType.ORDINARY
    )
