"""Where the two cores go while a scenario runs, for bench/run.sh and bench/report.py.

  python3 bench/cpu.py sample FILE      every second, until killed, appends the CPU time used so far
                                        by each process of the suite (and by the whole machine) to FILE
  python3 bench/cpu.py shares FILE ...  async-profiler collapsed stacks -> CPU share per part (JSON)

The sampler reads /proc: utime + stime of each process whose command line names a part of the
suite, and the machine's busy, kernel and idle time from /proc/stat, all in clock ticks.
"""
import json
import os
import sys
import time


def service(name):
    """A service as ./run.sh starts it: its executable jar, or on Java 25 its extracted one."""
    return lambda comm, cmd: f"{name}-1.0.0-SNAPSHOT-exec.jar" in cmd or f"/{name}/{name}.jar" in cmd


PARTS = (
    ("booking-service", service("booking-service")),
    ("cache-service", service("cache-service")),
    ("queue-worker", service("queue-worker")),
    ("PostgreSQL", lambda comm, cmd: comm == "postgres"),
    ("Redis", lambda comm, cmd: comm == "redis-server"),
    ("RabbitMQ", lambda comm, cmd: comm == "beam.smp"),
    ("Gatling (load generator)", lambda comm, cmd: comm == "java" and "gatling" in cmd.lower()),
)


def part_of(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            comm = f.read().strip()
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    return next((name for name, matches in PARTS if matches(comm, cmd)), None)


def ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        # the command name in parentheses may hold spaces: fields are counted after it
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def sample(path):
    parts = {}
    with open(path, "a") as out:
        while True:
            now = time.time()
            with open("/proc/stat") as f:
                user, nice, system, idle, iowait, irq, softirq, steal = map(int, f.readline().split()[1:9])
            out.write(f"{now:.3f}\tmachine\tkernel\t{system + irq + softirq}\n")
            out.write(f"{now:.3f}\tmachine\tbusy\t{user + nice + system + irq + softirq + steal}\n")
            out.write(f"{now:.3f}\tmachine\tidle\t{idle + iowait}\n")
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                pid = int(entry)
                if pid not in parts:
                    parts[pid] = part_of(pid)
                if parts[pid] is None:
                    continue
                try:
                    out.write(f"{now:.3f}\t{parts[pid]}\t{pid}\t{ticks(pid)}\n")
                except OSError:
                    pass  # the process ended between the listing and the read
            out.flush()
            time.sleep(1)


def used(path, start=0.0, end=float("inf")):
    """Seconds of CPU per part between the first and the last sample from start to end (epoch
    seconds), and the seconds between those two samples."""
    first, last, times = {}, {}, []
    with open(path) as f:
        for line in f:
            t, part, key, value = line.rstrip("\n").split("\t")
            if not start <= float(t) <= end:
                continue
            first.setdefault((part, key), int(value))
            last[(part, key)] = int(value)
            times.append(float(t))
    hz = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for (part, key), value in last.items():
        name = f"machine {key}" if part == "machine" else part
        seconds[name] = seconds.get(name, 0) + (value - first[(part, key)]) / hz
    return seconds, (max(times) - min(times)) if times else 0


# The innermost of these in a stack gets its sample: a Redis call made from a controller counts as
# the Redis client, the socket write under Tomcat as Tomcat. Frames of the JDK and the kernel go to
# whoever called them.
CATEGORIES = (
    ("JIT compiler", ("CompileBroker", "C2Compiler", "Compilation::")),
    ("garbage collector", ("G1", "GCTaskThread", "WorkerThread::run", "ConcurrentGCThread")),
    ("this suite's code", ("dev/seatbooking/",)),
    ("Redis client (Redisson, Netty)", ("org/redisson/", "io/netty/")),
    ("rate limiter (Bucket4j, Caffeine)", ("io/github/bucket4j/", "com/github/benmanes/caffeine/")),
    ("RabbitMQ client (Spring AMQP)", ("org/springframework/amqp/", "com/rabbitmq/")),
    ("PostgreSQL (Hibernate, JDBC, HikariCP)", ("org/hibernate/orm", "org/hibernate/engine", "org/hibernate/",
                                                "org/postgresql/", "com/zaxxer/hikari/",
                                                "org/springframework/orm/", "org/springframework/data/")),
    ("HTTP client (Apache HttpClient 5)", ("org/apache/hc/",)),
    ("JSON (Jackson)", ("tools/jackson/", "com/fasterxml/jackson/")),
    ("metrics and tracing (Micrometer, OpenTelemetry)", ("io/micrometer/", "io/opentelemetry/")),
    ("logging (Logback)", ("ch/qos/logback/",)),
    ("Spring Security", ("org/springframework/security/",)),
    ("Spring MVC", ("org/springframework/web/", "org/springframework/http/")),
    ("Tomcat", ("org/apache/coyote/", "org/apache/catalina/", "org/apache/tomcat/")),
)


def category(frames):
    for frame in reversed(frames):
        for name, prefixes in CATEGORIES:
            if any(prefix in frame for prefix in prefixes):
                return name
    return "other (JDK threads, thread hand-offs, kernel)"


def shares(paths):
    result = {}
    for path in paths:
        counts, total = {}, 0
        with open(path) as f:
            for line in f:
                stack, _, n = line.rstrip("\n").rpartition(" ")
                n = int(n)
                total += n
                name = category(stack.split(";"))
                counts[name] = counts.get(name, 0) + n
        result[os.path.basename(path).removesuffix(".collapsed")] = {
            "samples": total,
            "shares": {name: n / total for name, n in sorted(counts.items(), key=lambda kv: -kv[1])},
        }
    return result


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "sample":
        sample(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "shares":
        json.dump(shares(sys.argv[2:]), sys.stdout, indent=1)
    else:
        sys.exit(__doc__)
