package dev.seatbooking.cache;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import dev.seatbooking.cache.SeatKeys;
import dev.seatbooking.common.event.Event;
import dev.seatbooking.common.event.EventRepository;
import dev.seatbooking.common.testsupport.TcpProxy;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis and PostgreSQL going away under a running service, simulated by closing the proxies this
 * context reaches them through (the shared services themselves stay up). Each answer must be a 503
 * with the contract's body, never a 500 or a hang.
 */
@SpringBootTest(classes = CacheServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {CacheServiceApplication.CONFIG_NAME, "booking.cache.rebuild-lock-wait=300ms",
                "booking.cache.reconcile-interval=1h",
                // the main test context consumes this run's outcome queue; this one must not compete
                "spring.rabbitmq.listener.simple.auto-startup=false"})
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InfrastructureFailureTest {

    private static TcpProxy redisProxy;
    private static TcpProxy postgresProxy;

    @LocalServerPort
    private int port;

    @Autowired
    private RedissonClient redisson;

    @Autowired
    private SeatKeys keys;

    @Autowired
    private EventRepository events;

    @DynamicPropertySource
    static void infraThroughProxies(DynamicPropertyRegistry registry) {
        Map<String, String> infra = TestInfrastructure.properties();
        try {
            redisProxy = new TcpProxy(infra.get("spring.data.redis.host"),
                    Integer.parseInt(infra.get("spring.data.redis.port")));
            URI postgres = URI.create(infra.get("spring.datasource.url").substring("jdbc:".length()));
            postgresProxy = new TcpProxy(postgres.getHost(), postgres.getPort());
            infra.forEach((key, value) -> registry.add(key, () -> value));
            registry.add("spring.data.redis.host", () -> "127.0.0.1");
            registry.add("spring.data.redis.port", () -> redisProxy.port());
            registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + postgresProxy.port()
                    + postgres.getRawPath() + "?" + postgres.getRawQuery());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void closeProxies() throws IOException {
        redisProxy.close();
        postgresProxy.close();
    }

    @BeforeEach
    void pointRestAssuredAtThisService() {
        RestAssured.port = port;
    }

    @Test
    @Order(1)
    void aRebuildWaitingTooLongForAnotherInstanceIsUnavailable() {
        long eventId = events.save(new Event("Rebuilt elsewhere", 3)).getId();
        RLock lock = redisson.getLock(keys.rebuildLock(eventId));
        lock.lock();
        try {
            // a hold for an event that cannot be loaded now is answered on its own, not with the batch
            hold(eventId).statusCode(200).body("results[0].result", equalTo("UNAVAILABLE"));
        } finally {
            lock.unlock();
        }
        hold(eventId).statusCode(200).body("results[0].result", equalTo("HELD"));
    }

    @Test
    @Order(2)
    void withoutPostgresqlAnEventCannotBeLoadedButLoadedOnesStillWork() throws IOException {
        long loaded = events.save(new Event("Loaded before", 3)).getId();
        long notLoaded = events.save(new Event("Not loaded yet", 3)).getId();
        hold(loaded).statusCode(200).body("results[0].result", equalTo("HELD"));

        postgresProxy.close();

        hold(notLoaded, loaded).statusCode(200).body("results.result", contains("UNAVAILABLE", "HELD"));
        given().get("/actuator/health/readiness").then().statusCode(503)
                .body("components.db.status", equalTo("DOWN"))
                .body("components.redis.status", equalTo("UP"));
    }

    @Test
    @Order(3)
    void withoutRedisNothingCanBeAnswered() throws IOException {
        redisProxy.close();

        expectUnavailable(hold(1));
        expectUnavailable(given().contentType(ContentType.JSON).body("{\"booking_id\": 1, \"user_id\": \"u\"}")
                .post("/internal/events/1/holds/release").then());
        expectUnavailable(given().get("/internal/holds/1").then());
        given().get("/actuator/health/readiness").then().statusCode(503)
                .body("components.redis.status", equalTo("DOWN"));
    }

    /** One batch, one hold per event given. */
    private static ValidatableResponse hold(long... eventIds) {
        String holds = Arrays.stream(eventIds).mapToObj(eventId -> "{\"event_id\": " + eventId + ", \"booking_id\": "
                + System.nanoTime() + ", \"user_id\": \"u" + System.nanoTime() + "\", \"quantity\": 1, \"kind\": \"RESERVE\", \"created_at\": \"2026-01-20T10:00:00Z\"}")
                .collect(Collectors.joining(", "));
        return given().contentType(ContentType.JSON).body("{\"holds\": [" + holds + "]}")
                .post("/internal/holds")
                .then();
    }

    private static void expectUnavailable(ValidatableResponse response) {
        response.statusCode(503)
                .contentType("application/problem+json")
                .body("success", equalTo(false))
                .body("code", equalTo("SERVICE_UNAVAILABLE"))
                .body("error", not(containsString("127.0.0.1")));
    }
}
