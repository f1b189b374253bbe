package dev.seatbooking.common.event;

import java.time.Instant;

/**
 * How an event sells, as cache-service's hold script applies it to every hold and reserve: at most
 * {@code maxPerUser} seats per user, holds kept {@code holdTtlSeconds}, sales between
 * {@code salesStart} and {@code salesEnd} (null: open from the start, never closing) while
 * {@code status} is ON_SALE. The waiting list's offers are holds kept {@code waitlistOfferTtlSeconds}
 * (PostgreSQL makes them, and is the one that reads it). PostgreSQL's CHECKs hold the same bounds.
 */
public record EventSettings(int maxPerUser, int holdTtlSeconds, Instant salesStart, Instant salesEnd,
        EventStatus status, int waitlistOfferTtlSeconds) {

    public static final int MAX_PER_USER_LIMIT = 50;
    public static final int MAX_HOLD_TTL_SECONDS = 86_400;
    public static final int MAX_WAITLIST_OFFER_TTL_SECONDS = 604_800;

    /**
     * The seed's rule (one seat per user) and a 10-minute hold, on sale now and for ever; a waiting
     * list's offer is kept 15 minutes.
     */
    public static final EventSettings DEFAULTS = new EventSettings(1, 600, null, null, EventStatus.ON_SALE, 900);
}
