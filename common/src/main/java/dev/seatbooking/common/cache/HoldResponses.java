package dev.seatbooking.common.cache;

import java.util.List;

/** One answer per hold of a {@link HoldRequests}, in the same order. */
public record HoldResponses(List<HoldResponse> results) {
}
