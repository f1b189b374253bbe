package dev.seatbooking.bench;

import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/** Parameters shared by the simulations, all from system properties so run.sh can size a run. */
final class Bench {

    static final String BASE_URL = System.getProperty("baseUrl", "http://localhost:8080");

    /** Prefix of every user id, so that runs against one database never collide on a user. */
    static final String RUN_ID = System.getProperty("runId", Long.toString(System.currentTimeMillis(), 36));

    private Bench() {
    }

    static int intProperty(String name, int defaultValue) {
        return Integer.parseInt(System.getProperty(name, Integer.toString(defaultValue)));
    }

    static long longProperty(String name, long defaultValue) {
        return Long.parseLong(System.getProperty(name, Long.toString(defaultValue)));
    }

    /** A parameter without a default here: bench/run.sh, which sizes the run, is the one place of its value. */
    static String required(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalArgumentException("-D" + name + " is required (bench/run.sh sets it)");
        }
        return value;
    }

    static long requiredLong(String name) {
        return Long.parseLong(required(name));
    }

    static int requiredInt(String name) {
        return Integer.parseInt(required(name));
    }

    static long[] longsProperty(String name, String defaultValue) {
        return Arrays.stream(System.getProperty(name, defaultValue).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong)
                .toArray();
    }

    /**
     * Appends "epoch-seconds phase" to the file named by {@code -DphaseFile}, if any: run.sh reads
     * the load's start and end from it, without Gatling's start-up and report writing around them.
     */
    static void markPhase(String phase) {
        String file = System.getProperty("phaseFile");
        if (file == null) {
            return;
        }
        try {
            Files.writeString(Path.of(file), String.format(Locale.ROOT, "%.3f %s%n", System.currentTimeMillis() / 1000.0, phase),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The nearest-rank percentile of sorted values. */
    static int percentile(int[] sorted, int percent) {
        return sorted[Math.max(0, (int) Math.ceil(percent / 100.0 * sorted.length) - 1)];
    }

    static String reserveBody(long eventId, String userId) {
        return "{\"event_id\": " + eventId + ", \"user_id\": \"" + userId + "\"}";
    }

    static HttpProtocolBuilder protocol() {
        return http.baseUrl(BASE_URL)
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                // one keep-alive pool for all virtual users, as behind a load balancer; per-user
                // connections would measure TCP handshakes instead of the service
                .shareConnections()
                // Gatling's default warm-up calls gatling.io, which this network cannot reach
                .warmUp(BASE_URL + "/health");
    }
}
