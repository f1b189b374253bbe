#!/usr/bin/env python3
"""Checks the Grafana dashboard and the Prometheus alert rules against what the services export.

    scripts/check-observability.py                 # against the saved scrapes (what CI runs)
    scripts/check-observability.py --live          # against a running suite (./run.sh)
    scripts/check-observability.py --live --save   # ... and saves its scrapes as the new reference
        [--blackbox http://localhost:9115]         # ... with a readiness probe of the blackbox exporter
                                                   #     (without: the saved blackbox-probe.prom)
    scripts/check-observability.py --prometheus http://localhost:9090   # also run every query

What it checks:
- docs/grafana/seat-booking.json is valid JSON, every panel has queries, and every query, variable
  and annotation uses the DS_PROMETHEUS datasource variable;
- every metric named in a dashboard query or an alert expression is in a scrape (only `up` and
  `ALERTS`, which Prometheus makes itself, are exempt), every label a selector names exists on that
  metric, and every selector whose matchers are literal matches at least one scraped series (so
  `queue="commands"` or `outcome="PENDING"` must really occur); the labels of by/without/on/
  ignoring/group_left clauses exist on a metric of the same expression;
- every alert has `for`, a `severity` label of critical/warning/info, `summary`, `description` and
  a `runbook_url` of the form docs/operations.md#anchor whose anchor is a heading there;
- every booking_* metric family in the scrapes is named in docs/operations.md's catalogue;
- the saved scrapes (and, with --save, those about to be saved) have no absolute `path` label;
- with --prometheus: every dashboard query and alert expression runs without error on that server
  (variables replaced by match-all), and those that return nothing are listed.

The saved scrapes (docs/prometheus/scrapes/) are recorded by scripts/record-scrapes.sh. --save
keeps nothing of the machine they were recorded on: label values that are paths in this checkout
become relative to it (disk_free_bytes{path="/work/main/."} is saved as path="."), paths in the
home directory start with ~, and the host's own names and addresses become localhost and 127.0.0.1;
the offline check fails on a saved `path` label that is still absolute. Standard library plus PyYAML.
"""
import argparse
import json
import os
import re
import socket
import sys
import urllib.parse
import urllib.request

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DASHBOARD = os.path.join(ROOT, "docs/grafana/seat-booking.json")
ALERTS = os.path.join(ROOT, "docs/prometheus/alerts.yml")
OPERATIONS = os.path.join(ROOT, "docs/operations.md")
SCRAPES = os.path.join(ROOT, "docs/prometheus/scrapes")
SERVICES = {"booking-service": 8080, "cache-service": 8081, "queue-worker": 8082}

# made by Prometheus itself, never in a scrape
GENERATED = {"up": {"job", "instance"}, "ALERTS": {"alertname", "alertstate", "severity", "service"}}
# added by Prometheus to every scraped series (target labels)
TARGET_LABELS = {"job", "instance"}

KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or",
            "unless", "sum", "avg", "min", "max", "count", "stddev", "stdvar", "topk", "bottomk", "quantile",
            "count_values", "group", "inf", "nan", "atan2"}
LABEL_LISTS = {"by", "without", "on", "ignoring", "group_left", "group_right"}

errors = []


def fail(message):
    errors.append(message)


# --- the exposition format ---------------------------------------------------------------------

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+\S+')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse_scrape(text, source, series, families):
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            parts = line.split()
            families[parts[2]] = (parts[3], source)
            continue
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            continue
        labels = dict(LABEL.findall(m.group(3) or ""))
        series.setdefault(m.group(1), []).append(labels)


def machine_independent(text, roots=None):
    """The scrape without what belongs to the machine it came from, in label values: paths in this
    checkout (or in roots) relative to it, the home directory as ~, the host's names as localhost
    and its addresses as 127.0.0.1."""
    roots = [os.path.normpath(r) for r in (roots or {ROOT, os.path.realpath(ROOT)})]
    home = os.path.expanduser("~")
    hosts, addresses = set(), set()
    try:
        hosts = {socket.gethostname(), socket.getfqdn()} - {"localhost", ""}
        for host in list(hosts):
            addresses |= set(socket.gethostbyname_ex(host)[2])
    except OSError:
        pass
    addresses = {a for a in addresses if not a.startswith("127.")}

    def value(v):
        if v.startswith("/"):
            path = os.path.normpath(v)
            for root in roots:
                if path == root or path.startswith(root + os.sep):
                    return os.path.relpath(path, root)
        for root in roots:  # a path inside a longer value
            v = re.sub(re.escape(root) + r"(?![\w.-])", ".", v)
        if home not in ("", "/") and (v == home or v.startswith(home + os.sep)):
            v = "~" + v[len(home):]
        if v in hosts:
            return "localhost"
        if v in addresses:
            return "127.0.0.1"
        return v

    def labels(m):
        return "{" + LABEL.sub(lambda l: f'{l.group(1)}="{value(l.group(2))}"', m.group(1)) + "}"

    return "\n".join(line if line.startswith("#") else re.sub(r"\{(.*)\}", labels, line, count=1)
                     for line in text.split("\n"))


