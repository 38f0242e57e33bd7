"""Every id a field's aria-describedby names (Django: <id>_helptext, <id>_error) is on the page, so a screen
reader reads the field's range and its error with it: the templates used other ids (<id>_help) or none."""

import re

import pytest

pytestmark = pytest.mark.django_db

DESCRIBED = re.compile(r'aria-describedby="([^"]+)"')


def missing_ids(html: str) -> set[str]:
    named = {name for value in DESCRIBED.findall(html) for name in value.split()}
    return {name for name in named if f'id="{name}"' not in html}


def test_the_security_policy_form_with_errors_names_ids_that_exist(personas, login):
    page = login(personas.security_admin).post("/accounts/security/", {"failure_limit": "0"}).content.decode()
    assert DESCRIBED.search(page) and re.search(r'id="id_\w+_error"', page)
    assert missing_ids(page) == set()


def test_a_form_rendered_by_the_shared_field_template_names_ids_that_exist(personas, login):
    page = login(personas.cadre_a).post("/accounts/password/", {"old_password": "x"}).content.decode()
    assert DESCRIBED.search(page) and re.search(r'id="id_\w+_error"', page)
    assert missing_ids(page) == set()
