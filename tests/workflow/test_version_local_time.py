"""A case's version is given in Beijing time (+08:00) as every other time of the API, and still compared as the
instant it names: a client that read it in UTC (+00:00, as it was given before) is not refused with a 409."""

import datetime as dt

import pytest

from tests.workflow.batch_helpers import at_approval
from workflow.choices import CaseStepStatus
from workflow.models import CaseStep
from workflow.services.case_locks import case_version, version_matches

pytestmark = pytest.mark.django_db


def in_utc(version: str) -> str:
    return dt.datetime.fromisoformat(version).astimezone(dt.UTC).isoformat()


def test_a_case_version_is_in_beijing_time_and_its_utc_form_still_acts(personas, login, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    client = login(personas.approver)
    version = client.get(f"/api/v1/cases/{case.pk}/").json()["version"]
    assert version.endswith("+08:00") and version == case_version(case)
    body = {"step_code": "county_approval", "outcome": "pass", "document_number": "永巩固〔2026〕32号"}

    done = client.post(
        f"/api/v1/cases/{case.pk}/act/", {**body, "version": in_utc(version)}, content_type="application/json"
    )

    assert done.status_code == 200, done.content.decode()
    assert CaseStep.objects.get(case=case, step__code="county_approval").status == CaseStepStatus.DONE


def test_a_version_matches_the_same_instant_only(personas, household_a):
    case = at_approval(personas, household_a, personas.cadre_a)
    version = case_version(case)

    assert version_matches(case, version) and version_matches(case, in_utc(version))
    later = dt.datetime.fromisoformat(version) + dt.timedelta(microseconds=1)
    assert not version_matches(case, later.isoformat())
    assert not version_matches(case, version[:-6])  # no offset: not a version this app gave
    assert not version_matches(case, "garbage")
