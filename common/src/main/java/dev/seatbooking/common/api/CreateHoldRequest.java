package dev.seatbooking.common.api;

import dev.seatbooking.common.event.EventSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Body of POST /api/events/{id}/holds. {@code user_id} as for a reserve (optional in jwt mode);
 * {@code quantity} 1 when absent. Above the event's {@code max_per_user} it is a 409 LIMIT_EXCEEDED,
 * decided with the event's other rules; above the absolute limit of 50 it is invalid.
 */
public record CreateHoldRequest(
        @Size(max = StorableText.MAX_LENGTH) @Pattern(regexp = StorableText.PATTERN, message = StorableText.MESSAGE) String userId,
        @Positive @Max(EventSettings.MAX_PER_USER_LIMIT) Integer quantity) {

    public int quantityOrOne() {
        return quantity == null ? 1 : quantity;
    }
}
