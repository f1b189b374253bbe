"""Draws throughput.svg of one bench/run.sh run: per Gatling scenario, OK responses per second and
the p99 response time, second by second, from the run's Gatling HTML reports.

Usage: python3 bench/chart.py bench/results/<run>      (bench/report.py calls it too)

Gatling 3.15 writes no machine-readable time series (js/stats.json is gone and simulation.log is
binary), but index.html embeds its charts' data as Highcharts configurations: the chart rendered
to 'ResponsesContainerId' ("Number of responses per second") has the series 'OK' and 'KO', and the
one rendered to 'ResponseTimeContainerId' ("Response Time Percentiles over Time (OK)") has '99%',
each as [[epoch millis, value], ...]. Only the standard library; the SVG has no script, no external
font and a white background, so that GitHub shows it as an image.
"""

import json
import math
import pathlib
import re
import sys
from xml.sax.saxutils import escape

# the order of bench/run.sh; any other simulation found comes after these
SIMULATIONS = {
    "ColdStartSimulation-jit": "cold start, without an AOT cache",
    "ColdStartSimulation-aot": "cold start, with AOT caches",
    "HotEventSimulation": "1 · hot event",
    "SellOutSimulation": "2 · sell-out",
    "RejectionSimulation": "2 · rejections after sell-out",
    "MixedSimulation": "mixed (list, reserve, cancel)",
    "CheckoutFunnelSimulation": "checkout funnel (hold, confirm)",
}
FILE = "throughput.svg"

WIDTH = 800
LEFT, RIGHT = 70, 70  # room for the two y axes' labels
HEADER = 78  # title, subtitle, legend
PANEL_TITLE, PLOT, PANEL_AXIS = 22, 120, 36
PANEL = PANEL_TITLE + PLOT + PANEL_AXIS
FOOTER = 10
BLUE, BLUE_FILL, ORANGE, RED, GREY, GRID = "#3b6fd4", "#c9d8f5", "#e8710a", "#d62728", "#555", "#e4e4e4"
FONT = "font-family=\"Helvetica, Arial, sans-serif\""


def highcharts_series(html):
    """{container id: {series name: [[epoch millis, value], ...]}} of a Gatling report page."""
    charts = {}
    for chunk in html.split("new Highcharts.")[1:]:
        target = re.search(r"renderTo:\s*'(\w+)'", chunk)
        if not target:
            continue
        series = charts.setdefault(target.group(1), {})
        for name, data in re.findall(r"name:\s*'([^']*)',\s*data:\s*(\[\[.*?\]\])", chunk, re.S):
            try:
                series[name] = [point for point in json.loads(data)
                                if len(point) == 2 and isinstance(point[1], (int, float))]
            except ValueError:
                pass  # not a series of points
    return charts


def scenario_series(report):
    """{"ok": [(millis, OK responses/s)], "ko": [...], "p99": [(millis, ms)]} of one report."""
    charts = highcharts_series(report.read_text(encoding="utf-8"))
    responses = charts.get("ResponsesContainerId", {})
    percentiles = charts.get("ResponseTimeContainerId", {})
    return {"ok": responses.get("OK", []), "ko": responses.get("KO", []), "p99": percentiles.get("99%", [])}


