package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

/**
 * PostgreSQL is the last word: when Redis is wrong (here: a holder forgotten on purpose), the
 * constraints still refuse the oversell and the double booking, and the client hears why.
 */
class FinalGuardTest extends SuiteTest {

    @Test
    void aDoubleBookingThatRedisMissedIsRefusedByPostgres() {
        long eventId = createEvent(5);
        String user = newUser();
        book(eventId, user);
        forgetHolder(eventId, user);

        reserve(eventId, user).then().statusCode(409).body("code", equalTo("ALREADY_BOOKED"));

        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }

    @Test
    void anOversellThatRedisMissedIsRefusedByPostgres() {
        long eventId = createEvent(1);
        String first = newUser();
        book(eventId, first);
        forgetHolder(eventId, first);

        reserve(eventId, newUser()).then().statusCode(409).body("code", equalTo("SOLD_OUT"));

        assertThat(bookedSeats(eventId)).isEqualTo(1);
    }
}
