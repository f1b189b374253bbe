package dev.seatbooking.common.cache;

import java.util.List;

import dev.seatbooking.common.booking.SeatHolder;
import dev.seatbooking.common.event.EventSettings;
import jakarta.validation.constraints.Positive;

/**
 * booking-service tells cache-service an event's new capacity and settings (an operator's PATCH),
 * with the waiting list's offers the change made of the seats it added: they hold their seats from
 * the same moment the seats exist.
 */
public record SeatSettings(@Positive int capacity, EventSettings settings, List<SeatHolder> offers) {

    public SeatSettings {
        offers = offers == null ? List.of() : List.copyOf(offers);
    }
}
