package dev.seatbooking.common.booking;

import java.time.Instant;

/** A row of a user's booking list, with the event's name joined in. */
public record BookingListItem(long id, long eventId, String eventName, String userId, int quantity,
        BookingStatus status, Instant createdAt) {
}
