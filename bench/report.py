"""Writes summary.md of one bench/run.sh run from what the run recorded.

Usage: python3 bench/report.py bench/results/<date>

Reads raw/facts.tsv (key, value), raw/invariants.tsv, raw/outcomes-<scenario>-<before|after>.tsv,
raw/metrics.tsv, raw/cpu-hot.tsv (bench/cpu.py), raw/profile-shares.json, the checkout funnel's
raw/funnel-*.tsv, raw/expiry-lag*.tsv and raw/phases-funnel.txt, and the statistics table of each
Gatling report (gatling/<Simulation>/index.html: Gatling 3.15 no longer writes js/stats.json, the
table in the HTML is the only per-request summary), and draws throughput.svg from the same reports
(bench/chart.py, which also runs on its own). A run of some scenarios only (BENCH_SCENARIOS) reports
those.
Of a run, git keeps summary.md and throughput.svg only: raw/, gatling/ and profiles/ stay on the
machine that ran it (.gitignore), so summary.md names them without linking to them.
"""

import html.parser
import json
import pathlib
import sys

import chart
import cpu

MIB = 1024 * 1024
HEAP_LIMIT_MB = 512
SIMULATIONS = {
    "hot": "HotEventSimulation",
    "sell": "SellOutSimulation",
    "reject": "RejectionSimulation",
    "mixed": "MixedSimulation",
    "funnel": "CheckoutFunnelSimulation",
}
# BENCH_SCENARIOS names the sell-out and the rejections after it, on the same event, together
SELECTED_AS = {"reject": "sell"}
# a hold's audit trail: taken, then ended once; an expired hold whose seats were still free when
# its buyer paid is confirmed after all
LAWFUL_TRAILS = {"HELD BOOKED", "HELD RELEASED", "HELD EXPIRED", "HELD EXPIRED BOOKED"}
MILESTONES = (0.5, 0.9, 0.99, 1.0)


class StatsTable(html.parser.HTMLParser):
    """Rows of the report's statistics table: {request name: {column header: cell text}}."""

    def __init__(self):
        super().__init__()
        self.headers = {}
        self.rows = {}
        self._cell = None
        self._text = ""
        self._row = None
        self._name_span = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        css = (attrs.get("class") or "").split()
        if tag == "th" and (attrs.get("id") or "").startswith("col-"):
            self._cell, self._text = ("header", attrs["id"]), ""
        elif tag == "tr" and attrs.get("id"):
            self._row = {}
        elif tag == "span" and "ellipsed-name" in css and self._row is not None:
            self._name_span, self._text = True, ""
        elif tag == "td" and self._row is not None:
            column = next((c for c in css if c.startswith("col-")), None)
            if column and column != "col-1":
                self._cell, self._text = ("value", column), ""

    def handle_data(self, data):
        if self._cell or self._name_span:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "span" and self._name_span:
            self._row["name"] = self._text.strip()
            self._name_span = False
        elif tag in ("th", "td") and self._cell:
            kind, column = self._cell
            if kind == "header":
                self.headers[column] = self._text.strip()
            else:
                self._row[column] = self._text.strip()
            self._cell = None
        elif tag == "tr" and self._row is not None:
            name = self._row.pop("name", None)
            if name is not None:
                self.rows[name] = {self.headers[c]: v for c, v in self._row.items()}
            self._row = None


def number(text):
    text = text.replace(",", "").strip()
    return float(text) if text not in ("", "-") else 0.0


def gatling_stats(report):
    """{request name: {requests, ok, ko, rps, p50, p95, p99, max}}; "All Requests" is the total."""
    table = StatsTable()
    table.feed(report.read_text(encoding="utf-8"))
    columns = {"requests": "Total", "ok": "OK", "ko": "KO", "rps": "Cnt/s",
               "p50": "50th pct", "p95": "95th pct", "p99": "99th pct", "max": "Max"}
    return {name: {key: number(row.get(header, "")) for key, header in columns.items()}
            for name, row in table.rows.items()}


def read_tsv(path):
    if not path.exists():
        return []
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line]


def outcome_deltas(raw, scenario):
    before = {k: float(v) for k, v in read_tsv(raw / f"outcomes-{scenario}-before.tsv")}
    after = {k: float(v) for k, v in read_tsv(raw / f"outcomes-{scenario}-after.tsv")}
    return {k: after[k] - before.get(k, 0) for k in after if after[k] - before.get(k, 0) > 0}


def fmt(value, decimals=0):
    return f"{value:,.{decimals}f}"


