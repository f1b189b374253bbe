package dev.seatbooking.common.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of DELETE /api/bookings/{id}: who asks to cancel (the seed's form). */
public record CancelRequest(@NotBlank @Size(max = 255) String userId) {
}
