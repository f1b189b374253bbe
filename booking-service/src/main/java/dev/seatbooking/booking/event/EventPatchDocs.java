package dev.seatbooking.booking.event;

import java.time.Instant;

import dev.seatbooking.common.event.EventStatus;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of PATCH /api/events/{id} as the API documentation shows it; {@link EventPatch} reads it,
 * as a merge patch, from the JSON itself (a record cannot tell a field left out from one set to null).
 */
@Schema(name = "EventPatch", description = "The fields to change; left out, a field stays as it is")
record EventPatchDocs(
        @Schema(minimum = "1", maximum = "1000000") Integer totalSeats,
        EventStatus status,
        @Schema(nullable = true, description = "null removes the bound") Instant salesStart,
        @Schema(nullable = true, description = "null removes the bound") Instant salesEnd,
        @Schema(minimum = "1", maximum = "50") Integer maxPerUser,
        @Schema(minimum = "1", maximum = "86400") Integer holdTtlSeconds) {
}