def at_least(value, target, unit, decimals=0):
    if value >= target:
        return "MET"
    return f"MISSED by {fmt(target - value, decimals)}{unit} ({(target - value) / target:.0%} short)"


def at_most(value, target, unit, decimals=0):
    if value <= target:
        return "MET"
    return f"MISSED by {fmt(value - target, decimals)}{unit} ({value / target:.1f}× the limit)"


def selected(facts):
    """The scenarios of SIMULATIONS that the run ran, in their order."""
    chosen = facts["scenarios"].split()
    return [s for s in SIMULATIONS if SELECTED_AS.get(s, s) in chosen]


def histogram_quantile(q, buckets):
    """The q-quantile of a Prometheus histogram ([(upper bound, cumulative count)], sorted), linearly
    interpolated within its bucket as Prometheus's histogram_quantile() does."""
    total = buckets[-1][1] if buckets else 0
    if not total:
        return None
    rank = q * total
    lower, below = 0.0, 0.0
    for upper, count in buckets:
        if count >= rank:
            if upper == float("inf"):
                return lower
            return lower + (upper - lower) * (rank - below) / (count - below) if count > below else upper
        lower, below = upper, count
    return lower


COLD_RUNS = {"jit": "without an AOT cache", "aot": "with the AOT caches of `./run.sh --train-aot`"}
# the cold start's yardsticks: its first minute, and the steady state it reaches by its end
COLD_FIRST_SECONDS, COLD_STEADY_SECONDS, COLD_FIRST_SHARE = 60, 120, 0.8


def cold_runs(raw, facts):
    """{label: {"windows": [(start s, bookings, others, p50, p99)], "first": bookings/s, "steady": ...,
    "cpu_ms": whole-machine CPU ms per booking}} of each cold start the run made."""
    seconds = int(facts["cold.seconds"])
    width = int(facts["cold.window_seconds"])
    runs = {}
    for label in COLD_RUNS:
        rows = read_tsv(raw / f"cold-{label}.tsv")
        if not rows:
            continue
        windows = [(int(start), int(ok), int(other), p50, p99) for start, ok, other, p50, p99 in rows
                   if int(start) < seconds]

        def rate(since, until):
            booked = sum(ok for start, ok, *_ in windows if since <= start < until)
            return booked / (until - since)

        steady_from = max(0, seconds - COLD_STEADY_SECONDS)
        phases = dict(reversed(line.split()) for line in (raw / f"phases-cold-{label}.txt").read_text().splitlines())
        used, sampled = cpu.used(raw / f"cpu-cold-{label}.tsv", float(phases["start"]), float(phases["end"]))
        booked = sum(ok for _, ok, *_ in windows)
        runs[label] = {
            "windows": windows,
            "width": width,
            "first": rate(0, min(COLD_FIRST_SECONDS, seconds)),
            "steady": rate(steady_from, seconds),
            "steady_from": steady_from,
            "cpu_ms": used.get("machine busy", 0) * 1000 / booked if booked else None,
        }
    return runs


def cold_section(add, facts, runs):
    """The cold start's section: start-up times, bookings/s and p99 per window from ready, and the
    first minute against the steady state, without and with the AOT cache."""
    seconds = int(facts["cold.seconds"])
    add("## Cold start")
    add("")
    add(f"The suite started afresh (`./run.sh`), then from the moment all three services reported ready "
        f"scenario 1's load ({facts['hot.users']} users, each reserving once) for {seconds} s, on an event of "
        f"its own: once {COLD_RUNS['jit']}"
        + (f", once {COLD_RUNS['aot']} (training: {facts.get('cold.aot.training_seconds', '?')} s; caches "
           f"{facts.get('cold.aot.cache_sizes', '?')})" if "aot" in runs else
           " only (the services ran on Java < 25: no AOT cache)")
        + ". Gatling was started before the suite and waited for readiness itself (`ColdStartSimulation`).")
    add("")
    add("| service | " + " | ".join(f"start-up, `{label}`" for label in runs) + " |")
    add("| --- |" + " ---: |" * len(runs))
    for service in ("cache-service", "queue-worker", "booking-service"):
        cells = []
        for label in runs:
            started = facts.get(f"cold.{label}.started.{service}", "").split()
            cells.append(f"{started[0]} s (JVM {started[1]} s)" if len(started) == 2 else "?")
        add(f"| {service} | " + " | ".join(cells) + " |")
    add("")
    add("Spring Boot's own figure (\"Started … in N seconds\"; the JVM's in brackets). `jit`: "
        + COLD_RUNS["jit"] + "; `aot`: " + COLD_RUNS["aot"] + ".")
    add("")
    width = next(iter(runs.values()))["width"]
    add(f"Bookings (201 or 202) per second and their p99 in ms, per {width} s window after ready:")
    add("")
    add("| window | " + " | ".join(f"{label}: bookings/s | {label}: p99" for label in runs) + " |")
    add("| --- |" + " ---: | ---: |" * len(runs))
    starts = sorted({start for run in runs.values() for start, *_ in run["windows"]})
    for start in starts:
        cells = []
        for run in runs.values():
            row = next((w for w in run["windows"] if w[0] == start), None)
            cells.append(f"{fmt(row[1] / width)} | {row[4]}" if row else "– | –")
        add(f"| {start}–{start + width} s | " + " | ".join(cells) + " |")
    add("")
    for label, run in runs.items():
        ratio = run["first"] / run["steady"] if run["steady"] else 0.0
        add(f"- `{label}`: first {COLD_FIRST_SECONDS} s **{fmt(run['first'])} bookings/s**, steady state "
            f"(the last {seconds - run['steady_from']} s) {fmt(run['steady'])}/s: **{ratio:.0%}**"
            + (f"; whole-machine CPU per booking over the {seconds} s: {run['cpu_ms']:.2f} ms" if run["cpu_ms"] else "")
            + ".")
    add("")


