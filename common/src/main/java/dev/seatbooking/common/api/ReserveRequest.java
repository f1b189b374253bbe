package dev.seatbooking.common.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Body of POST /api/bookings/reserve. {@code user_id} is stored exactly as sent (no trimming). It
 * may be absent here: with SECURITY_MODE=jwt the caller is the token's subject (booking-service's
 * Caller requires it in none mode).
 */
public record ReserveRequest(
        @NotNull @Positive Long eventId,
        @Size(max = StorableText.MAX_LENGTH) @Pattern(regexp = StorableText.PATTERN, message = StorableText.MESSAGE) String userId) {
}
