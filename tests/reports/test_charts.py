"""The offline SVG charts: well-formed, escaped, linked, scaled."""

import xml.etree.ElementTree as ET

from crmplus.reports.charts import Bar, Series, bar_chart, line_chart, nice_max, stacked_bar

NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str):
    return ET.fromstring(svg)  # noqa: S314 - our own output


def test_it_draws_bars_with_their_links_and_escapes_labels():
    svg = bar_chart([Bar("A & <b>", 10, "/x?a=1&b=2"), Bar("B", 5)], label="t")
    root = _parse(svg)  # well-formed XML: the label's & and < are escaped
    links = root.findall(f"{NS}a")
    assert {a.get("href") for a in links} == {"/x?a=1&b=2"}
    rects = root.findall(f".//{NS}rect")
    widths = [float(r.get("width")) for r in rects]
    assert widths[0] == 2 * widths[1]  # 10 vs 5 on the same axis
    assert "A &amp; &lt;b&gt;" in svg


def test_it_stacks_series_and_totals_each_category():
    svg = stacked_bar(
        ["N1", "C1"],
        [Series("Star", [3, 0], "#f00", ["/n1-star", ""]), Series("Status", [1, 4])],
    )
    root = _parse(svg)
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "4" in texts  # N1: 3 + 1, C1: 0 + 4
    assert [a.get("href") for a in root.iter(f"{NS}a")] == ["/n1-star"]
    assert "Star" in texts and "Status" in texts  # the legend


def test_it_leaves_a_gap_for_a_missing_value_in_a_line():
    svg = line_chart(["1", "2", "3", "4"], [Series("s", [1, 2, None, 4])], y_max=5)
    root = _parse(svg)
    lines = root.findall(f".//{NS}polyline")
    assert len(lines) == 1  # 1-2 joined; 4 alone is a dot, not a line through the gap
    assert len(root.findall(f".//{NS}circle")) == 3


def test_it_rounds_the_axis_up_to_a_readable_top():
    assert [nice_max(v) for v in (0, 3, 7, 12, 180, 2400)] == [1, 5, 10, 20, 200, 2500]


def test_it_draws_an_empty_chart_without_data():
    assert _parse(bar_chart([])).tag == f"{NS}svg"
    assert _parse(stacked_bar([], [])).tag == f"{NS}svg"
