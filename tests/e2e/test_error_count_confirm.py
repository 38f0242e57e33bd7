"""Review rev-ux 6: static/js/errors.js counts the fields to correct, not the "仍要保存" box a service asks to tick
(its input marked data-confirm, households.forms_confirm.confirm_box): the member form sent back for a school-age
child entered as 非在校生 said "有 2 处需要更正" with one field red."""

from pathlib import Path

from playwright.sync_api import Page

SCRIPT = (Path(__file__).resolve().parents[2] / "static" / "js" / "errors.js").read_text(encoding="utf-8")
MEMBER_FORM = """
<form method="post" id="member">
  <div class="field has-error"><label for="s">在校生状况</label><select id="s" name="student_stage"></select>
    <div class="errors"><p class="field-error">余小明 11 岁，请核实是否失学辍学。</p></div></div>
  <div class="field"><label for="n">姓名</label><input id="n" name="name" value="余小明"></div>
  <div class="field field-check has-error"><label class="check"><input type="checkbox" name="confirm_unusual"
    data-confirm id="c"> 仍要保存</label><p class="field-error">以上情况如核实无误，请勾选“仍要保存”后再保存。</p></div>
  <button type="submit">保存</button>
</form>
"""


def _load(page: Page, html: str) -> None:
    page.set_content(f"<!doctype html><html><body>{html}</body></html>")
    page.add_script_tag(content=SCRIPT)


def test_the_confirmation_is_said_apart_from_the_count(desktop: Page) -> None:
    _load(desktop, MEMBER_FORM)

    banner = desktop.locator("#member [data-error-count]")
    assert banner.get_attribute("data-error-count") == "1"
    assert banner.inner_text() == (
        "有 1 处需要更正或核实，请查看标红的项目。核实无误的，请勾选下方“仍要保存”后再保存。"
    )


def test_a_form_without_a_confirmation_keeps_its_count(desktop: Page) -> None:
    _load(desktop, MEMBER_FORM.replace("data-confirm", ""))

    banner = desktop.locator("#member [data-error-count]")
    assert banner.get_attribute("data-error-count") == "2"
    assert banner.inner_text() == "有 2 处需要更正，请查看标红的项目。"


def test_the_confirmation_names_the_forms_own_button(desktop: Page) -> None:
    """The case form's button reads 发起: "…后再保存" named a button the page does not have."""
    _load(desktop, MEMBER_FORM.replace(">保存</button>", ">发起</button>"))

    said = desktop.locator("#member [data-error-count]").inner_text()

    assert said.endswith("请勾选下方“仍要保存”后再发起。") and "后再保存" not in said


def test_a_long_or_missing_button_label_reads_as_submit(desktop: Page) -> None:
    _load(desktop, MEMBER_FORM.replace(">保存</button>", ">下一步：核对成员与新户主的关系</button>"))
    long_label = desktop.locator("#member [data-error-count]").inner_text()
    _load(desktop, MEMBER_FORM.replace('<button type="submit">保存</button>', ""))
    no_button = desktop.locator("#member [data-error-count]").inner_text()

    assert long_label.endswith("后再提交。") and no_button.endswith("后再提交。")


def test_the_case_forms_income_question_counts_among_the_items(desktop: Page) -> None:
    """The case form's 人均纯收入 question is said at its box alone: with three other errors, four items were red and
    the banner said 有 3 处."""
    from django.template.loader import render_to_string

    from workflow.forms import CaseOpenForm

    form = CaseOpenForm(data={"risk_types": ["low_income"]})
    form.is_valid()  # 案件类别, 发现渠道 and 发现日期 missing
    form.add_error("confirm_income", "该户最近年度人均纯收入高于监测标准，请核实。")
    fields = "".join(render_to_string("partials/field.html", {"field": field}) for field in form)
    _load(desktop, f'<form method="post" id="member">{fields}<button type="submit">发起</button></form>')

    banner = desktop.locator("#member [data-error-count]")
    assert desktop.locator("#member .has-error").count() == 4
    assert banner.get_attribute("data-error-count") == "4"
    assert banner.inner_text().startswith("有 4 处需要更正或核实，请查看标红的项目。核实无误的，请勾选下方“已核实")
