"""Review finding: a fresh demo (python -m config.stack run) seeded no 集中排查, so the campaign pages were empty.
seed_campaign_demo adds, through the screening services, one campaign the county ended earlier in the year with its
results and one the demo cadre's township runs now; a second run adds nothing. seed_demo itself seeds none (the
150,000-household bench seeds with it)."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import User
from screening.choices_campaigns import PhaseKind, ProblemStatus
from screening.models import AreaProblem, Campaign, CampaignAssignment, HouseholdProblem, ScreeningForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the demo's two dozen accounts
    call_command("seed_demo", households=300, stdout=io.StringIO())
    assert not Campaign.objects.exists()  # not in seed_demo: the bench's seeding stays as fast as it was


def _seed() -> str:
    out = io.StringIO()
    call_command("seed_campaign_demo", stdout=out)
    return out.getvalue()


def test_running_it_twice_creates_the_two_campaigns_once(demo):
    first = _seed()
    models = (Campaign, ScreeningForm, HouseholdProblem, CampaignAssignment)
    counts = [Model.objects.count() for Model in models]

    second = _seed()

    assert "已生成集中排查2次" in first
    assert "县里已有集中排查，跳过。" in second
    assert [
        Model.objects.count() for Model in (Campaign, ScreeningForm, HouseholdProblem, CampaignAssignment)
    ] == counts


def test_the_ended_campaign_has_its_results_dated_in_its_phases(demo):
    _seed()
    ended = Campaign.objects.get(closed_at__isnull=False)
    field = ended.phases.get(kind=PhaseKind.FIELD_SCREENING)
    today = timezone.localdate()

    assert ended.region_path == User.objects.get(username="county").region_path  # the county's
    assert field.ends_on < today and (today - field.starts_on).days < 366  # earlier this year (or last, before August)
    assert timezone.localdate(ended.closed_at) <= today
    forms = ScreeningForm.objects.filter(campaign=ended)
    assert forms.count() >= 20  # every household of the cadre's village at least
    assert all(field.starts_on <= f.filled_on <= field.ends_on for f in forms)
    statuses = list(HouseholdProblem.objects.filter(campaign=ended).values_list("status", flat=True))
    assert statuses and set(statuses) == {ProblemStatus.RECTIFIED}
    assert AreaProblem.objects.get(campaign=ended).status == ProblemStatus.IN_PROGRESS  # rectification goes on


def test_the_open_campaign_is_on_the_township_users_campaign_page(demo):
    _seed()
    township = User.objects.get(username="township")
    cadre = User.objects.get(username="cadre")
    going = Campaign.objects.get(closed_at__isnull=True)
    client = Client()
    client.force_login(township)

    index = client.get("/campaigns/").content.decode()
    detail = client.get(f"/campaigns/{going.pk}/").content.decode()

    assert going.region_path == township.region_path and cadre.region_path.startswith(township.region_path)
    assert going.name in index and "进行中" in index
    assert "年春季防止返贫致贫集中排查" in index  # the ended one beside it
    assert going.villages.filter(path=cadre.region_path).exists()
    assert going.assignments.filter(cadre=cadre).exists()  # the demo cadre screens in it
    assert ScreeningForm.objects.filter(campaign=going, region_path__startswith=cadre.region_path).exists()
    assert "入户排查" in detail and "进行中" in detail
