package dev.seatbooking.common.api;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of DELETE /api/bookings/{id}: who asks to cancel (the seed's form). Optional with
 * SECURITY_MODE=jwt, where the token says who asks.
 */
public record CancelRequest(
        @Size(max = StorableText.MAX_LENGTH) @Pattern(regexp = StorableText.PATTERN, message = StorableText.MESSAGE) String userId) {
}
