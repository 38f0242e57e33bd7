"""The configuration site speaks Chinese in one voice: a form with errors had the tab title "Error: 增加 环节" (Django
5.2 has no zh_Hans for "Error:"), and Django's messages after a save mixed 你 and 您 and ended with an ASCII full
stop (您可以在下面再次编辑它.). Our locale/ overrides them."""

import re

import pytest
from django.utils import translation

from workflow.models import Procedure

pytestmark = pytest.mark.django_db


def test_the_words_django_left_english_or_mixed_are_ours():
    with translation.override("zh-hans"):
        assert translation.gettext("Error:") == "有错误："
        assert translation.gettext("You may edit it again below.") == "您可以在下面继续修改。"
        changed = translation.gettext(
            "The {name} “{obj}” was changed successfully. You may edit it again below."
        ).format(name="环节", obj="村级公示")
        assert changed == "已修改环节“村级公示”。您可以在下面继续修改。"
        assert translation.gettext("No action selected.") == "未选择操作。"


def test_a_form_with_errors_has_a_chinese_tab_title(personas, login):
    procedure = Procedure.objects.get(code="yongxiu_identification")
    page = login(personas.system_admin).post(
        "/admin/workflow/step/add/", {"procedure": procedure.pk, "order": "", "code": "", "name": ""}
    )
    title = re.search(r"<title>(.*?)</title>", page.content.decode(), re.S).group(1)
    assert title.startswith("有错误：")
    assert "Error" not in title


def test_a_saved_step_is_said_in_one_voice(personas, login):
    client = login(personas.system_admin)
    procedure = Procedure.objects.get(code="yongxiu_identification")
    data = {"procedure": procedure.pk, "order": "31", "code": "extra_review", "name": "补充评议"}
    data |= {"role": "village_cadre", "kind": "village_review", "_continue": "1"}
    page = client.post("/admin/workflow/step/add/", data, follow=True).content.decode()
    assert "已添加" in page and "您可以在下面继续修改。" in page
    assert "你可以" not in page and "编辑它." not in page


def test_the_admins_javascript_strings_are_ours_too(personas, login):
    # The date picker's note and the two-box selector's strings come from the JavaScript catalog (\u-escaped).
    script = login(personas.system_admin).get("/admin/jsi18n/").content.decode()
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda hit: chr(int(hit.group(1), 16)), script)
    assert "注意：您比服务器时间滞后 %s 个小时。" in text and "你比服务器" not in text
    assert "全部选择%s" in text
