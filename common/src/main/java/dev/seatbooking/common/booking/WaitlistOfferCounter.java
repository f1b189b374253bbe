package dev.seatbooking.common.booking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code booking.waitlist.offers}: offers are made by queue-worker (seats given back by a cancel,
 * release or expiry) and by booking-service (capacity raised), so both services register it, and
 * its name and description live here.
 */
public final class WaitlistOfferCounter {

    private WaitlistOfferCounter() {
    }

    /** The counter of offers made from seats that came back by {@code cause}. */
    public static Counter of(MeterRegistry meters, String cause) {
        return Counter.builder("booking.waitlist.offers")
                .description("Offers made to waiting lists, by what gave the seats back")
                .tag("cause", cause)
                .register(meters);
    }
}
