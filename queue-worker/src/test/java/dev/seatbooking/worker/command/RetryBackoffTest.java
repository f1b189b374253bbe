package dev.seatbooking.worker.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    @Test
    void thePauseDoublesUpToItsCapAndStartsOverAfterASuccess() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(10));

        assertThat(Stream.generate(backoff::next).limit(8).map(Duration::toMillis))
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L, 10_000L);
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aLongOutageNeitherOverflowsNorShortensThePause() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(1), Duration.ofDays(365));

        Duration last = Stream.generate(backoff::next).limit(10_000).reduce((first, second) -> second).orElseThrow();

        assertThat(last).isEqualTo(Duration.ofMillis(1L << 32));
    }
}
