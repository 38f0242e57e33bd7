"""static/js/errors.js counts the errors of the form it annotates, not every .field-error on the page: the upload
page lists the failed uploads' reasons (the same class) below its form."""

from pathlib import Path

from playwright.sync_api import Page

SCRIPT = (Path(__file__).resolve().parents[2] / "static" / "js" / "errors.js").read_text(encoding="utf-8")
UPLOAD_PAGE = """
<form method="post" enctype="multipart/form-data" id="upload">
  <div class="field"><label for="id_file">文件</label><input type="file" id="id_file" name="file">
    <p class="field-error">不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后重新上传。</p></div>
  <button type="submit">上传</button>
</form>
<section class="uploads">
  <h2>上传记录</h2>
  <div class="card"><p class="small field-error">文件中没有数据行。</p></div>
  <div class="card"><dl><div><dt>有误</dt><dd><strong class="field-error">3</strong></dd></div></dl></div>
  <div class="card"><p class="small field-error">前5行中没有找到表头。</p></div>
</section>
<form method="get" id="filters"><input name="q"><p class="field-error">请输入日期</p>
  <p class="field-error">请选择数据类型</p></form>
"""


def _load(page: Page, html: str) -> None:
    page.set_content(f"<!doctype html><html><body>{html}</body></html>")
    page.add_script_tag(content=SCRIPT)


def test_each_form_counts_only_its_own_errors_not_the_upload_lists_reasons(desktop: Page) -> None:
    _load(desktop, UPLOAD_PAGE)

    assert desktop.locator("#upload [data-error-count]").get_attribute("data-error-count") == "1"
    assert desktop.locator("#upload .form-errors").inner_text() == "有 1 处需要更正，请查看标红的项目。"
    assert desktop.locator("#filters [data-error-count]").get_attribute("data-error-count") == "2"
    assert desktop.locator("[data-error-count]").count() == 2


def test_a_page_whose_only_reasons_are_in_a_list_gets_no_error_banner(desktop: Page) -> None:
    uploads = UPLOAD_PAGE.split("</form>")[1].split("<form")[0]
    _load(desktop, f'<form id="upload"><input type="file"></form>{uploads}')

    assert desktop.locator("[data-error-count]").count() == 0


IDNUMBER = (Path(__file__).resolve().parents[2] / "static" / "js" / "idnumber.js").read_text(encoding="utf-8")


def test_the_id_numbers_live_check_is_counted_once_per_field(desktop: Page) -> None:
    """The household form sent back for its 户类型: the ID number's check digit, flagged by idnumber.js on load, is
    a second field to correct (review recheck_cadre: the banner said 1 with two fields red)."""
    desktop.set_content(
        """<!doctype html><html><head></head><body><form id="household">
        <div class="field has-error"><label>户类型</label><select name="t"><option value=""></option></select>
          <p class="field-error">请选择户类型。</p></div>
        <div class="field"><label>身份证号</label><input data-id-number name="id" value="360425198404110011">
          <p class="id-derived muted small"></p></div>
        <div class="field has-error"><label>姓名</label><input name="n"><p class="field-error">请填写姓名。</p>
          <p class="field-error">姓名不能含数字。</p></div>
        </form></body></html>"""
    )
    desktop.add_script_tag(content=IDNUMBER)
    desktop.evaluate("document.dispatchEvent(new Event('DOMContentLoaded'))")
    desktop.add_script_tag(content=SCRIPT)

    assert desktop.locator(".id-derived.field-error").count() == 1
    assert desktop.locator("#household [data-error-count]").get_attribute("data-error-count") == "3"


def test_the_errors_above_the_form_are_counted_too(desktop: Page) -> None:
    """Two heads (above the form) and a number registered elsewhere (at its field): 2, not 1 (review rev-cadre 13)."""
    _load(
        desktop,
        """<form id="household"><div class="form-errors" role="alert">
          <p>每户只能有一名户主：第1、2位成员都被标为户主。</p></div>
        <div class="field has-error"><label>身份证号</label><input name="id">
          <p class="field-error">该身份证号已登记在其他村的农户中（不在您的管辖范围内），请联系乡镇核实。</p></div>
        </form>""",
    )

    assert desktop.locator("#household [data-error-count]").get_attribute("data-error-count") == "2"


def test_a_folded_section_with_an_error_inside_is_opened(desktop: Page) -> None:
    """更多信息 is a closed <details> on a phone: the error inside must be seen (review rev-cadre 7)."""
    _load(
        desktop,
        """<form id="member"><details class="more" id="more"><summary>更多信息</summary>
        <div class="field has-error"><label>务工时间</label><input name="m" value="13">
          <p class="field-error">务工时间应在0到12个月之间。</p></div></details></form>""",
    )

    assert desktop.locator("#more").evaluate("d => d.open") is True
    assert desktop.locator("#member [data-error-count]").get_attribute("data-error-count") == "1"


def test_a_form_with_only_an_error_above_it_gets_no_count(desktop: Page) -> None:
    """The login form's 用户名或密码错误 says it all: no "请查看标红的项目" when nothing is marked red."""
    _load(
        desktop,
        """<form id="login"><div class="form-errors" role="alert"><p>用户名或密码错误。</p></div>
        <div class="field"><label>用户名</label><input name="username"></div></form>""",
    )

    assert desktop.locator("#login [data-error-count]").count() == 0
