package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import dev.seatbooking.booking.booking.ReservationProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

/** After a sell-out, booking-service answers the storm itself for a moment (BOOKING_SOLD_OUT_TTL). */
class SoldOutTest extends SuiteTest {

    /** booking-service.yml's default, which the suite runs with. */
    private static final Duration SOLD_OUT_TTL = Duration.ofMillis(200);

    @Test
    void rejectionsAfterASellOutSkipCacheServiceAndASeatGivenBackIsOfferedAtOnce() {
        assertThat(suite.bookingService.getBean(ReservationProperties.class).soldOutTtl()).isEqualTo(SOLD_OUT_TTL);
        long eventId = createEvent(1);
        String holder = newUser();
        long id = book(eventId, holder);
        double asked = cacheSoldOutAnswers();
        long started = System.nanoTime();

        for (int i = 0; i < 21; i++) {
            reserve(eventId, newUser()).then().statusCode(409).body("code", equalTo("SOLD_OUT"));
        }

        // the first answer asks cache-service, which marks the event sold out for BOOKING_SOLD_OUT_TTL;
        // after that at most one question per TTL that passed, however slow the machine
        long ttls = Duration.ofNanos(System.nanoTime() - started).toMillis() / SOLD_OUT_TTL.toMillis();
        assertThat(cacheSoldOutAnswers() - asked).isBetween(1.0, 1.0 + ttls);
        cancel(id, holder).then().statusCode(200);
        reserve(eventId, newUser()).then().statusCode(201);
    }

    private static double cacheSoldOutAnswers() {
        return suite.cacheService.getBean(MeterRegistry.class).get("booking.cache.holds").tag("result", "SOLD_OUT")
                .counter().count();
    }
}