def check_machine_independent(series):
    """Saved scrapes hold no path of the machine they were recorded on (see machine_independent)."""
    found = sorted({(labels.get("service", "?"), name, labels["path"]) for name, label_sets in series.items()
                    for labels in label_sets if labels.get("path", "").startswith(("/", "~"))})
    for service, name, path in found:
        fail(f'{service}: {name}{{path="{path}"}} is a path of the machine it was recorded on '
             "(save scrapes of a suite started from this checkout: --save makes its paths relative)")


def load_saved():
    series, families = {}, {}
    names = sorted(f for f in os.listdir(SCRAPES) if f.endswith(".prom"))
    if not names:
        sys.exit(f"no scrapes in {SCRAPES}")
    for name in names:
        with open(os.path.join(SCRAPES, name), encoding="utf-8") as f:
            parse_scrape(f.read(), name, series, families)
    return series, families, names


def fetch(url, token=None):
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode("utf-8")


def load_live(host, save, tokens, blackbox):
    series, families = {}, {}
    texts = {}
    for service, port in SERVICES.items():
        texts[service] = fetch(f"http://{host}:{port}/actuator/prometheus", tokens.get(service))
    if blackbox:
        # one readiness probe, for the probe_* metrics (the same for every service)
        target = urllib.parse.quote(f"http://{host}:{SERVICES['booking-service']}/actuator/health/readiness", safe="")
        texts["blackbox-probe"] = fetch(f"{blackbox.rstrip('/')}/probe?module=http_2xx&target={target}")
    saved_probe = os.path.join(SCRAPES, "blackbox-probe.prom")
    if not blackbox and os.path.exists(saved_probe):
        with open(saved_probe, encoding="utf-8") as f:
            parse_scrape(f.read(), "blackbox-probe.prom (saved)", series, families)
        sources = ["blackbox-probe.prom (saved)"]
    else:
        sources = []
    for source, text in texts.items():
        if save:
            text = machine_independent(text)
        parse_scrape(text, source, series, families)
        if save:
            with open(os.path.join(SCRAPES, source + ".prom"), "w", encoding="utf-8") as f:
                f.write(text)
    return series, families, list(texts) + sources


# --- PromQL ------------------------------------------------------------------------------------

def grafana_to_promql(expr):
    """Grafana's interval variables become durations; other variables stay (matchers on them are skipped)."""
    return re.sub(r"\$__(rate_interval|interval|range)|\$\{__(rate_interval|interval|range)\}", "5m", expr)


def parse_promql(expr):
    """Selectors ([(name, [(label, op, value)])]) and the labels of by/on/... clauses of an expression."""
    selectors, clause_labels = [], []
    i, n = 0, len(expr)

    def skip_space(j):
        while j < n and expr[j].isspace():
            j += 1
        return j

    def read_string(j):
        quote = expr[j]
        j += 1
        out = []
        while j < n and expr[j] != quote:
            if expr[j] == "\\" and quote != "`":
                j += 1
            out.append(expr[j])
            j += 1
        return "".join(out), j + 1

    def read_matchers(j):  # expr[j] == "{"
        j += 1
        matchers = []
        while True:
            j = skip_space(j)
            if expr[j] == "}":
                return matchers, j + 1
            m = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*").match(expr, j)
            if not m:
                raise ValueError(f"cannot read the matchers at {expr[j:j + 30]!r}")
            j = m.end()
            value, j = read_string(j)
            matchers.append((m.group(1), m.group(2), value))
            j = skip_space(j)
            if expr[j] == ",":
                j += 1

    def read_list(j):  # expr[j] == "("
        end = expr.index(")", j)
        return [s.strip() for s in expr[j + 1:end].split(",") if s.strip()], end + 1

    while i < n:
        c = expr[i]
        if c in "\"'`":
            _, i = read_string(i)
        elif c == "[":
            i = expr.index("]", i) + 1
        elif c == "{":
            matchers, i = read_matchers(i)
            names = [v for (l, op, v) in matchers if l == "__name__" and op == "="]
            if not names:
                raise ValueError(f"a selector without a metric name in {expr!r}")
            selectors.append((names[0], [m for m in matchers if m[0] != "__name__"]))
        elif c.isdigit() or (c == "." and i + 1 < n and expr[i + 1].isdigit()):
            m = re.compile(r"[0-9.]+([eE][+-]?[0-9]+)?[a-zA-Z0-9]*").match(expr, i)
            i = m.end()
        elif c.isalpha() or c in "_:":
            m = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*").match(expr, i)
            word, i = m.group(0), m.end()
            j = skip_space(i)
            if word in LABEL_LISTS:
                if j < n and expr[j] == "(":
                    labels, i = read_list(j)
                    clause_labels.extend(labels)
            elif word in KEYWORDS:
                pass
            elif j < n and expr[j] == "(":
                pass  # a function
            elif j < n and expr[j] == "{":
                matchers, i = read_matchers(j)
                selectors.append((word, matchers))
            else:
                selectors.append((word, []))
        else:
            i += 1
    return selectors, clause_labels