def funnel_section(add, raw, facts, stats):
    """The checkout funnel's section: throughput and latency of holds and confirms, the time until
    every seat was confirmed, the hold expiry lag, the holds' ends and the invariants. Returns
    whether every invariant held."""
    phases = dict(reversed(line.split()) for line in (raw / "phases-funnel.txt").read_text().splitlines())
    start = float(phases["start"])
    total = int(facts["funnel.total_seats"])
    booked = int(facts["funnel.booked_seats"])
    answers = {(request, answer): {"count": int(count), "p50": p50, "p99": p99, "max": top}
               for request, answer, count, p50, p99, top in read_tsv(raw / "funnel-answers.tsv")}

    def answered(request, *prefixes):
        return sum(a["count"] for (r, answer), a in answers.items()
                   if r == request and answer.split(" ")[0] in prefixes)

    held = answered("hold", "201", "202")
    confirmed = answered("confirm", "200", "201", "202")
    holds = {status: (int(rows), int(seats)) for status, rows, seats in read_tsv(raw / "funnel-holds.tsv")}
    trails = {trail: int(n) for trail, n in read_tsv(raw / "funnel-trails.tsv")}

    seats_by_time, reached = 0, {}
    for epoch, quantity in read_tsv(raw / "funnel-booked.tsv"):
        seats_by_time += int(quantity)
        for milestone in MILESTONES:
            if milestone not in reached and seats_by_time >= milestone * total:
                reached[milestone] = float(epoch) - start

    lag = read_tsv(raw / "expiry-lag.tsv")
    buckets = sorted((float(row[1]), float(row[2])) for row in lag if row[0] == "bucket")
    lag_count = float(dict(row for row in lag if row[0] != "bucket").get("count", 0))
    lag_max = max((float(value) for _, value in read_tsv(raw / "expiry-lag-max.tsv")), default=None)
    lag_p99 = histogram_quantile(0.99, buckets)
    if lag_p99 is not None and lag_max is not None:
        # the interpolation may land above the largest value the bucket actually held
        lag_p99 = min(lag_p99, lag_max)

    repairs = int(facts["funnel.repairs.after"]) - int(facts["funnel.repairs.before"])
    hold, confirm = stats["hold"], stats.get("confirm")
    add("## Checkout funnel")
    add("")
    add(f"{int(facts['funnel.buyers']):,} buyers arriving at {fmt(int(facts['funnel.buyers']) / int(facts['funnel.seconds']))}/s "
        f"for {facts['funnel.seconds']} s, for {total:,} seats (`max_per_user` {facts['funnel.max_per_user']}, "
        f"`hold_ttl_seconds` {facts['funnel.hold_ttl_seconds']}): each holds 1 to {facts['funnel.max_per_user']} seats; "
        f"one who gets them thinks {facts['funnel.think_ms']} ms, then confirms ({facts['funnel.confirm_percent']}%) "
        "or abandons the hold, which expires and puts its seats back on sale for later buyers "
        "(`CheckoutFunnelSimulation`). Times from the first buyer's arrival.")
    add("")
    add("| | |")
    add("| --- | --- |")
    add(f"| holds | {fmt(hold['requests'])} requests, {fmt(hold['rps'], 1)}/s; {fmt(held)} got seats (201/202) |")
    add(f"| hold response time, all answers | p50 {fmt(hold['p50'])} ms, p99 {fmt(hold['p99'])} ms, max {fmt(hold['max'])} ms |")
    if confirm:
        add(f"| confirms | {fmt(confirm['requests'])} requests, {fmt(confirm['rps'], 1)}/s; {fmt(confirmed)} confirmed (200/201/202) |")
        add(f"| confirm response time | p50 {fmt(confirm['p50'])} ms, p99 {fmt(confirm['p99'])} ms, max {fmt(confirm['max'])} ms |")
    if booked == total and 1.0 in reached:
        add(f"| time until every seat was confirmed | **{fmt(reached[1.0], 1)} s** (last confirm committed, `booking_audit`) |")
    else:
        add(f"| time until every seat was confirmed | **never: {fmt(total - booked)} of {total:,} seats unsold** at the end |")
    add("| confirmed seats reached | " + ", ".join(
        f"{m:.0%} after {fmt(reached[m], 1)} s" for m in MILESTONES if m in reached) + " |")
    add(f"| hold expiry lag (`expires_at` to the seats on sale again, cache-service) | "
        + (f"p99 {fmt(lag_p99, 2)} s (histogram buckets, interpolated as by `histogram_quantile`), "
           if lag_p99 is not None else "")
        + (f"max {fmt(lag_max, 2)} s, " if lag_max is not None else "")
        + f"{fmt(lag_count)} expiries |")
    add("| holds in PostgreSQL by end | " + ", ".join(
        f"{status} {fmt(rows)} ({fmt(seats)} seats)" for status, (rows, seats) in sorted(holds.items())) + " |")
    add(f"| confirmed after expiring (their seats still free) | {fmt(trails.get('HELD EXPIRED BOOKED', 0))} |")
    # not an invariant: the safety net at work (W10 of docs/consistency.md), e.g. a claim whose
    # pending record lapsed (CACHE_PENDING_HOLD_TTL) before its request got through an overloaded booking-service
    add(f"| seats cache-service's reconciliation had to repair | {fmt(repairs)} |")
    add("")
    add("Answers, as the buyers got them (counted by the simulation; response times in ms, those "
        "of the accepted holds apart from the far more numerous and faster refusals):")
    add("")
    add("| request | answer | count | p50 | p99 | max |")
    add("| --- | --- | ---: | ---: | ---: | ---: |")
    for (request, answer), a in answers.items():
        add(f"| {request} | {answer} | {fmt(a['count'])} | {a['p50']} | {a['p99']} | {a['max']} |")
    add("")

    hold_rows = sum(rows for rows, _ in holds.values())
    unlawful = {trail: n for trail, n in trails.items() if trail not in LAWFUL_TRAILS}
    checks = [
        ("every hold ended (no HELD row, `held_seats` 0 in PostgreSQL and the API) within "
         f"{facts['funnel.hold_ttl_seconds']} + 60 s of the last buyer, and the commands settled",
         f"HELD rows {holds.get('HELD', (0, 0))[0]}, held_seats {facts['funnel.held_seats']} "
         f"(API {facts['funnel.api.held_seats']}), settled {facts['funnel.settled']}",
         facts["funnel.drained"] == "yes" and facts["funnel.settled"] == "yes" and "HELD" not in holds
         and facts["funnel.held_seats"] == facts["funnel.api.held_seats"] == "0"),
        ("no seat sold twice: seats of CONFIRMED rows = `events.booked_seats` = the API's ≤ total seats",
         f"{facts['funnel.confirmed_seats']} = {booked} = {facts['funnel.api.booked_seats']} ≤ {total}",
         facts["funnel.confirmed_seats"] == str(booked) == facts["funnel.api.booked_seats"] and booked <= total),
        ("Redis's seats taken (`event:<id>:taken`) = `events.booked_seats`",
         f"{facts['funnel.redis_taken'] or 'missing'} = {booked}", facts["funnel.redis_taken"] == str(booked)),
        ("no user with two live (HELD or CONFIRMED) rows", facts["funnel.users_with_two_live"],
         facts["funnel.users_with_two_live"] == "0"),
        ("every hold's audit trail is HELD, then BOOKED, RELEASED or EXPIRED (or EXPIRED, BOOKED)",
         "; ".join(f"{trail}: {fmt(n)}" for trail, n in trails.items()), not unlawful),
        # more rows than answers: the buyer gave up waiting (no answer) on a request that committed
        ("every accepted hold (201/202) is a row in PostgreSQL", f"{fmt(hold_rows)} rows, {fmt(held)} accepted, "
         f"{fmt(hold_rows - held)} committed after their buyer stopped waiting", hold_rows >= held),
        ("every accepted confirm (200/201/202) is a CONFIRMED row",
         f"{fmt(holds.get('CONFIRMED', (0, 0))[0])} rows, {fmt(confirmed)} accepted, "
         f"{fmt(holds.get('CONFIRMED', (0, 0))[0] - confirmed)} committed after their buyer stopped waiting",
         holds.get("CONFIRMED", (0, 0))[0] >= confirmed),
    ]
    add("Invariants, once every hold had ended:")
    add("")
    add("| check | measured | result |")
    add("| --- | --- | --- |")
    for check, measured, ok in checks:
        add(f"| {check} | {measured} | {'PASS' if ok else 'FAIL'} |")
    add("")
    return all(ok for _, _, ok in checks)


