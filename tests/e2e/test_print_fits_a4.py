"""Review findings on printed documents, judged on the PDF Chromium makes of them (A4):

- the 帮扶措施公示 ran off the page: its short cells were kept on one line, so a head's name of twenty characters
  (or a long village group) pushed the table past the printable width and cut the amount's last digit;
- the 基础信息采集表 of a six-member household spilled onto a second page holding only its footnote, though the
  sheet is meant for a household of up to about eight on one page;
- a table row (a household in the long approval lists) could be cut across two pages."""

import datetime as dt
import io
import unicodedata
from decimal import Decimal

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from assistance.catalogue import install as install_catalogue
from assistance.models import MeasureCategory, MeasureType
from assistance.services import measures, plans
from households.choices import HouseholdType, LabourCapacity, MonitoringCategory, Relation
from households.models import Household, Member
from households.services import income, registry
from tests.clock import today
from tests.households.conftest import member_row
from workflow.models import Procedure, Step
from workflow.presets import install

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_NAME = "阿卜杜热合曼·买买提依明·艾力江托合提"  # 20 characters, as the registry takes a Uyghur name
FAMILY = [
    ("张大山", Relation.HEAD, dt.date(1968, 3, 12)),
    ("李秀英", Relation.SPOUSE, dt.date(1970, 7, 2)),
    ("张小明", Relation.SON, dt.date(2008, 9, 1)),
    ("张小丽", Relation.DAUGHTER, dt.date(2012, 5, 6)),
    ("张老汉", Relation.FATHER, dt.date(1945, 1, 9)),
    ("王桂花", Relation.MOTHER, dt.date(1947, 11, 23)),
    ("张小军", Relation.SON, dt.date(2015, 2, 14)),
    ("张小红", Relation.DAUGHTER, dt.date(2018, 6, 30)),
]


def pdf_pages(page: Page) -> list[str]:
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    # NFKC: CJK fonts map some characters to their Kangxi radical code points in the PDF's text layer.
    return [unicodedata.normalize("NFKC", p.extract_text()).replace(" ", "") for p in reader.pages]


def monitored(household: Household) -> Household:
    Household.objects.filter(pk=household.pk).update(
        monitoring_category=MonitoringCategory.MARGINAL,
        monitoring_start=dt.date(2025, 3, 1),
        risk_types=["medical_cost"],
        labour_capacity=LabourCapacity.HAS_LABOUR,
    )
    household.refresh_from_db()
    return household


@pytest.fixture
def notice_url(live_server, personas, county):
    install(Procedure, Step)
    install_catalogue(MeasureCategory, MeasureType)
    household = monitored(
        registry.household_create(
            actor=personas.township,
            village=county.village_a,
            members=[member_row(LONG_NAME, Relation.HEAD, dt.date(1968, 3, 12), 11, labour_skill="ordinary")],
            household_type=HouseholdType.LIFTED_OUT,
            address="城南村3号",
        )
    )
    plan = plans.plan_create(actor=personas.township, household=household)
    measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="enterprise_linkage"),
        starts_on=today(),
        ends_on=today() + dt.timedelta(days=180),
        amount=Decimal("1200.00"),
        responsible_person="欧阳振华",
        responsible_unit="县农业农村局农村经营管理站",
        confirm_mismatch=True,
        mismatch_reason="村两委研究确定",
        confirm_unusual=True,
    )
    return f"{live_server.url}/assistance/publicity/{county.village_a.code}/print/"


def test_the_measure_notice_fits_the_page_with_a_long_name_and_keeps_the_amount_whole(
    desktop: Page, log_in, notice_url
):
    log_in(desktop, "cadre_a")
    desktop.goto(notice_url)
    desktop.emulate_media(media="print")

    table = desktop.evaluate("document.querySelector('table[data-measures]').getBoundingClientRect().width")
    body = desktop.evaluate("document.body.getBoundingClientRect().width")
    amount = desktop.locator("table[data-measures] tbody td.amount").first
    texts = pdf_pages(desktop)

    assert table <= body, (table, body)
    assert amount.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing of 1,200.00 clipped or overflowing
    assert len(texts) == 1 and "1,200.00" in texts[0] and "委员会(盖章)" in texts[0]
    assert desktop.locator("table[data-measures] tbody td").nth(1).evaluate("e => e.scrollWidth <= e.clientWidth")


def test_a_table_row_is_never_cut_across_two_pages(desktop: Page, log_in, notice_url):
    log_in(desktop, "cadre_a")
    desktop.goto(notice_url)
    desktop.emulate_media(media="print")

    style = desktop.evaluate("getComputedStyle(document.querySelector('table[data-measures] tbody tr')).breakInside")

    assert style == "avoid"


@pytest.mark.parametrize("size", [6, 8])
def test_the_collection_sheet_of_a_household_of_up_to_eight_prints_on_one_page(
    desktop: Page, live_server, log_in, personas, county, size
):
    adult = {"labour_skill": "ordinary", "education": "junior"}
    pupil = {"labour_skill": "none", "education": "primary", "student_stage": "primary"}
    rows = [
        member_row(name, relation, birth, 11 + i, **(adult if birth.year < 2010 else pupil))
        for i, (name, relation, birth) in enumerate(FAMILY[:size])
    ]
    household = monitored(
        registry.household_create(
            actor=personas.township,
            village=county.village_a,
            members=rows,
            household_type=HouseholdType.LIFTED_OUT,
            address="城南村委会第三村民小组上屋场12号",
            phone="13812345678",
            confirm_unusual=True,
        )
    )
    # Health and work that wrap to two or three lines in their narrow columns.
    Member.objects.filter(household=household, name__in=["李秀英", "张老汉", "王桂花"]).update(
        health="disabled", disability_grade="2", disability_type="多重残疾"
    )
    Member.objects.filter(household=household, relation=Relation.HEAD).update(
        employment_place="out_of_province", employment_months=10
    )
    income.income_save(
        actor=personas.cadre_a,
        household=household,
        year=today().year - 1,
        amounts={"wage_income": Decimal("18000"), "medical_expenses": Decimal("26000")},
    )
    log_in(desktop, "cadre_a")
    desktop.goto(f"{live_server.url}/households/{household.pk}/form/print/")

    texts = pdf_pages(desktop)

    assert len(texts) == 1, [t[:80] for t in texts]
    assert "本表依据系统登记信息生成" in texts[0] and "张老汉" in texts[0]
