package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.seatbooking.cache.SeatKeys;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Watches one event's seat invariants while a test runs, every few milliseconds, each from one
 * consistent read: in PostgreSQL (one statement, one snapshot) the counters equal the live rows they
 * count and booked + held never exceed the capacity; in Redis (one MGET) the seats taken never
 * exceed the capacity. Whatever it saw wrong fails the test when it is closed.
 */
final class SeatInvariants implements AutoCloseable {

    private final long eventId;
    private final JdbcClient db;
    private final RedissonClient redisson;
    private final SeatKeys keys;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger samples = new AtomicInteger();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Thread watching;

    private SeatInvariants(long eventId) {
        this.eventId = eventId;
        this.db = SuiteTest.suite.bookingService.getBean(JdbcClient.class);
        this.redisson = SuiteTest.suite.cacheService.getBean(RedissonClient.class);
        this.keys = SuiteTest.suite.cacheService.getBean(SeatKeys.class);
        this.watching = new Thread(this::watch, "seat-invariants-" + eventId);
        watching.start();
    }

    static SeatInvariants watch(long eventId) {
        return new SeatInvariants(eventId);
    }

    private void watch() {
        while (!stopped.get()) {
            try {
                sample();
                samples.incrementAndGet();
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // a store a fault test took away: there is nothing to read, so nothing can be wrong
            }
        }
    }

    private void sample() {
        int[] postgres = db.sql("""
                        SELECT e.total_seats, e.booked_seats, e.held_seats,
                            (SELECT coalesce(sum(quantity), 0) FROM bookings WHERE event_id = e.id AND status = 'CONFIRMED'),
                            (SELECT coalesce(sum(quantity), 0) FROM bookings WHERE event_id = e.id AND status = 'HELD')
                        FROM events e WHERE e.id = ?""").param(eventId)
                .query((rs, row) -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)})
                .single();
        if (postgres[1] + postgres[2] > postgres[0] || postgres[1] != postgres[3] || postgres[2] != postgres[4]) {
            violations.add("PostgreSQL: total %d, booked %d, held %d, but the rows book %d and hold %d"
                    .formatted(postgres[0], postgres[1], postgres[2], postgres[3], postgres[4]));
        }
        Map<String, String> redis = redisson.getBuckets(StringCodec.INSTANCE)
                .get(keys.eventCapacity(eventId), keys.eventTaken(eventId));
        String capacity = redis.get(keys.eventCapacity(eventId));
        String taken = redis.get(keys.eventTaken(eventId));
        if (capacity != null && taken != null && Long.parseLong(taken) > Long.parseLong(capacity)) {
            violations.add("Redis: " + taken + " seats taken of " + capacity);
        }
    }

    /** Stops watching; fails with everything it saw wrong, or if it could hardly look. */
    @Override
    public void close() throws InterruptedException {
        stopped.set(true);
        watching.join();
        assertThat(violations).as("the seat invariants of event %d", eventId).isEmpty();
        assertThat(samples.get()).as("samples taken").isGreaterThan(10);
    }
}
