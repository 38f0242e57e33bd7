"""The 明白卡 on paper (printed-matter review, finding 1): with the village's 自主申报 QR code, the national APP and
12317 added to its 自主申报方式和途径, and the most village cadres and 驻村工作队 members it names, each with a phone
(work-team review, finding 2), the card of a monitored household with five measures still prints on one A4 page,
the code whole and beside the ways; on a phone the code goes under them."""

import datetime as dt
import io
import unicodedata
from decimal import Decimal

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from accounts.roles import Role
from assistance.catalogue import install as install_catalogue
from assistance.models import MeasureCategory, MeasureType
from assistance.services import measures, plans
from households.choices import HouseholdType, LabourCapacity, MonitoringCategory, Relation
from households.models import Household, Region
from households.services import registry
from tests.clock import today
from tests.factories import UserFactory
from tests.households.conftest import member_row

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
# With cadre_a, three cadres and three of the 驻村工作队: the most the card names (help_card.PEOPLE_PER_ROLE).
VILLAGE_PEOPLE = [(Role.VILLAGE_CADRE, "欧阳秀兰"), (Role.VILLAGE_CADRE, "李建国")] + [
    (Role.WORK_TEAM, name) for name in ("司马文华", "王第一书记", "陈队员")
]
MEASURES = ("micro_credit", "enterprise_linkage", "housing_renovation", "temporary_relief", "charity")


@pytest.fixture
def card_url(live_server, personas, county):
    install_catalogue(MeasureCategory, MeasureType)
    household = registry.household_create(
        actor=personas.township,
        village=county.village_a,
        members=[member_row("张大山", Relation.HEAD, dt.date(1968, 3, 12), 11, labour_skill="ordinary")],
        household_type=HouseholdType.LIFTED_OUT,
        address="城南村3号",
    )
    Household.objects.filter(pk=household.pk).update(
        monitoring_category=MonitoringCategory.MARGINAL,
        monitoring_start=dt.date(2025, 3, 1),
        risk_types=["medical_cost"],
        labour_capacity=LabourCapacity.HAS_LABOUR,
        help_contact=personas.cadre_a,
    )
    Region.objects.filter(pk=county.county.pk).update(supervision_phone="0792-3221234")
    village = county.village_a.path
    for n, (role, name) in enumerate(VILLAGE_PEOPLE):
        UserFactory(username=f"village{n}", role=role, region_path=village, last_name=name, phone=f"1390791000{n}")
    plan = plans.plan_create(actor=personas.township, household=household)
    for i, code in enumerate(MEASURES):
        measures.measure_add(
            actor=personas.township,
            plan=plan,
            measure_type=MeasureType.objects.get(code=code),
            content="按政策落实，由责任单位跟踪到位",
            starts_on=today() + dt.timedelta(days=i),
            ends_on=today() + dt.timedelta(days=180),
            amount=Decimal("1200.00"),
            responsible_person="欧阳振华",
            responsible_unit="县农业农村局农村经营管理站",
            confirm_mismatch=True,
            mismatch_reason="村两委研究确定",
            confirm_unusual=True,
        )
    return f"{live_server.url}/assistance/households/{household.pk}/card/print/"


def test_the_card_with_its_qr_code_prints_on_one_a4_page(desktop: Page, log_in, card_url, screenshot):
    log_in(desktop, "cadre_a")
    desktop.goto(card_url)
    desktop.emulate_media(media="print")

    reader = PdfReader(io.BytesIO(desktop.pdf(format="A4")))
    texts = [unicodedata.normalize("NFKC", p.extract_text()).replace(" ", "") for p in reader.pages]
    qr = desktop.locator("[data-card-qr] svg").bounding_box()
    ways = desktop.locator("[data-card-ways]").bounding_box()
    screenshot(desktop, "help_card_print_a4")

    assert len(texts) == 1, [t[:80] for t in texts]
    assert "12317" in texts[0] and "全国防止返贫监测信息系统" in texts[0] and "0792-3221234" in texts[0]
    assert "13907910002" in texts[0] and "13907910004" in texts[0]  # the work team with their phones, on the page
    assert qr is not None and ways is not None
    assert 100 <= qr["width"] <= 140 and qr["x"] >= ways["x"] + ways["width"]  # about 30 mm, right of the ways


def test_on_a_phone_the_code_goes_under_the_ways(phone: Page, log_in, card_url, screenshot):
    log_in(phone, "cadre_a")
    phone.goto(card_url)

    qr = phone.locator("[data-card-qr] svg").bounding_box()
    ways = phone.locator("[data-card-ways]").bounding_box()
    screenshot(phone, "help_card_print_phone")

    assert qr is not None and ways is not None and qr["y"] >= ways["y"] + ways["height"] - 1
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
