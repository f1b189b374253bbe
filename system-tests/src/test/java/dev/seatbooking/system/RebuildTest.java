package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;

import dev.seatbooking.cache.SeatKeys;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/** Redis losing an event's state (restart, flush) costs a rebuild from PostgreSQL, not correctness. */
class RebuildTest extends SuiteTest {

    @Test
    void aLostEventStateIsRebuiltFromPostgres() {
        long eventId = createEvent(5);
        List<String> holders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            holders.add(newUser());
            book(eventId, holders.get(i));
        }
        String cancelled = newUser();
        cancel(book(eventId, cancelled), cancelled).then().statusCode(200);
        RedissonClient redisson = suite.cacheService.getBean(RedissonClient.class);
        SeatKeys keys = suite.cacheService.getBean(SeatKeys.class);
        redisson.getKeys().delete(keys.eventCapacity(eventId), keys.eventHolders(eventId));

        reserve(eventId, holders.get(0)).then().statusCode(409).body("code", equalTo("ALREADY_BOOKED"));
        book(eventId, cancelled);
        book(eventId, newUser());
        reserve(eventId, newUser()).then().statusCode(409).body("code", equalTo("SOLD_OUT"));

        assertThat(bookedSeats(eventId)).isEqualTo(5);
    }
}
