package dev.seatbooking.common.api;

import java.time.Instant;

import dev.seatbooking.common.event.Event;

/** An event with its committed (PostgreSQL) seat count. */
public record EventView(long id, String name, int totalSeats, int bookedSeats, int availableSeats,
        Instant createdAt) {

    public static EventView of(Event event) {
        return new EventView(event.getId(), event.getName(), event.getTotalSeats(), event.getBookedSeats(),
                event.getTotalSeats() - event.getBookedSeats(), event.getCreatedAt());
    }
}
