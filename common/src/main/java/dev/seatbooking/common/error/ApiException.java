package dev.seatbooking.common.error;

import java.time.Duration;
import java.util.List;

/** An answer other than success, carrying the contract's error code and a message for humans. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final List<FieldMessage> errors;
    private final Duration retryAfter;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null, List.of(), null);
    }

    public ApiException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, List.of(), null);
    }

    private ApiException(ErrorCode code, String message, Throwable cause, List<FieldMessage> errors,
            Duration retryAfter) {
        // an answer, not a failure: no stack trace is ever shown for it, and taking one for every
        // SOLD_OUT of a storm would cost more than the rest of the answer (a 503's cause keeps its own)
        super(message, cause, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    /** The fields a VALIDATION_ERROR names; empty for every other code. */
    public List<FieldMessage> errors() {
        return errors;
    }

    /** When the client may usefully try again, if this answer knows it (429 from a rate limit). */
    public Duration retryAfter() {
        return retryAfter;
    }

    public static ApiException unavailable(String what, Throwable cause) {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, what + " is unavailable, please retry shortly", cause);
    }

    public static ApiException rateLimited(String message, Duration retryAfter) {
        return new ApiException(ErrorCode.RATE_LIMITED, message, null, List.of(), retryAfter);
    }

    /** A 400 for one field that Bean Validation could not judge on its own. */
    public static ApiException invalidField(String field, String message) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, field + " " + message, null,
                List.of(new FieldMessage(field, message)), null);
    }
}