def matches(labels, matcher):
    label, op, value = matcher
    actual = labels.get(label, "")
    if op == "=":
        return actual == value
    if op == "!=":
        return actual != value
    found = re.fullmatch(value, actual) is not None
    return found if op == "=~" else not found


def check_expr(where, expr, series):
    try:
        selectors, clause_labels = parse_promql(grafana_to_promql(expr))
    except (ValueError, IndexError) as e:
        fail(f"{where}: cannot parse {expr!r}: {e}")
        return
    if not selectors:
        fail(f"{where}: no metric in {expr!r}")
    known_labels = set(TARGET_LABELS) | {"le"}
    for name, matchers in selectors:
        if name in GENERATED:
            known_labels |= GENERATED[name]
            continue
        if name not in series:
            fail(f"{where}: metric {name} is in no scrape")
            continue
        labels_of_metric = set().union(*[set(s) for s in series[name]]) | TARGET_LABELS
        known_labels |= labels_of_metric
        for label, _, _ in matchers:
            if label not in labels_of_metric:
                fail(f"{where}: {name} has no label {label} (it has {sorted(labels_of_metric - TARGET_LABELS)})")
        literal = [m for m in matchers if "$" not in m[2] and m[0] not in TARGET_LABELS]
        if literal and not any(all(matches(s, m) for m in literal) for s in series[name]):
            shown = ", ".join(f'{l}{op}"{v}"' for l, op, v in literal)
            fail(f"{where}: no scraped series of {name} matches {{{shown}}}")
    for label in clause_labels:
        if label not in known_labels:
            fail(f"{where}: label {label} of a by/on clause is on no metric of {expr!r}")


# --- the dashboard -----------------------------------------------------------------------------

def dashboard_queries():
    """(where, expr) of every query of the dashboard; checks its structure on the way."""
    try:
        with open(DASHBOARD, encoding="utf-8") as f:
            dashboard = json.load(f)
    except ValueError as e:
        fail(f"{DASHBOARD} is not valid JSON: {e}")
        return [], []
    variables = {v["name"]: v for v in dashboard.get("templating", {}).get("list", [])}
    if variables.get("DS_PROMETHEUS", {}).get("type") != "datasource":
        fail("the dashboard has no datasource variable DS_PROMETHEUS")
    if "service" not in variables:
        fail("the dashboard has no service variable")
    ds_ok = {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}
    queries, label_queries = [], []

    def panels_of(panels):
        for p in panels:
            yield p
            yield from panels_of(p.get("panels", []))

    for panel in panels_of(dashboard.get("panels", [])):
        if panel.get("type") == "row":
            continue
        where = f"panel {panel.get('title')!r}"
        if panel.get("datasource") != ds_ok:
            fail(f"{where}: datasource is not ${{DS_PROMETHEUS}}")
        targets = panel.get("targets", [])
        if not targets:
            fail(f"{where}: no queries")
        for t in targets:
            if t.get("datasource") != ds_ok:
                fail(f"{where}: a query's datasource is not ${{DS_PROMETHEUS}}")
            queries.append((where, t["expr"]))
    for name, v in variables.items():
        if v.get("type") != "query":
            continue
        if v.get("datasource") != ds_ok:
            fail(f"variable {name}: datasource is not ${{DS_PROMETHEUS}}")
        query = v["query"]["query"] if isinstance(v["query"], dict) else v["query"]
        m = re.fullmatch(r"\s*label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)\s*", query)
        if not m:
            fail(f"variable {name}: not a label_values(metric, label) query: {query!r}")
            continue
        label_queries.append((f"variable {name}", m.group(1), m.group(2)))
    for a in dashboard.get("annotations", {}).get("list", []):
        if "expr" in a:
            if a.get("datasource") != ds_ok:
                fail(f"annotation {a.get('name')!r}: datasource is not ${{DS_PROMETHEUS}}")
            queries.append((f"annotation {a.get('name')!r}", a["expr"]))
    return queries, label_queries


# --- the alert rules ---------------------------------------------------------------------------

