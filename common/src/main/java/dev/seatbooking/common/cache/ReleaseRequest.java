package dev.seatbooking.common.cache;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Frees the user's seat only if it is still held by this booking, so a late release can never
 * free the seat of a newer booking the user made after cancelling.
 */
public record ReleaseRequest(@Positive long bookingId, @NotBlank @Size(max = 255) String userId) {
}
