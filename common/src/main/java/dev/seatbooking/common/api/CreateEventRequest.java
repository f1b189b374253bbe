package dev.seatbooking.common.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record CreateEventRequest(
        @NotNull @Size(max = StorableText.MAX_LENGTH)
        @Pattern(regexp = StorableText.PATTERN, message = StorableText.MESSAGE) String name,
        @NotNull @Min(1) @Max(1_000_000) Integer totalSeats) {
}