def slug(heading):
    """GitHub's anchor of a Markdown heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def alert_rules(anchors):
    with open(ALERTS, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    rules = []
    for group in doc["groups"]:
        for rule in group["rules"]:
            if "alert" not in rule:
                rules.append((f"record {rule.get('record')}", rule["expr"]))
                continue
            name = rule["alert"]
            where = f"alert {name}"
            rules.append((where, rule["expr"]))
            if "for" not in rule:
                fail(f"{where}: no for")
            if rule.get("labels", {}).get("severity") not in {"critical", "warning", "info"}:
                fail(f"{where}: severity is not critical, warning or info")
            annotations = rule.get("annotations", {})
            for key in ("summary", "description", "runbook_url"):
                if not annotations.get(key):
                    fail(f"{where}: no {key} annotation")
            url = annotations.get("runbook_url", "")
            m = re.fullmatch(r"docs/operations\.md#([a-z0-9\-_]+)", url)
            if not m:
                fail(f"{where}: runbook_url {url!r} is not docs/operations.md#anchor")
            elif m.group(1) not in anchors:
                fail(f"{where}: docs/operations.md has no heading for #{m.group(1)}")
    return rules


# --- a live Prometheus -------------------------------------------------------------------------

def run_queries(base, queries):
    empty = []
    for where, expr in queries:
        promql = grafana_to_promql(expr).replace("${DS_PROMETHEUS}", "")
        promql = re.sub(r"\$\{?(service|instance)\}?", ".*", promql)
        url = base.rstrip("/") + "/api/v1/query?" + urllib.parse.urlencode({"query": promql})
        try:
            answer = json.loads(fetch(url))
        except urllib.error.HTTPError as e:
            fail(f"{where}: Prometheus refused {promql!r}: {e.read().decode('utf-8', 'replace')}")
            continue
        if answer.get("status") != "success":
            fail(f"{where}: {answer}")
        elif not answer["data"]["result"]:
            empty.append((where, promql))
    return empty


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--live", action="store_true", help="scrape the running suite instead of the saved scrapes")
    parser.add_argument("--host", default="localhost", help="where the suite runs (--live)")
    parser.add_argument("--save", action="store_true", help="with --live: save the scrapes in docs/prometheus/scrapes")
    parser.add_argument("--blackbox", metavar="URL", help="with --live: a blackbox exporter to take a readiness probe from")
    parser.add_argument("--prometheus", metavar="URL", help="also run every query on this Prometheus")
    args = parser.parse_args()

    # with INTERNAL_TOKEN set, cache-service's actuator wants it; in jwt mode booking-service's
    # wants an admin token (ADMIN_TOKEN, e.g. from scripts/dev-token.py ops --admin)
    tokens = {"cache-service": os.environ.get("INTERNAL_TOKEN"), "booking-service": os.environ.get("ADMIN_TOKEN")}
    if args.live:
        series, families, sources = load_live(args.host, args.save, tokens, args.blackbox)
    else:
        series, families, sources = load_saved()
    if args.save or not args.live:
        check_machine_independent(series)

    with open(OPERATIONS, encoding="utf-8") as f:
        operations = f.read()
    anchors = {slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.*)$", operations, re.M)}

    queries, label_queries = dashboard_queries()
    rules = alert_rules(anchors)
    for where, expr in queries + rules:
        check_expr(where, expr, series)
    for where, selector, label in label_queries:
        check_expr(where, selector, series)
        selectors, _ = parse_promql(selector)
        for name, _ in selectors:
            if name in series and label not in set().union(*[set(s) for s in series[name]]) | TARGET_LABELS:
                fail(f"{where}: {name} has no label {label}")

    for family in sorted(f for f in families if f.startswith("booking_")):
        name = family[:-len("_max")] if family.endswith("_max") else family
        if not re.search(r"`" + re.escape(name) + r"(_bucket|_count|_sum)?(\{|`)", operations):
            fail(f"metric {family} ({families[family][1]}) is not in the catalogue of docs/operations.md")

    empty = []
    if args.prometheus:
        empty = run_queries(args.prometheus, queries + rules)

    metrics = sorted({n for _, e in queries + rules for n, _ in parse_promql(grafana_to_promql(e))[0]})
    print(f"check-observability: {len(queries)} dashboard queries, {len(label_queries)} variables, "
          f"{len(rules)} alert rules, {len(metrics)} metrics, against {len(series)} scraped series names "
          f"from {', '.join(sources)}")
    if args.prometheus:
        print(f"check-observability: {len(queries) + len(rules) - len(empty)} of {len(queries) + len(rules)} "
              f"queries return data on {args.prometheus}; empty now:")
        for where, promql in empty:
            print(f"  {where}: {promql}")
    for e in errors:
        print("ERROR: " + e, file=sys.stderr)
    if errors:
        print(f"check-observability: {len(errors)} problems", file=sys.stderr)
        return 1
    print("check-observability: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
