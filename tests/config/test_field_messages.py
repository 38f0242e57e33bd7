"""Required-field errors name the field on the cadre's everyday forms (a visit, a consent, an objection, a return
visit), not Django's "该字段是必填项。" (review recheck_cadre: finding 12 was fixed on the household and member forms
only)."""

import pytest

from assistance.forms import ReturnVisitForm
from households.forms import ConsentForm, VisitForm
from workflow.forms import ObjectionForm

GENERIC = "该字段是必填项。"


@pytest.mark.parametrize("form_class", [VisitForm, ConsentForm, ObjectionForm, ReturnVisitForm])
def test_an_empty_required_field_is_named(form_class):
    form = form_class(data={})
    assert not form.is_valid()
    messages = [message for errors in form.errors.values() for message in errors]
    assert messages and GENERIC not in messages
    assert all(message.startswith(("请填写", "请选择", "请上传")) or "：" in message for message in messages), messages
