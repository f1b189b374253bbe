package dev.seatbooking.worker.command;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pause before commands that met an unavailable PostgreSQL or RabbitMQ go back to the queue:
 * doubling with every batch that fails in a row, so an outage is probed gently, and back to the
 * start as soon as a batch goes through. One instance for all consumers, since they all depend on
 * the same PostgreSQL.
 */
final class RetryBackoff {

    private final Duration initial;
    private final Duration max;
    private final AtomicInteger failuresInARow = new AtomicInteger();

    RetryBackoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    Duration next() {
        // the count stops growing once the pause is capped, so it cannot overflow during a long outage
        int failures = failuresInARow.getAndUpdate(n -> n < 32 ? n + 1 : n);
        Duration pause = initial;
        for (int i = 0; i < failures && pause.compareTo(max) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(max) < 0 ? pause : max;
    }

    void reset() {
        failuresInARow.set(0);
    }

    /** True from a failed batch until one goes through: commands of some consumer went back to the queue. */
    boolean isBackingOff() {
        return failuresInARow.get() > 0;
    }
}
