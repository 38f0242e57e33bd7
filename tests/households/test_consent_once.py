"""A double tap on 保存 on a slow phone, or a phone resending the post it got no answer to, recorded the consent page's
consent twice once a second consent of the day had been confirmed (仍要保存), and otherwise answered the repeat with
the same-day question about the consent it had just saved. The page carries a token (config.once), stored on the
consent under a unique constraint: the same page posted again records nothing more and says the consent is saved."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from config.once import MSG_REPEATED
from households.models import Consent, HouseholdEvent
from households.services.confirm import CONFIRM_FIELD
from households.services.visits import MSG_CONSENT_SAME_DAY, consent_record
from tests.clock import today
from tests.households.page_form import changed, page_form
from tests.together import at_once

PDF = b"%PDF-1.7\n% signed consent\n" + bytes(range(256))
REPEATED = MSG_REPEATED.format(noun="承诺和授权查询书")
TOKEN = re.compile(r'name="once" value="([0-9a-f-]{36})"')


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def scan() -> SimpleUploadedFile:
    return SimpleUploadedFile("授权书.pdf", PDF, content_type="application/pdf")


def url(household) -> str:
    return f"/households/{household.pk}/consent/new/"


def tab(household) -> str:
    return f"/households/{household.pk}/?tab=consent"


def recorded(household) -> int:
    return HouseholdEvent.objects.filter(household=household, summary__startswith="登记承诺和授权查询书").count()


@pytest.mark.django_db
def test_the_same_consent_page_posted_twice_records_one_consent_and_says_so(personas, login, household_a, media):
    client = login(personas.cadre_a)
    page = client.get(url(household_a))
    post = changed(page_form(page, "signer"), signed_on=today())

    first = client.post(url(household_a), {**post, "scan": scan()})
    again = client.post(url(household_a), {**post, "scan": scan()}, follow=True)  # the same page's post, resent

    assert first.status_code == 302 and first.url == tab(household_a)
    assert again.redirect_chain[-1][0] == tab(household_a)
    text = again.content.decode()
    assert REPEATED in text and "请核对是否重复登记" not in text  # not asked about the consent it has just saved
    assert household_a.consents.count() == 1 and recorded(household_a) == 1
    body = page.content.decode()
    assert TOKEN.search(body) and "data-submit-once" in body  # the browser holds the button after the first tap too


@pytest.mark.django_db
def test_a_confirmed_second_consent_of_the_day_double_tapped_is_recorded_once(personas, login, household_a, media):
    consent_record(actor=personas.cadre_a, household=household_a, signed_on=today(), signer="self", scan=scan())
    client = login(personas.cadre_a)
    # the page posted: asked about the day's first consent, the page comes back with its token
    page = changed(page_form(client.get(url(household_a)), "signer"), signed_on=today())
    asked = client.post(url(household_a), {**page, "scan": scan()})
    assert asked.status_code == 200
    assert MSG_CONSENT_SAME_DAY.format(day=today(), count=1, signers="本人签字") in asked.content.decode()
    confirmed = {**changed(page_form(asked, "signer"), **{CONFIRM_FIELD: True}), "scan": scan()}

    # when 仍要保存 is ticked and 保存 tapped twice
    first = client.post(url(household_a), confirmed)
    again = client.post(url(household_a), {**confirmed, "scan": scan()}, follow=True)

    # then the second consent is recorded once
    assert household_a.consents.count() == 2 and recorded(household_a) == 2
    assert first.status_code == 302 and REPEATED in again.content.decode()
    # a new page is a new consent: the token is the page's, not the household's
    fresh = page_form(client.get(url(household_a)), "signer")
    assert fresh["once"] != confirmed["once"]
    client.post(url(household_a), {**changed(fresh, signed_on=today(), **{CONFIRM_FIELD: True}), "scan": scan()})
    assert household_a.consents.count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_posts_of_one_consent_page_at_once_record_one_consent(personas, household_a, media, audit_log_flushable):
    token = uuid.uuid4()
    results = at_once(
        lambda: consent_record(
            actor=personas.cadre_a, household=household_a, signed_on=today(), signer="self", scan=scan(), once=token
        )
    )

    assert all(isinstance(result, Consent) for result in results), results
    assert len({result.pk for result in results}) == 1
    assert household_a.consents.count() == 1 and recorded(household_a) == 1
