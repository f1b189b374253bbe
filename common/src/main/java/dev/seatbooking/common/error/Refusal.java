package dev.seatbooking.common.error;

import java.time.Duration;

/**
 * A request refused for a reason the client can act on (409 SOLD_OUT, 429 RATE_LIMITED, ...): a
 * normal answer, returned in a {@link Result} rather than thrown. {@code retryAfter}: when the client
 * may usefully try again, if known.
 */
public record Refusal(ErrorCode code, String message, Duration retryAfter) {

    public Refusal(ErrorCode code, String message) {
        this(code, message, null);
    }
}
