package dev.seatbooking.common.api;

import java.time.Instant;

import dev.seatbooking.common.event.Event;
import dev.seatbooking.common.event.EventStatus;

/**
 * An event with its committed (PostgreSQL) seat counts and its on-sale settings. A claim still in
 * flight (PENDING) is not counted yet. {@code waitlistSize}: entries still waiting for an offer. {@code salesStart}/{@code salesEnd} are left out when unset.
 */
public record EventView(long id, String name, int totalSeats, int bookedSeats, int heldSeats, int availableSeats,
        int maxPerUser, int holdTtlSeconds, Instant salesStart, Instant salesEnd, EventStatus status,
        int waitlistOfferTtlSeconds, int waitlistSize, Instant createdAt) {

    public static EventView of(Event event) {
        int available = Math.max(0, event.getTotalSeats() - event.getBookedSeats() - event.getHeldSeats());
        return new EventView(event.getId(), event.getName(), event.getTotalSeats(), event.getBookedSeats(),
                event.getHeldSeats(), available, event.settings().maxPerUser(), event.settings().holdTtlSeconds(),
                event.settings().salesStart(), event.settings().salesEnd(), event.settings().status(),
                event.settings().waitlistOfferTtlSeconds(), event.getWaitlistSize(), event.getCreatedAt());
    }
}
