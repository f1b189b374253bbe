#!/usr/bin/env python3
"""Stand-in for jaegertracing/jaeger:2.10.0 on machines that cannot pull it. It is NOT Jaeger: it
takes traces over OTLP/HTTP on 4318 (POST /v1/traces, protobuf or JSON, as the services send them)
and keeps, in memory, how many spans came from each service and the latest traces. On 16686 it
serves a plain page of those, and Jaeger's query API for the list of services
(GET /api/services -> {"data": [...]}) and a service's latest traces (GET /api/traces?service=NAME),
so that a check written against the real Jaeger works against it. No OTLP/gRPC (4317), no storage,
no search, no trace view.
"""
import gzip
import html
import json
import sys
import threading
from collections import OrderedDict, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()
SPANS = defaultdict(int)  # service -> spans received
TRACES = defaultdict(OrderedDict)  # service -> trace id (hex) -> [span names], newest last
MAX_TRACES = 200


def varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, i
        shift += 7


def fields(buf):
    """(field number, value) of a protobuf message; length-delimited values as bytes."""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 2:
            length, i = varint(buf, i)
            value, i = buf[i:i + length], i + length
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield number, value


def service_of_protobuf(resource):
    for number, kv in fields(resource):
        if number != 1:
            continue
        key = value = None
        for n, v in fields(kv):
            if n == 1:
                key = v.decode("utf-8", "replace")
            elif n == 2:
                for an, av in fields(v):
                    if an == 1:
                        value = av.decode("utf-8", "replace")
        if key == "service.name":
            return value
    return None


def spans_of_protobuf(body):
    """(service, trace id, span name) of an ExportTraceServiceRequest."""
    for number, resource_spans in fields(body):
        if number != 1:
            continue
        service, scope_spans = "unknown", []
        for n, v in fields(resource_spans):
            if n == 1:
                service = service_of_protobuf(v) or service
            elif n == 2:
                scope_spans.append(v)
        for scope in scope_spans:
            for n, span in fields(scope):
                if n != 2:
                    continue
                trace_id, name = b"", ""
                for sn, sv in fields(span):
                    if sn == 1:
                        trace_id = sv
                    elif sn == 5:
                        name = sv.decode("utf-8", "replace")
                yield service, trace_id.hex(), name


def spans_of_json(body):
    for resource_spans in json.loads(body).get("resourceSpans", []):
        service = "unknown"
        for attribute in resource_spans.get("resource", {}).get("attributes", []):
            if attribute.get("key") == "service.name":
                service = attribute.get("value", {}).get("stringValue", service)
        for scope in resource_spans.get("scopeSpans", []):
            for span in scope.get("spans", []):
                yield service, span.get("traceId", ""), span.get("name", "")


def record(spans):
    with LOCK:
        for service, trace_id, name in spans:
            SPANS[service] += 1
            traces = TRACES[service]
            traces.setdefault(trace_id, []).append(name)
            traces.move_to_end(trace_id)
            while len(traces) > MAX_TRACES:
                traces.popitem(last=False)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # quiet: one line per request would drown the log
        pass

    def reply(self, status, body=b"", content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.server.server_port != 4318 or urlparse(self.path).path != "/v1/traces":
            self.reply(404, b'{"error": "not found"}')
            return
        try:
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            if self.headers.get("Content-Type", "").startswith("application/json"):
                record(list(spans_of_json(body)))
                self.reply(200, b"{}")
            else:
                record(list(spans_of_protobuf(body)))
                self.reply(200, b"", "application/x-protobuf")
        except (ValueError, IndexError, OSError) as e:
            self.reply(400, json.dumps({"error": str(e)}).encode())

    def do_GET(self):
        url = urlparse(self.path)
        with LOCK:
            services = sorted(SPANS)
            if url.path == "/api/services":
                self.reply(200, json.dumps({"data": services, "total": len(services)}).encode())
            elif url.path == "/api/traces":
                service = parse_qs(url.query).get("service", [""])[0]
                traces = [{"traceID": t, "spans": [{"operationName": n} for n in names]}
                          for t, names in reversed(TRACES.get(service, {}).items())]
                self.reply(200, json.dumps({"data": traces, "total": len(traces)}).encode())
            elif url.path == "/":
                rows = "".join("<tr><td>%s</td><td>%d</td><td>%d</td></tr>"
                               % (html.escape(s), SPANS[s], len(TRACES[s])) for s in services)
                page = ("<!doctype html><title>Jaeger stand-in</title><h1>Jaeger stand-in</h1>"
                        "<p>Not Jaeger: a stand-in that counts the spans received over OTLP/HTTP "
                        "(docker/standins in the seat-booking repository).</p>"
                        "<table><tr><th>service</th><th>spans</th><th>traces kept</th></tr>%s</table>"
                        % rows)
                self.reply(200, page.encode(), "text/html; charset=utf-8")
            else:
                self.reply(404, b'{"error": "not found"}')


def serve(port):
    ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()


if __name__ == "__main__":
    if {"--version", "version", "-h", "--help", "help"} & set(sys.argv[1:]):
        print("jaeger stand-in (not Jaeger) for jaegertracing/jaeger:2.10.0: OTLP/HTTP on 4318, spans per service on 16686")
        sys.exit(0)
    if sys.argv[1:]:
        print("jaeger stand-in: ignoring the arguments " + " ".join(sys.argv[1:]), flush=True)
    for p in (4318, 16686):
        threading.Thread(target=serve, args=(p,), daemon=True).start()
    print("jaeger stand-in: OTLP/HTTP on 4318 (/v1/traces), query on 16686 (/, /api/services, /api/traces)",
          flush=True)
    threading.Event().wait()
