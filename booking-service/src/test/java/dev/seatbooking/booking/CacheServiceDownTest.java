package dev.seatbooking.booking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.event.Event;
import dev.seatbooking.common.event.EventRepository;
import dev.seatbooking.common.testsupport.TestInfrastructure;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * booking-service alone, with cache-service unreachable: no safe answer exists for a reservation,
 * so it is a 503 (and nothing is booked), and the health URLs say which part is down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {BookingServiceApplication.CONFIG_NAME, "booking.cache-service.url=http://localhost:9"})
class CacheServiceDownTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    EventRepository events;

    @Autowired
    BookingRepository bookings;

    @BeforeEach
    void aimRestAssured() {
        RestAssured.port = port;
    }

    @Test
    void reserveIs503AndBooksNothing() {
        long eventId = events.save(new Event("Cache down", 10)).getId();
        long before = bookings.count();

        given().contentType(ContentType.JSON).body("{\"event_id\": " + eventId + ", \"user_id\": \"u1\"}")
                .post("/api/bookings/reserve")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("code", equalTo("SERVICE_UNAVAILABLE"))
                .body("success", equalTo(false));

        assertThat(bookings.count()).isEqualTo(before);
    }

    @Test
    void aBookingThatIsNotInPostgresCannotBeLookedUpSafely() {
        given().get("/api/bookings/123456789").then().statusCode(503).body("code", equalTo("SERVICE_UNAVAILABLE"));
    }

    @Test
    void healthIsDownAndNamesCacheService() {
        given().get("/health").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("components.cacheService", equalTo("DOWN"))
                .body("components.db", equalTo("UP"));
        given().get("/api/bookings/health").then().statusCode(503).body("status", equalTo("DOWN"));
    }
}
