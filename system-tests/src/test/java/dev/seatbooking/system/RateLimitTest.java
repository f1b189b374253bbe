package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** A flood of reserves from one user, against the default limits (10 per second, bursts of 20). */
class RateLimitTest extends SuiteTest {

    @Test
    void aFloodFromOneUserIs429WithRetryAfterWhileOthersBookAsUsual() throws Exception {
        String flooding = newUser();
        long eventId = createEvent(5);
        // the event's state is loaded before the flood, which then takes a moment only
        book(eventId, newUser());
        double rejectedBefore = userRejections();

        long started = System.nanoTime();
        List<Response> answers = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(40);
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                sent.add(clients.submit(() -> reserve(eventId, flooding)));
            }
            for (Future<Response> answer : sent) {
                answers.add(answer.get());
            }
        } finally {
            clients.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        List<Response> limited = answers.stream().filter(answer -> answer.statusCode() == 429).toList();
        assertThat(limited).isNotEmpty().allSatisfy(answer -> {
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.jsonPath().getString("code")).isEqualTo("RATE_LIMITED");
            assertThat(answer.jsonPath().getBoolean("success")).isFalse();
            assertThat(Integer.parseInt(answer.header("Retry-After"))).isPositive();
        });
        // the burst, booking-service's own allowance of two, and what refilled while the requests went out
        assertThat(answers.size() - limited.size()).isLessThanOrEqualTo(20 + 2 + (int) Math.ceil(10 * seconds));
        // of those let through, one books and the others find the user's booking
        assertThat(answers.stream().filter(answer -> answer.statusCode() == 201)).hasSize(1);
        assertThat(answers.stream().filter(answer -> answer.statusCode() == 409)).hasSize(answers.size() - limited.size() - 1)
                .allSatisfy(answer -> assertThat(answer.jsonPath().getString("code")).isEqualTo("ALREADY_BOOKED"));
        assertThat(userRejections() - rejectedBefore).isEqualTo(limited.size());
        // nobody else pays for it
        book(eventId, newUser());
    }

    private static double userRejections() {
        return suite.bookingService.getBean(MeterRegistry.class).get("booking.ratelimit.rejections").tag("limit", "user")
                .counter().count();
    }
}
