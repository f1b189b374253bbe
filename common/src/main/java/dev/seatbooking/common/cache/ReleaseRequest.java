package dev.seatbooking.common.cache;

import dev.seatbooking.common.api.StorableText;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Frees the user's seat only if it is still held by this booking, so a late release can never
 * free the seat of a newer booking the user made after cancelling.
 */
public record ReleaseRequest(@Positive long bookingId, @NotNull @Size(max = StorableText.MAX_LENGTH)
        @Pattern(regexp = StorableText.PATTERN, message = StorableText.MESSAGE) String userId) {
}
