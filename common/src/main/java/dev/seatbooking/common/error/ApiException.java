package dev.seatbooking.common.error;

import java.time.Duration;

/** An answer other than success, carrying the contract's error code and a message for humans. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final Duration retryAfter;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public ApiException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, null);
    }

    private ApiException(ErrorCode code, String message, Throwable cause, Duration retryAfter) {
        // an answer, not a failure: no stack trace is ever shown for it, and taking one for every
        // SOLD_OUT of a storm would cost more than the rest of the answer (a 503's cause keeps its own)
        super(message, cause, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    /** When the client may usefully try again, if this answer knows it (429 from a rate limit). */
    public Duration retryAfter() {
        return retryAfter;
    }

    public static ApiException rateLimited(String message, Duration retryAfter) {
        return new ApiException(ErrorCode.RATE_LIMITED, message, null, retryAfter);
    }

    public static ApiException unavailable(String what, Throwable cause) {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, what + " is unavailable, please retry shortly", cause);
    }
}
