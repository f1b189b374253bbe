package dev.seatbooking.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A reservation is one trace through the three services: the client's W3C traceparent is continued
 * by booking-service, by cache-service for the seat hold and by queue-worker for the commit, although
 * hold and command travel in batches of many requests.
 */
class TracingTest extends SuiteTest {

    @Test
    void aReservationIsOneTraceAcrossTheThreeServices() {
        long eventId = createEvent(5);
        String traceId = randomHex(16);
        long bookingId = given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + randomHex(8) + "-01")
                .body("{\"event_id\": " + eventId + ", \"user_id\": \"" + newUser() + "\"}")
                .post("/api/bookings/reserve")
                .then().statusCode(201)
                .extract().jsonPath().getLong("booking.id");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(spans(suite.bookingService, traceId)).extracting(SpanData::getName)
                    .anyMatch(name -> name.contains("/api/bookings/reserve"));
            assertThat(spans(suite.cacheService, traceId))
                    .anyMatch(span -> span.getName().equals("seat hold") && isOf(span, bookingId));
            assertThat(spans(suite.queueWorker().context(), traceId))
                    .anyMatch(span -> span.getName().equals("booking commit") && isOf(span, bookingId));
        });
    }

    private static List<SpanData> spans(ConfigurableApplicationContext service, String traceId) {
        return recorded(service).stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    private static List<SpanData> recorded(ConfigurableApplicationContext service) {
        return service.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
    }

    private static boolean isOf(SpanData span, long bookingId) {
        return String.valueOf(bookingId).equals(span.getAttributes().asMap().entrySet().stream()
                .filter(entry -> entry.getKey().getKey().equals("booking.id"))
                .map(entry -> String.valueOf(entry.getValue())).findFirst().orElse(null));
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
