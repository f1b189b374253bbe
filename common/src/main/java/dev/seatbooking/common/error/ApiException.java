package dev.seatbooking.common.error;

import java.util.List;

/**
 * A request that cannot be answered as asked and that no client could have avoided (503: a store out
 * of reach; 500: a fault of ours), or that is malformed (400, 401, 403, as Spring's own validation
 * raises them): thrown, and
 * answered in the contract's error body by {@link ApiExceptionHandler}. A refusal the client can act
 * on is a {@link Refusal} returned in a {@link Result} instead.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final List<FieldMessage> errors;

    public ApiException(ErrorCode code, String message) {
        this(code, message, null, List.of());
    }

    public ApiException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, List.of());
    }

    private ApiException(ErrorCode code, String message, Throwable cause, List<FieldMessage> errors) {
        // an answer, not a bug: no stack trace is ever shown for it, so none is taken (a 503's cause
        // keeps its own)
        super(message, cause, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public ErrorCode code() {
        return code;
    }

    /** The fields a VALIDATION_ERROR names; empty for every other code. */
    public List<FieldMessage> errors() {
        return errors;
    }

    public static ApiException unavailable(String what, Throwable cause) {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, what + " is unavailable, please retry shortly", cause);
    }

    /** A 400 for one field that Bean Validation could not judge on its own. */
    public static ApiException invalidField(String field, String message) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, field + " " + message, null,
                List.of(new FieldMessage(field, message)));
    }
}
