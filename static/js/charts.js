/* Charts of the reports pages, drawn by the vendored ECharts (static/vendor/echarts). Each element with
   data-chart="<id>" reads its spec from the <script type="application/json" id="<id>"> next to it:
   {"type": "pie" | "bar" | "hbar" | "line", "labels": [...], "series": [{"name": "...", "data": [...]}],
    "links": [...] (optional: the page each label's bar opens)}.
   The same numbers are in the table beside each chart, so nothing depends on the chart being drawn. */
(function () {
  "use strict";
  var COLORS = ["#b42318", "#1e7d34", "#2563eb", "#a15c07", "#7c3aed", "#0f766e", "#be185d", "#475569"];

  // About how wide a category label is drawn at 11px: a Chinese character 11px, a digit or letter about 6.5px.
  function labelWidth(label) {
    return String(label).split("").reduce(function (w, ch) { return w + (ch.charCodeAt(0) > 255 ? 11 : 6.5); }, 0);
  }

  // A bar chart whose labels do not fit side by side under their bars (a phone, step names such as 乡镇汇总初审) is
  // drawn as horizontal bars, one label a line, in the given order from the top.
  function tooNarrow(spec, width) {
    if (spec.type !== "bar" || !spec.labels.length) { return false; }
    var widest = Math.max.apply(null, spec.labels.map(labelWidth));
    return widest + 8 > (width - 60) / spec.labels.length;
  }

  function option(spec, width) {
    var base = { color: COLORS, tooltip: { trigger: spec.type === "pie" ? "item" : "axis" }, animation: false };
    if (spec.type === "pie") {
      // A plain legend wraps onto more lines on a phone; a scrolling one pages and hides the last category.
      base.legend = { bottom: 0, type: "plain" };
      base.series = [{
        type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
        label: { formatter: "{b}\n{c}" },
        data: spec.labels.map(function (label, i) { return { name: label, value: spec.series[0].data[i] }; })
      }];
      return base;
    }
    var turned = tooNarrow(spec, width);
    var horizontal = spec.type === "hbar" || turned;
    var category = { type: "category", data: spec.labels, axisLabel: { interval: 0, fontSize: 11 }, inverse: turned };
    // A long label beside a horizontal bar (识别纳入·乡党委政府审核) wraps onto a second line within the grid's left.
    if (horizontal) { category.axisLabel.width = 140; category.axisLabel.overflow = "break"; category.axisLabel.lineHeight = 13; }
    // On a phone the value axis has room for a few of its labels only: those that would overlap are left out.
    var value = { type: "value", minInterval: 1, axisLabel: { hideOverlap: true } };
    // A horizontal bar's count is written right of the bar: the longest bar leaves room for five digits.
    base.grid = { left: horizontal ? 150 : 40, right: horizontal ? 56 : 20, top: 30, bottom: horizontal ? 20 : 40,
                  containLabel: !horizontal };
    base.xAxis = horizontal ? value : category;
    base.yAxis = horizontal ? category : value;
    if (!horizontal && spec.labels.length > 6) { category.axisLabel.rotate = 40; }
    if (spec.series.length > 1) { base.legend = { top: 0 }; }
    base.series = spec.series.map(function (s) {
      return { name: s.name, type: spec.type === "line" ? "line" : "bar", data: s.data, barMaxWidth: 48,
               label: { show: spec.type !== "line", position: horizontal ? "right" : "top" } };
    });
    return base;
  }

  // Horizontal bars get a row of about 30px each (a wrapped label two lines), so many steps are not squeezed into
  // the chart's usual height; the element's own height (CSS) is the least.
  function fit(el, spec) {
    if (el.dataset.height === undefined) { el.dataset.height = el.style.height; }
    el.style.height = el.dataset.height;  // the height the page gave it (its CSS, or its own style="height: …")
    if (spec.type !== "hbar" && !tooNarrow(spec, el.clientWidth)) { return; }
    var wanted = 50 + 30 * spec.labels.length;
    if (wanted > el.clientHeight) { el.style.height = wanted + "px"; }
  }

  function draw() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.dataset.chart);
      if (!source) { return; }
      var spec = JSON.parse(source.textContent);
      fit(el, spec);
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option(spec, el.clientWidth));
      // "links" (optional, one per label): a bar opens the list it counts, as the table's link beside it does.
      if (spec.links) {
        chart.on("click", function (params) {
          var link = spec.links[params.dataIndex];
          if (link) { window.location.href = link; }
        });
      }
      el.setAttribute("data-drawn", "true");
      // A phone turned sideways may now have room for the labels under the bars (or a window made narrower not).
      window.addEventListener("resize", function () {
        fit(el, spec);
        chart.resize();
        chart.setOption(option(spec, el.clientWidth), true);
      });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
