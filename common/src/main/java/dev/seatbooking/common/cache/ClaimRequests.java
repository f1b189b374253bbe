package dev.seatbooking.common.cache;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/**
 * The holds that booking-service's concurrent reservations asked for while its previous calls were
 * in flight, sent as one request: a storm pays one HTTP exchange and one Redis round trip per batch.
 */
public record ClaimRequests(@NotEmpty @Size(max = MAX_SIZE) List<@Valid ClaimRequest> holds) {

    public static final int MAX_SIZE = 1000;
}
