"""config.once: one record per page submission."""

import threading
import uuid

import pytest
from django import forms
from django.db import connection, transaction

from config.once import ONCE_FIELD, OnceFormMixin, once_create
from households.models import Household, Visit
from tests.clock import today
from tests.factories import HouseholdFactory


class NoteForm(OnceFormMixin, forms.Form):
    notes = forms.CharField(label="走访情况")


def test_each_rendered_page_carries_a_new_token_and_a_re_render_keeps_the_posted_one():
    first, second = NoteForm()[ONCE_FIELD].value(), NoteForm()[ONCE_FIELD].value()
    assert uuid.UUID(str(first)) != uuid.UUID(str(second))
    bound = NoteForm({ONCE_FIELD: str(first), "notes": ""})
    assert not bound.is_valid()
    assert str(first) in bound.as_div()
    posted = NoteForm({ONCE_FIELD: str(first), "notes": "看望"})
    assert posted.is_valid()
    assert posted.once_token == uuid.UUID(str(first))


def test_a_page_without_a_token_is_saved_unguarded():
    form = NoteForm({"notes": "看望"})
    assert form.is_valid()
    assert form.once_token is None


def _visit(household: Household, user, token: uuid.UUID | None) -> Visit:
    return Visit.objects.create(
        household=household, region_path=household.region_path, visited_on=today(), visitor=user, once=token
    )


def _of(household: Household) -> dict[str, Household]:
    return {"household": household}


def test_the_same_token_returns_the_record_already_made(county, personas):
    household = HouseholdFactory(village=county.village_a)
    token = uuid.uuid4()
    first = once_create(Visit, token, lambda once: _visit(household, personas.cadre_a, once), scope=_of(household))
    again = once_create(Visit, token, lambda once: _visit(household, personas.cadre_a, once), scope=_of(household))
    assert not first.repeated and again.repeated
    assert again.record.pk == first.record.pk
    assert Visit.objects.filter(household=household).count() == 1
    # without a token every post makes its record
    once_create(Visit, None, lambda once: _visit(household, personas.cadre_a, once), scope=_of(household))
    once_create(Visit, None, lambda once: _visit(household, personas.cadre_a, once), scope=_of(household))
    assert Visit.objects.filter(household=household).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_without_a_lock_still_make_one_record(county, personas, audit_log_flushable):
    # given two connections inserting the same token, the second before the first commits (no lock taken)
    household = HouseholdFactory(village=county.village_a)
    token = uuid.uuid4()
    inserted, results = threading.Event(), []

    def other() -> None:
        try:
            with transaction.atomic():
                _visit(household, personas.cadre_a, token)
                inserted.set()
                threading.Event().wait(0.5)  # hold the row uncommitted while the main thread inserts
        finally:
            connection.close()

    thread = threading.Thread(target=other)
    thread.start()
    inserted.wait(5)
    # when this one inserts the same token (it waits on the unique index, then fails on it)
    with transaction.atomic():
        results.append(
            once_create(Visit, token, lambda once: _visit(household, personas.cadre_a, once), scope=_of(household))
        )
    thread.join()
    # then it gets the other's record, and there is one
    assert results[0].repeated
    assert Visit.objects.filter(once=token).count() == 1


def test_a_token_of_another_households_record_is_no_repeat_and_the_new_record_is_saved(county, personas):
    # given a visit of household A made with a token
    first, other = HouseholdFactory(village=county.village_a), HouseholdFactory(village=county.village_a)
    token = uuid.uuid4()
    mine = once_create(Visit, token, lambda once: _visit(first, personas.cadre_a, once), scope=_of(first))
    # when the same token comes with household B's record (A's page field copied into B's page)
    theirs = once_create(Visit, token, lambda once: _visit(other, personas.cadre_a, once), scope=_of(other))
    # then B's visit is recorded, without the token A's visit holds, and A's is untouched
    assert not theirs.repeated
    assert theirs.record.household == other and theirs.record.once is None
    assert Visit.objects.get(once=token).pk == mine.record.pk


def test_the_token_is_not_among_the_values_a_view_passes_to_a_service():
    form = NoteForm({ONCE_FIELD: str(uuid.uuid4()), "notes": "看望"})
    assert form.is_valid()
    assert form.cleaned_data == {"notes": "看望"}
    assert form.once_token is not None


def test_the_token_is_no_change_of_the_form():
    assert not NoteForm({ONCE_FIELD: str(uuid.uuid4())}, initial={}).has_changed()
