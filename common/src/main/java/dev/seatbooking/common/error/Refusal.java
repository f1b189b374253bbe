package dev.seatbooking.common.error;

import java.time.Duration;
import java.util.Map;

/**
 * A request refused for a reason the client can act on (409 SOLD_OUT, 429 RATE_LIMITED, ...): a
 * normal answer, returned in a {@link Result} rather than thrown. {@code retryAfter}: when the client
 * may usefully try again, if known. {@code facts}: what the client needs to act on it without parsing
 * the message (e.g. {@code available_seats} of a NOT_ENOUGH_SEATS), added to the error body as they are.
 */
public record Refusal(ErrorCode code, String message, Duration retryAfter, Map<String, Object> facts) {

    public Refusal {
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    public Refusal(ErrorCode code, String message) {
        this(code, message, null, Map.of());
    }

    public Refusal(ErrorCode code, String message, Duration retryAfter) {
        this(code, message, retryAfter, Map.of());
    }
}
