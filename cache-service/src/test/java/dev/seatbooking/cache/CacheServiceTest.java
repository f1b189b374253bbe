package dev.seatbooking.cache;

import java.util.concurrent.atomic.AtomicLong;

import dev.seatbooking.common.cache.RedisKeys;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for all test classes that extend this (the property source method is
 * part of Spring's context cache key), running against this run's slice of the real infrastructure.
 * No reconciliation pass is scheduled during the run: it would repair the drift tests set up.
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
    protected RedisKeys keys;

    @Autowired
    protected RedissonClient redisson;

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
}
