package dev.seatbooking.cache.hold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.seatbooking.cache.CacheServiceTest;
import dev.seatbooking.common.cache.ClaimRequest;
import dev.seatbooking.common.cache.ClaimResponse;
import dev.seatbooking.common.cache.ClaimResult;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;

/** Many holds at once, on an event that is not in Redis yet, so the rebuild races too. */
class ConcurrencyTest extends CacheServiceTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(50);

    @Autowired
    private MeterRegistry meters;

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void distinctUsersNeverGetMoreSeatsThanTheEventHas() throws Exception {
        long eventId = storedEvent("Hot event", 50);
        double rebuildsBefore = meters.get("booking.cache.rebuilds").counter().count();

        List<ClaimResponse> answers = holdAtOnce(eventId, 200, i -> "user-" + i);

        Map<ClaimResult, Long> byResult = answers.stream()
                .collect(Collectors.groupingBy(ClaimResponse::result, Collectors.counting()));
        assertThat(byResult).containsExactlyInAnyOrderEntriesOf(Map.of(ClaimResult.HELD, 50L, ClaimResult.SOLD_OUT, 150L));
        assertThat(redisson.getMap(keys.eventHolders(eventId), StringCodec.INSTANCE).size()).isEqualTo(50);
        assertThat(meters.get("booking.cache.rebuilds").counter().count() - rebuildsBefore)
                .as("one rebuild, the others waited for it").isEqualTo(1);
    }

    @Test
    void oneUserHoldingManyTimesAtOnceGetsOneSeat() throws Exception {
        long eventId = storedEvent("Impatient user", 50);

        List<ClaimResponse> answers = holdAtOnce(eventId, 20, i -> "the-same-user");

        List<ClaimResponse> held = answers.stream().filter(a -> a.result() == ClaimResult.HELD).toList();
        assertThat(held).hasSize(1);
        assertThat(answers).filteredOn(a -> a.result() == ClaimResult.ALREADY_BOOKED).hasSize(19)
                .allSatisfy(a -> assertThat(a.bookingId()).isEqualTo(held.get(0).bookingId()));
    }

    private List<ClaimResponse> holdAtOnce(long eventId, int count, Function<Integer, String> userId) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ClaimResponse>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ClaimRequest request = holdRequest(eventId, bookingId(), userId.apply(i));
            futures.add(pool.submit(() -> {
                start.await();
                return holds.holdAll(List.of(request)).get(0);
            }));
        }
        start.countDown();
        List<ClaimResponse> answers = new ArrayList<>();
        for (Future<ClaimResponse> future : futures) {
            answers.add(future.get());
        }
        return answers;
    }
}
