"""The load of bench/wrk/waitlist.sh, 32 clients at a time against booking-service on :8080.

  waitlist.py sell EVENT SEATS BOOKED   BOOKED seats booked, the rest held; prints "booking-id user" per booking
  waitlist.py join EVENT WAITERS   that many new users on the event's waiting list (each must get 201)
  waitlist.py cancel < bookings    cancels every booking read from stdin (each must get 200 or 202)
  waitlist.py quantiles METRIC < scrape   p50 and p99 of a Prometheus histogram, from its buckets
"""
import json
import sys
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

API = "http://localhost:8080"


def call(method, path, body):
    request = urllib.request.Request(API + path, data=json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def in_parallel(task, items):
    with ThreadPoolExecutor(32) as pool:
        return list(pool.map(task, items))


def expect(answers, allowed, what):
    wrong = [answer for answer in answers if answer[0] not in allowed]
    if wrong:
        sys.exit(f"{len(wrong)} {what} answered otherwise, e.g. {wrong[0]}")


def sell(event, seats, booked):
    def take(i):
        user = f"seller-{uuid.uuid4()}"
        if i < booked:
            return call("POST", "/api/bookings/reserve", {"event_id": event, "user_id": user}) + (user,)
        return call("POST", f"/api/events/{event}/holds", {"user_id": user}) + (user,)
    answers = in_parallel(take, range(seats))
    expect(answers, (201,), "reserves or holds")
    for status, body, user in answers:
        if "booking" in body:
            print(body["booking"]["id"], user)


def join(event, waiters):
    answers = in_parallel(lambda _: call("POST", f"/api/events/{event}/waitlist", {"user_id": f"waiter-{uuid.uuid4()}"}),
                          range(waiters))
    expect(answers, (201,), "joins")


def cancel(bookings):
    answers = in_parallel(lambda line: call("DELETE", f"/api/bookings/{line.split()[0]}", {"user_id": line.split()[1]}),
                          [line for line in bookings if line.strip()])
    expect(answers, (200, 202), "cancels")


def quantiles(metric, scrape):
    buckets = []
    for line in scrape:
        if line.startswith(metric + "_bucket"):
            bound = line.split('le="')[1].split('"')[0]
            buckets.append((float("inf") if bound == "+Inf" else float(bound), float(line.rsplit(" ", 1)[1])))
    total = buckets[-1][1] if buckets else 0
    if not total:
        print(f"{metric}: no samples")
        return
    found = {q: next(bound for bound, count in buckets if count >= q * total) for q in (0.5, 0.99)}
    print(f"{metric}: {int(total)} offers, p50 <= {found[0.5]} s, p99 <= {found[0.99]} s (bucket bounds)")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "sell":
        sell(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif command == "join":
        join(int(sys.argv[2]), int(sys.argv[3]))
    elif command == "cancel":
        cancel(sys.stdin.readlines())
    else:
        quantiles(sys.argv[2], sys.stdin)
