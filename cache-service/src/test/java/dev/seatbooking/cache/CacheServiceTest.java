package dev.seatbooking.cache;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.seatbooking.cache.hold.HoldService;
import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.cache.ClaimKind;
import dev.seatbooking.common.cache.ClaimRequest;
import dev.seatbooking.common.cache.ClaimResponse;
import dev.seatbooking.common.event.Event;
import dev.seatbooking.common.event.EventRepository;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.redisson.api.RBucket;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for all test classes that extend this (the property source method is
 * part of Spring's context cache key), running against this run's slice of the real infrastructure,
 * and the fixtures those tests share. No reconciliation pass is scheduled during the run: it would
 * repair the drift tests set up.
 */
@SpringBootTest(classes = CacheServiceApplication.class,
        properties = {CacheServiceApplication.CONFIG_NAME, "booking.cache.reconcile-interval=1h"},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class CacheServiceTest {

    /** Ids no PostgreSQL row will ever have in this run's database, for Redis-only tests. */
    private static final AtomicLong REDIS_ONLY_EVENT_IDS = new AtomicLong(900_000_000L);

    private static final AtomicLong BOOKING_IDS = new AtomicLong(1000);

    @LocalServerPort
    protected int port;

    @Autowired
    protected SeatKeys keys;

    @Autowired
    protected RedissonClient redisson;

    @Autowired
    protected HoldService holds;

    @Autowired
    protected EventRepository events;

    @Autowired
    protected BookingRepository bookings;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @BeforeEach
    void pointRestAssuredAtThisService() {
        RestAssured.port = port;
    }

    protected static long redisOnlyEventId() {
        return REDIS_ONLY_EVENT_IDS.incrementAndGet();
    }

    protected static long bookingId() {
        return BOOKING_IDS.incrementAndGet();
    }

    /** As PostgreSQL stores it. */
    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** A hold outside any trace, made now. */
    protected static ClaimRequest holdRequest(long eventId, long bookingId, String userId) {
        return new ClaimRequest(eventId, bookingId, userId, 1, ClaimKind.RESERVE, now(), null);
    }

    /** A hold under a new booking id, through the service (which loads the event first when needed). */
    protected ClaimResponse hold(long eventId, String userId) {
        return holds.holdAll(List.of(holdRequest(eventId, bookingId(), userId))).get(0);
    }

    /** An event in PostgreSQL, not loaded into Redis. */
    protected long storedEvent(String name, int capacity) {
        return events.save(new Event(name, capacity)).getId();
    }

    /** A CONFIRMED booking in PostgreSQL only, as queue-worker commits it. */
    protected long confirmedBooking(long eventId, String userId) {
        return bookings.save(Booking.confirmed(bookingId(), eventId, userId, null, now())).getId();
    }

    protected RMap<String, String> holders(long eventId) {
        return redisson.getMap(keys.eventHolders(eventId), StringCodec.INSTANCE);
    }

    protected RBucket<String> capacity(long eventId) {
        return redisson.getBucket(keys.eventCapacity(eventId), StringCodec.INSTANCE);
    }
}