def nice_step(span, ticks):
    raw = span / max(ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def axis(maximum, ticks=4):
    """(top, step) of an axis from 0 that shows maximum."""
    if maximum <= 0:
        return 1, 0.25
    step = nice_step(maximum, ticks)
    return step * math.ceil(maximum / step - 1e-9), step


def label(value, top=0):
    """A tick label; thousands as k on an axis that reaches 10,000."""
    if top >= 10000:
        return f"{value / 1000:g}k"
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


def segments(points, t0, x, y):
    """Polyline point lists, broken where a second has no value (no OK response, no p99)."""
    runs, current, last = [], [], None
    for millis, value in points:
        if last is not None and millis - last > 1500 and current:
            runs.append(current)
            current = []
        current.append(f"{x((millis - t0) / 1000):.1f},{y(value):.1f}")
        last = millis
    if current:
        runs.append(current)
    return runs


def panel(out, top, title, series):
    """One scenario: OK responses/s (area, left axis), KO/s (line, left), p99 (line, right axis)."""
    add = out.append
    plot_top, plot_bottom = top + PANEL_TITLE, top + PANEL_TITLE + PLOT
    plot_right = WIDTH - RIGHT
    add(f'<text x="{LEFT}" y="{top + 15}" font-size="13" font-weight="bold">{escape(title)}</text>')
    points = series["ok"] + series["ko"] + series["p99"]
    if not points:
        add(f'<text x="{WIDTH / 2}" y="{plot_top + PLOT / 2}" text-anchor="middle" fill="{GREY}">'
            "no time series in this report</text>")
        return
    t0 = min(millis for millis, _ in points)
    duration = max((max(millis for millis, _ in points) - t0) / 1000, 1)
    rate_top, rate_step = axis(max(value for _, value in series["ok"] + series["ko"] + [(0, 0)]))
    # the right axis gets as many intervals as the left, so that its labels sit on the same grid lines
    intervals = round(rate_top / rate_step)
    p99_step = nice_step(max(max(value for _, value in series["p99"] + [(0, 0)]), 1), intervals)
    p99_top = p99_step * intervals
    x_step = nice_step(duration, 8)

    def x(seconds):
        return LEFT + (plot_right - LEFT) * seconds / duration

    def y_rate(value):
        return plot_bottom - PLOT * value / rate_top

    def y_p99(value):
        return plot_bottom - PLOT * value / p99_top

    # grid, the left axis (responses/s) and the right axis (p99) on the same grid lines
    for i in range(intervals + 1):
        y = y_rate(i * rate_step)
        add(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{plot_right}" y2="{y:.1f}" stroke="{GRID}"/>')
        add(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{BLUE}">'
            f"{label(i * rate_step, rate_top)}</text>")
        add(f'<text x="{plot_right + 6}" y="{y + 4:.1f}" fill="{ORANGE}">{label(i * p99_step, p99_top)}</text>')
    seconds = 0.0
    while seconds <= duration + 1e-9:
        xs = x(seconds)
        add(f'<line x1="{xs:.1f}" y1="{plot_bottom}" x2="{xs:.1f}" y2="{plot_bottom + 4}" stroke="{GREY}"/>')
        add(f'<text x="{xs:.1f}" y="{plot_bottom + 16}" text-anchor="middle" fill="{GREY}">{label(seconds)} s</text>')
        seconds += x_step
    middle = plot_top + PLOT / 2
    add(f'<text transform="translate({LEFT - 48},{middle}) rotate(-90)" text-anchor="middle" fill="{BLUE}">'
        "OK responses/s</text>")
    add(f'<text transform="translate({plot_right + 52},{middle}) rotate(90)" text-anchor="middle" fill="{ORANGE}">'
        "p99 ms</text>")

    for run in segments(series["ok"], t0, x, y_rate):
        first, last = run[0].split(",")[0], run[-1].split(",")[0]
        add(f'<polygon fill="{BLUE_FILL}" points="{first},{plot_bottom} {" ".join(run)} {last},{plot_bottom}"/>')
        add(f'<polyline fill="none" stroke="{BLUE}" stroke-width="1.5" points="{" ".join(run)}"/>')
    if any(value for _, value in series["ko"]):
        for run in segments(series["ko"], t0, x, y_rate):
            add(f'<polyline fill="none" stroke="{RED}" stroke-width="1.5" points="{" ".join(run)}"/>')
    for run in segments(series["p99"], t0, x, y_p99):
        add(f'<polyline fill="none" stroke="{ORANGE}" stroke-width="1.8" points="{" ".join(run)}"/>')
    add(f'<rect x="{LEFT}" y="{plot_top}" width="{plot_right - LEFT}" height="{PLOT}" fill="none" stroke="{GREY}"/>')


def svg(run_name, scenarios):
    """scenarios: [(title, series)] in the order to draw them."""
    height = HEADER + PANEL * len(scenarios) + FOOTER
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" {FONT} font-size="11">']
    add = out.append
    names = ", ".join(title for title, _ in scenarios)
    add(f"<title>{escape(f'Benchmark {run_name}: OK responses per second and p99 response time over time: {names}')}"
        "</title>")
    add(f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>')
    add(f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">'
        f"Benchmark {escape(run_name)}: throughput and p99 response time over time</text>")
    add(f'<text x="{WIDTH / 2}" y="40" text-anchor="middle" fill="{GREY}">'
        "per Gatling scenario, second by second from its start; drawn by bench/chart.py from the run's "
        "Gatling reports</text>")
    legend = [("area", BLUE, "OK responses/s (left axis)"), ("line", ORANGE, "p99 response time of OK responses, ms (right axis)")]
    if any(any(value for _, value in series["ko"]) for _, series in scenarios):
        legend.append(("line", RED, "KO responses/s (left axis)"))
    x = LEFT
    for kind, color, text in legend:
        if kind == "area":
            add(f'<rect x="{x}" y="53" width="18" height="10" fill="{BLUE_FILL}" stroke="{color}"/>')
        else:
            add(f'<line x1="{x}" y1="58" x2="{x + 18}" y2="58" stroke="{color}" stroke-width="2"/>')
        add(f'<text x="{x + 24}" y="62">{escape(text)}</text>')
        x += 24 + 6.2 * len(text) + 24
    for i, (title, series) in enumerate(scenarios):
        panel(out, HEADER + i * PANEL, title, series)
    add("</svg>")
    return "\n".join(out) + "\n"


def summary_titles(out):
    """The scenario titles of an existing summary.md (its list of Gatling reports), if any."""
    summary = out / "summary.md"
    if not summary.exists():
        return {}
    return {m.group(1): m.group(2).strip() for m in re.finditer(
        r"^- .*?gatling/(\w+)/index\.html\W*: (.+)$", summary.read_text(encoding="utf-8"), re.M)}


def write(out, titles=None):
    """Writes out/throughput.svg from out/gatling/<Simulation>/index.html; returns its path, or None
    when the run has no Gatling report. titles: {simulation: scenario title}."""
    titles = titles or summary_titles(out)
    reports = {p.parent.name: p for p in sorted((out / "gatling").glob("*/index.html"))}
    if not reports:
        return None
    order = [s for s in SIMULATIONS if s in reports] + sorted(s for s in reports if s not in SIMULATIONS)
    scenarios = []
    for simulation in order:
        title = titles.get(simulation) or SIMULATIONS.get(simulation, simulation)
        scenarios.append((f"{title} · {simulation}", scenario_series(reports[simulation])))
    path = out / FILE
    path.write_text(svg(out.resolve().name, scenarios), encoding="utf-8")
    return path


def main(args):
    if len(args) != 1:
        sys.exit(__doc__)
    path = write(pathlib.Path(args[0]))
    if path is None:
        sys.exit(f"no Gatling report in {args[0]}/gatling/*/index.html")
    print(f"{path}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
