package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

/** After a sell-out, booking-service answers the storm itself for a moment (BOOKING_SOLD_OUT_TTL). */
class SoldOutTest extends SuiteTest {

    @Test
    void rejectionsAfterASellOutSkipCacheServiceAndASeatGivenBackIsOfferedAtOnce() {
        long eventId = createEvent(1);
        String holder = newUser();
        long id = book(eventId, holder);
        double asked = cacheSoldOutAnswers();

        for (int i = 0; i < 21; i++) {
            reserve(eventId, newUser()).then().statusCode(409).body("code", equalTo("SOLD_OUT"));
        }

        // one question per 200 ms at most: 21 answers in far fewer questions, however slow the machine
        assertThat(cacheSoldOutAnswers() - asked).isBetween(1.0, 10.0);
        cancel(id, holder).then().statusCode(200);
        reserve(eventId, newUser()).then().statusCode(201);
    }

    private static double cacheSoldOutAnswers() {
        return suite.cacheService.getBean(MeterRegistry.class).get("booking.cache.holds").tag("result", "SOLD_OUT")
                .counter().count();
    }
}
