package dev.seatbooking.booking.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Refusal;
import dev.seatbooking.common.error.Result;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ClaimBulkheadTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ClaimBulkhead claims = new ClaimBulkhead(new ReservationProperties(Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofHours(24),
            Duration.ofMillis(200), 200, 2, 1, Duration.ofMillis(50)), meters);

    @Test
    void beyondTheClaimsUnderWayOneMoreWaitsThenIsTurnedAwayWith503AndRetryAfter() throws Exception {
        CountDownLatch underWay = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CompletableFuture<Result<String>> first = CompletableFuture.supplyAsync(() -> claims.run(() -> {
            underWay.countDown();
            await(finish);
            return Result.ok("first");
        }));
        assertThat(underWay.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(meters.get("booking.claims.in.flight").gauge().value()).isEqualTo(1);

        Result<String> second = claims.run(() -> Result.ok("second"));

        assertThat(second).isEqualTo(Result.refused(new Refusal(ErrorCode.SERVICE_UNAVAILABLE,
                "Too many reservations and holds are under way; please retry in a second", Duration.ofSeconds(1))));
        assertThat(meters.get("booking.claims.refused").counter().count()).isEqualTo(1);
        finish.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(Result.ok("first"));
        // the place is free again, also after a claim that failed
        assertThatThrownBy(() -> claims.run(() -> {
            throw new IllegalStateException("Redis away");
        })).hasMessage("Redis away");
        assertThat(claims.run(() -> Result.ok("third"))).isEqualTo(Result.ok("third"));
        assertThat(meters.get("booking.claims.in.flight").gauge().value()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
