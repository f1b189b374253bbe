package dev.seatbooking.common.cache;

import dev.seatbooking.common.event.EventSettings;
import jakarta.validation.constraints.Positive;

/** booking-service tells cache-service an event's new capacity and settings (an operator's PATCH). */
public record SeatSettings(@Positive int capacity, EventSettings settings) {
}
