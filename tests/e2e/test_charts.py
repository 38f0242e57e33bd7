"""The reports' charts (static/js/charts.js over the vendored ECharts) on a phone and a desktop: with a county's
real counts (thousands of households a risk type) every number stays readable, none cut off at the chart's edge and
no two axis labels drawn over each other."""

import json
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

RISKS = ["人均纯收入低于监测范围", "大病重病重度残疾支出大", "主要劳动力失能6个月以上", "生产经营失败", "其他风险"]

# Every text of the chart's drawing: where it is, and whether it lies within the chart's box.
TEXTS = """el => { const box = el.getBoundingClientRect();
  return [...el.querySelectorAll('svg text')].map(t => { const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            inside: r.left >= box.left - 1 && r.right <= box.right + 1}; }); }"""


def draw(page: Page, base_url: str, spec: dict, width: str = "100%") -> list[dict]:
    page.set_content(
        f"""<!doctype html><html><body style="margin:0;padding:12px">
        <div data-chart="c" style="width:{width};height:320px"></div>
        <script type="application/json" id="c">{json.dumps(spec, ensure_ascii=False)}</script>
        <script src="{base_url}/static/vendor/echarts/echarts.min.js"></script>
        <script src="{base_url}/static/js/charts.js"></script></body></html>"""
    )
    chart = page.locator("[data-chart='c']")
    expect(chart).to_have_attribute("data-drawn", "true")
    return chart.evaluate(TEXTS)


def chart(kind: str, labels: list[str], **series: list[int]) -> dict:
    """A spec in the shape reports.views.dashboard.chart writes."""
    return {"type": kind, "labels": labels, "series": [{"name": name, "data": data} for name, data in series.items()]}


def overlapping(texts: list[dict]) -> list[tuple[str, str]]:
    """Pairs of texts on the same line whose boxes cross."""
    pairs = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            same_line = a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1
            if same_line and a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1:
                pairs.append((a["text"], b["text"]))
    return pairs


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_horizontal_bar_chart_of_a_county_keeps_every_count_readable(device, request, live_server):
    page: Page = request.getfixturevalue(device)
    spec = chart("hbar", RISKS, 户数=[29604, 23690, 7950, 5550, 5500])

    texts = draw(page, live_server.url, spec)

    counts = {t["text"]: t for t in texts if t["text"] in {"29604", "23690", "7950", "5550", "5500"}}
    assert set(counts) == {"29604", "23690", "7950", "5550", "5500"}
    assert all(t["inside"] for t in texts), [t["text"] for t in texts if not t["inside"]]
    assert not overlapping(texts), overlapping(texts)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_dashboards_other_charts_keep_their_labels_inside(device, request, live_server):
    page: Page = request.getfixturevalue(device)
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    trend = chart("line", months, 纳入监测=[1200 + 37 * m for m in range(12)], 风险消除=[980] * 12)
    stages = ["农户申请", "村级评议", "村级公示", "乡镇审核", "部门比对", "县级审批", "县级公告"]
    stage = chart("bar", stages, 事项数=[1530, 2210, 1980, 860, 4120, 3070, 940])
    pie = chart("pie", ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"], 户数=[14890, 40660, 5620])

    for spec in (trend, stage, pie):
        texts = draw(page, live_server.url, spec)

        assert all(t["inside"] for t in texts), (spec["type"], [t["text"] for t in texts if not t["inside"]])
        if spec is not pie:  # (a pie's label is its name over its count: two texts, one above the other)
            assert not overlapping(texts), (spec["type"], overlapping(texts))
    assert {"4120", "农户申请"} <= {t["text"] for t in draw(page, live_server.url, stage)}


def test_a_bar_with_a_link_opens_the_list_it_counts(desktop, live_server):
    """在办事项所处环节: a bar opens the case list filtered to its step (the spec's "links", one per label)."""
    page: Page = desktop
    links = [f"{live_server.url}/workflow/cases/?status=open&open_step={name}" for name in ("村级评议", "乡镇审核")]
    spec = {**chart("bar", ["村级评议", "乡镇审核"], 事项数=[3, 5]), "links": links}
    draw(page, live_server.url, spec)

    # The second bar, the taller one: clicked in the middle of its drawn rectangle.
    bars = page.locator("[data-chart='c'] svg path[fill]").evaluate_all(
        """els => els.map(e => e.getBoundingClientRect()).filter(r => r.width > 10 && r.height > 10)
                     .map(r => ({x: r.left + r.width / 2, y: r.top + r.height / 2, h: r.height}))"""
    )
    tallest = max(bars, key=lambda b: b["h"])
    with page.expect_request(lambda r: "/workflow/cases/" in r.url) as opened:
        page.mouse.click(tallest["x"], tallest["y"])
    # Nobody is logged in, so the list sends the browser on to the login page. The test waits until that page has
    # loaded: the flush after the test must not race the live server still answering the click (a deadlock in CI).
    page.wait_for_url("**/accounts/login/**")

    assert unquote(opened.value.url) == links[1]


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_stage_chart_keeps_the_step_names_apart(device, request, live_server):
    """在办事项所处环节 counts by step name since 7cf69d8: six names of up to six characters ran into one another
    under their bars on a phone (村级评议村级公示乡镇汇总初审…). Each name stays whole, apart and inside."""
    page: Page = request.getfixturevalue(device)
    steps = ["村级评议", "村级公示", "乡镇汇总初审", "乡镇审核", "县级审批", "县级公告"]
    spec = chart("bar", steps, 事项数=[12, 8, 31, 5, 17, 2])

    # As wide as the dashboard's card draws it: 318px on a 390px phone.
    texts = draw(page, live_server.url, spec, "318px" if device == "phone" else "100%")

    assert set(steps) <= {t["text"] for t in texts}
    assert all(t["inside"] for t in texts), [t["text"] for t in texts if not t["inside"]]
    assert not overlapping(texts), overlapping(texts)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_stage_chart_with_procedures_named_keeps_every_label_whole_and_apart(device, request, live_server):
    """在办事项所处环节 with more than one kind of case open: each bar names its procedure (识别纳入·村级评议), the
    longest labels some twenty characters. The chart turns horizontal on a phone, a long label wraps within the
    space left of the bars, and the chart grows a row a bar rather than squeezing them."""
    page: Page = request.getfixturevalue(device)
    steps = [
        "识别纳入·村级评议",
        "识别纳入·乡镇汇总初审",
        "识别纳入·县级部门比对",
        "识别纳入·县级审批",
        "风险消除·村级评议",
        "风险消除·县级审批",
        "风险消除·区级备案公告并标注风险消除",
        "风险再标注·乡镇审核",
    ]
    spec = chart("bar", steps, 事项数=[12, 8, 31, 5, 17, 2, 4, 1])

    texts = draw(page, live_server.url, spec, "318px" if device == "phone" else "100%")

    drawn = "".join(t["text"] for t in texts)
    assert all(step in drawn for step in steps[:-2]) and "区级备案公告并标注" in drawn
    assert all(t["inside"] for t in texts), [t["text"] for t in texts if not t["inside"]]
    assert not overlapping(texts), overlapping(texts)
