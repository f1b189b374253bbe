package dev.seatbooking.common.cache;

import java.util.List;

/** One answer per hold of a {@link ClaimRequests}, in the same order. */
public record ClaimResponses(List<ClaimResponse> results) {
}