def main(out):
    raw = out / "raw"
    facts = dict(read_tsv(raw / "facts.tsv"))
    scenarios = selected(facts)
    stats = {s: gatling_stats(out / "gatling" / SIMULATIONS[s] / "index.html") for s in scenarios}
    # booking-service's reserve outcomes; the funnel counts its answers itself
    outcomes = {s: outcome_deltas(raw, s) for s in scenarios if s != "funnel"}
    seats = int(facts["sell.seats"])
    cold = cold_runs(raw, facts) if "cold" in facts["scenarios"].split() else {}

    def duration(scenario):
        total = stats[scenario]["All Requests"]
        return total["requests"] / total["rps"] if total["rps"] else 0.0

    def per_second(scenario, outcome):
        seconds = duration(scenario)
        return outcomes[scenario].get(outcome, 0) / seconds if seconds else 0.0

    invariants = {}
    for scenario, event, api, rows, column, rejected, settled in read_tsv(raw / "invariants.tsv"):
        problems = []
        if settled != "yes":
            problems.append("bookings still pending after 60 s")
        if not api == rows == column:
            problems.append(f"event {event}: API {api}, CONFIRMED rows {rows}, events.booked_seats {column}")
        if scenario in ("sell", "reject") and (int(rows) != seats or int(rejected) != 0):
            problems.append(f"event {event}: {rows} CONFIRMED of {seats} seats, {rejected} REJECTED rows")
        entry = invariants.setdefault(scenario, {"events": 0, "booked": 0, "rejected": 0, "problems": []})
        entry["events"] += 1
        entry["booked"] += int(rows)
        entry["rejected"] += int(rejected)
        entry["problems"] += problems

    heap = {}
    gc_max = {}
    for _, service, used, pause in read_tsv(raw / "metrics.tsv"):
        heap[service] = max(heap.get(service, 0), float(used) / MIB)
        gc_max[service] = max(gc_max.get(service, 0), float(pause))
    heap_max_service = max(heap, key=heap.get) if heap else "none"
    heap_max = heap.get(heap_max_service, 0.0)

    lines = []
    add = lines.append
    quick = facts["mode"] == "quick"
    add(f"# On-sale benchmark, {facts['started'][:10]}{' (smoke run)' if quick else ''}")
    add("")
    if quick:
        add("> Smoke run (`BENCH_QUICK=1`): a few seconds and small counts per scenario, so these numbers "
            "only show that the harness works; they measure nothing.")
        add("")
    add("Written by `bench/run.sh` from this run's measurements.")
    add("")
    add("| | |")
    add("| --- | --- |")
    add(f"| started | {facts['started']} |")
    add(f"| commit | {facts['commit']} |")
    add(f"| JDK of the services | {facts['jdk']} |")
    add(f"| machine | {facts['cpu']} cores, {facts['memory']} RAM; services, infrastructure and Gatling all on it |")
    add(f"| load average at the start (1, 5, 15 min) | {facts['load']} |")
    add(f"| PostgreSQL | {facts['postgres']} |")
    add("| services | started by `./run.sh` with its default settings (a fixed heap, `RUN_HEAP`)"
        + (f", warmed up for {facts['warmup.seconds']} s on an event of their own" if scenarios else "")
        + (" (the cold start: started afresh for it, not warmed up)" if cold else "") + " |")
    if len(scenarios) < len(SIMULATIONS):
        add(f"| scenarios | only `BENCH_SCENARIOS={facts['scenarios']}` |")
    add("")

    add("## Targets of the issue")
    add("")
    add("| target | measured | verdict |")
    add("| --- | --- | --- |")
    if "hot" in scenarios:
        pgbench_tps = float(facts["pgbench.tps"])
        hot_confirmed_rate = per_second("hot", "CONFIRMED")
        hot_p99 = stats["hot"]["reserve"]["p99"]
        add(f"| scenario 1: confirmed bookings/s ≥ 4 × pgbench baseline (≥ {fmt(4 * pgbench_tps)}/s) "
            f"| {fmt(hot_confirmed_rate)}/s ({hot_confirmed_rate / pgbench_tps:.2f} × baseline) "
            f"| {at_least(hot_confirmed_rate, 4 * pgbench_tps, '/s')} |")
        add(f"| scenario 1: reserve p99 ≤ 50 ms | {fmt(hot_p99)} ms | {at_most(hot_p99, 50, ' ms')} |")
    if "sell" in scenarios:
        sell_seconds = float(facts["sell.seconds"])
        reject = stats["reject"]["reserve"]
        reject_rate = reject["ok"] / duration("reject") if duration("reject") else 0.0
        sell_accepted = outcomes["sell"].get("CONFIRMED", 0) + outcomes["sell"].get("PENDING", 0)
        sell_ok = ("sell" in invariants and not invariants["sell"]["problems"]
                   and "reject" in invariants and not invariants["reject"]["problems"])
        add(f"| scenario 2: zero oversell | {invariants.get('sell', {}).get('booked', 0):,} CONFIRMED of "
            f"{seats:,} seats, {int(sell_accepted):,} answers 201/202, "
            f"{invariants.get('sell', {}).get('rejected', 0)} REJECTED rows "
            f"| {'MET' if sell_ok and sell_accepted == seats else 'MISSED'} |")
        add(f"| scenario 2: sell-out < 5 s | {fmt(sell_seconds, 2)} s | {at_most(sell_seconds, 5, ' s', 2)} |")
        add(f"| scenario 2: SOLD_OUT rejections ≥ 20,000/s | {fmt(reject_rate)}/s "
            f"| {at_least(reject_rate, 20000, '/s')} |")
        add(f"| scenario 2: SOLD_OUT p99 ≤ 20 ms | {fmt(reject['p99'])} ms | {at_most(reject['p99'], 20, ' ms')} |")
    for label, run in cold.items():
        ratio = run["first"] / run["steady"] if run["steady"] else 0.0
        add(f"| cold start, {COLD_RUNS[label]}: first {COLD_FIRST_SECONDS} s after ready ≥ "
            f"{COLD_FIRST_SHARE:.0%} of the steady state | {fmt(run['first'])}/s of {fmt(run['steady'])}/s "
            f"({ratio:.0%}) | {at_least(100 * ratio, 100 * COLD_FIRST_SHARE, ' points')} |")
    if heap:
        heap_verdict = "MET" if heap_max < HEAP_LIMIT_MB else f"MISSED: {fmt(heap_max)} MiB reached the limit"
        add(f"| heap < {HEAP_LIMIT_MB} MiB per service (`./run.sh` fixes it at `RUN_HEAP`, 512 MiB by default, so MISSED means it hit the cap) "
            f"| {fmt(heap_max)} MiB ({heap_max_service}) | {heap_verdict} |")
    add("")

    if "hot" in scenarios:
        add("## Baseline: the naive design in PostgreSQL")
        add("")
        add(f"pgbench, 16 clients, 2 threads, {facts['pgbench.seconds']} s, one booking per transaction guarded by "
            "the hot event's row (`bench/pgbench/naive.sql`, schema `bench/pgbench/setup.sql`), before the "
            f"services started: **{fmt(pgbench_tps)} transactions/s**.")
        add("")

    titles = {
        "hot": f"1 · hot event ({facts['hot.users']} users, {facts['hot.seconds']} s)",
        "sell": f"2 · sell-out ({int(facts['sell.users']):,} users for {seats:,} seats, "
                f"{facts['sell.concurrency']} concurrent)",
        "reject": f"2 · rejections after sell-out ({facts['sell.concurrency']} users, {facts['reject.seconds']} s)",
        "mixed": f"mixed ({facts['mixed.users']} users, {facts['mixed.events']} events, {facts['mixed.seconds']} s)",
        "funnel": f"checkout funnel ({int(facts['funnel.buyers']):,} buyers for {int(facts['funnel.seats']):,} seats, "
                  f"{facts['funnel.seconds']} s)",
    }
    if scenarios:
        add("## Scenarios")
        add("")
        add("Response times in ms. 201/s and the 202 share come from booking-service's "
            "`booking_reservations_total` counter, read before and after each scenario.")
        add("")
        add("| scenario | request | requests | KO | requests/s | p50 | p95 | p99 | max | 201/s | 202 share |")
        add("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for scenario, requests in stats.items():
            for name, row in sorted(requests.items(), key=lambda item: item[0] == "All Requests"):
                if name == "All Requests" and len(requests) == 2:
                    continue
                booking_columns = "| |"
                if name == "reserve":
                    accepted = outcomes[scenario].get("CONFIRMED", 0) + outcomes[scenario].get("PENDING", 0)
                    share = f"{outcomes[scenario].get('PENDING', 0) / accepted:.1%}" if accepted else "–"
                    booking_columns = f"| {fmt(per_second(scenario, 'CONFIRMED'))} | {share} |"
                add(f"| {titles[scenario]} | {name} | {fmt(row['requests'])} | {fmt(row['ko'])} | {fmt(row['rps'], 1)} "
                    f"| {fmt(row['p50'])} | {fmt(row['p95'])} | {fmt(row['p99'])} | {fmt(row['max'])} {booking_columns}")
        add("")
        for scenario in outcomes:
            counted = ", ".join(f"{k} {fmt(v)}" for k, v in sorted(outcomes[scenario].items())) or "none"
            add(f"- {titles[scenario]}: reserve outcomes {counted}.")
        if "sell" in scenarios:
            sent = stats["sell"]["All Requests"]["requests"]
            if sent < int(facts["sell.users"]):
                add(f"- The sell-out scenario hit its {facts['sell.max_seconds']} s cap: it sent {fmt(sent)} of "
                    f"{int(facts['sell.users']):,} reserves.")
        if "hot" in scenarios:
            add(f"- Scenario 1: {fmt(hot_confirmed_rate)} confirmed bookings/s = "
                f"**{hot_confirmed_rate / pgbench_tps:.2f} ×** the pgbench baseline.")
        if "sell" in scenarios:
            add(f"- Sell-out time (first to last hold of a CONFIRMED booking, `created_at` in PostgreSQL): "
                f"**{fmt(sell_seconds, 2)} s**; the sell-out scenario ran at "
                f"{fmt(stats['sell']['All Requests']['rps'], 1)} requests/s.")
            add(f"- Rejections after sell-out: **{fmt(reject_rate)} SOLD_OUT/s**, p99 **{fmt(reject['p99'])} ms**, "
                f"{fmt(reject['ko'])} answers other than 409 SOLD_OUT.")
        add("")

    if cold:
        cold_section(add, facts, cold)
    if "funnel" in scenarios:
        funnel_section(add, raw, facts, stats["funnel"])

    chart_titles = {SIMULATIONS[scenario]: titles[scenario] for scenario in scenarios}
    chart_titles.update({f"ColdStartSimulation-{label}": f"cold start, {COLD_RUNS[label]}".replace("`", "")
                         for label in cold})
    drawn = chart.write(out, chart_titles)
    if drawn:
        add("## Throughput and p99 over time")
        add("")
        add(f"![OK responses per second and p99 response time, second by second, of each scenario]({drawn.name})")
        add("")
        add("Per scenario, second by second from its start: OK responses/s (left axis) and the p99 response "
            "time of the OK responses (right axis), from the Gatling reports (`bench/chart.py`).")
        add("")

    checked = [s for s in scenarios if s != "funnel"]
    if checked:
        add("## Invariants")
        add("")
        add("After each scenario, once RabbitMQ held no command of the run and the seat counts had stopped "
            "moving (at most 60 s): the event's `booked_seats` from the API = its CONFIRMED rows in "
            "PostgreSQL = `events.booked_seats`"
            + (f"; for the sell-out event also exactly {seats:,} CONFIRMED and no REJECTED rows." if "sell" in checked
               else ".")
            + (" The checkout funnel's are in its section." if "funnel" in scenarios else ""))
        add("")
        add("| after | events | CONFIRMED bookings | REJECTED rows | result |")
        add("| --- | ---: | ---: | ---: | --- |")
        for scenario in checked:
            entry = invariants.get(scenario)
            if entry is None:
                add(f"| {titles[scenario]} | – | – | – | FAIL: not checked |")
                continue
            result = "PASS" if not entry["problems"] else "FAIL: " + "; ".join(entry["problems"])
            add(f"| {titles[scenario]} | {entry['events']} | {fmt(entry['booked'])} | {entry['rejected']} | {result} |")
        add("")

    cpu_file = raw / "cpu-hot.tsv"
    if cpu_file.exists():
        phases = dict(reversed(line.split()) for line in (raw / "phases-hot.txt").read_text().splitlines())
        cpu_seconds, sampled = cpu.used(cpu_file, float(phases["start"]), float(phases["end"]))
        confirmed = outcomes["hot"].get("CONFIRMED", 0)
        machine = cpu_seconds.get("machine busy", 0) + cpu_seconds.get('machine idle', 0)
        add("## Where the CPU goes (scenario 1)")
        add("")
        add(f"CPU time of each part over {fmt(sampled)} s of scenario 1's load (`bench/cpu.py`: utime + "
            "stime from /proc, sampled every second), per second and per confirmed booking. The machine "
            f"has {facts['cpu'].split(' ')[0]} cores; a part at 1.00 keeps one of them busy.")
        add("")
        add("| part | cores used | CPU ms per confirmed booking |")
        add("| --- | ---: | ---: |")
        parts = [name for name, _ in cpu.PARTS if name in cpu_seconds]
        for name in parts + ["machine kernel", "machine busy"]:
            label = {"machine kernel": "whole machine, in the kernel (all parts together)",
                     "machine busy": "whole machine, busy"}.get(name, name)
            per_booking = f"{cpu_seconds[name] * 1000 / confirmed:.2f}" if confirmed else "–"
            add(f"| {label} | {cpu_seconds.get(name, 0) / sampled if sampled else 0:.2f} | {per_booking} |")
        if machine:
            add(f"| whole machine, idle | {cpu_seconds.get('machine idle', 0) / sampled if sampled else 0:.2f} "
                f"| ({100 * cpu_seconds.get('machine idle', 0) / machine:.0f}% of the time) |")
        add("")
    shares_file = raw / "profile-shares.json"
    if shares_file.exists():
        profiles = json.loads(shares_file.read_text(encoding="utf-8"))
        services = sorted(profiles)
        names = []
        for service in services:
            names += [n for n in profiles[service]["shares"] if n not in names]
        add("async-profiler (CPU, itimer every 2 ms) in each service during scenario 1: the share of its "
            "samples whose innermost recognised frame belongs to each part (a Redis call made by this "
            "suite's code counts as the Redis client, a socket write under Tomcat as Tomcat). Flame graphs, "
            "written next to this file by the harness and not kept in git: "
            + ", ".join(f"`profiles/{s}.html`" for s in services) + ".")
        add("")
        add("| part | " + " | ".join(services) + " |")
        add("| --- |" + " ---: |" * len(services))
        for name in names:
            add(f"| {name} | " + " | ".join(
                f"{100 * profiles[s]['shares'].get(name, 0):.1f}%" for s in services) + " |")
        add("| samples | " + " | ".join(f"{profiles[s]['samples']:,}" for s in services) + " |")
        add("")

    if heap:
        add("## Memory and GC per service")
        add("")
        add("Sampled every second from `/actuator/prometheus` during the whole run: heap = sum of "
            "`jvm_memory_used_bytes{area=\"heap\"}`; longest pause = highest `jvm_gc_pause_seconds_max`.")
        add("")
        add("| service | max heap used | longest GC pause | GC pauses over the run |")
        add("| --- | ---: | ---: | --- |")
        for service in sorted(heap):
            add(f"| {service} | {fmt(heap[service])} MiB | {fmt(gc_max[service] * 1000)} ms "
                f"| {facts.get('gc.' + service, 'unknown')} |")
        add("")
    live = {}
    for scenario, service, used in read_tsv(raw / "live-heap.tsv"):
        live.setdefault(service, {})[scenario] = float(used) / MIB
    if live:
        add("Heap in use right after a full GC (`jcmd <pid> GC.run`) at the end of each scenario: what each "
            "scenario left behind, so growth from one to the next would show.")
        add("")
        add("| service | " + " | ".join(f"after {s}" for s in scenarios) + " |")
        add("| --- |" + " ---: |" * len(scenarios))
        for service in sorted(live):
            add(f"| {service} | " + " | ".join(
                f"{fmt(live[service][s])} MiB" if s in live[service] else "–" for s in scenarios) + " |")
        add("")

    add("## Gatling reports")
    add("")
    add("Written next to this file by the harness and not kept in git (the chart above is drawn from them):")
    add("")
    for label in cold:
        add(f"- `gatling/ColdStartSimulation-{label}/index.html`: cold start, {COLD_RUNS[label]}")
    for scenario in scenarios:
        add(f"- `gatling/{SIMULATIONS[scenario]}/index.html`: {titles[scenario]}")
    add("")

    (out / "summary.md").write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))
