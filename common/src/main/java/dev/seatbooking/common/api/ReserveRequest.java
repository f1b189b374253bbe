package dev.seatbooking.common.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** Body of POST /api/bookings/reserve. {@code user_id} is stored exactly as sent (no trimming). */
public record ReserveRequest(
        @NotNull @Positive Long eventId,
        @NotBlank @Size(max = 255) String userId) {
}
