package dev.seatbooking.common.error;

import java.util.List;

/** An answer other than success, carrying the contract's error code and a message for humans. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final List<FieldMessage> errors;

    public ApiException(ErrorCode code, String message) {
        this(code, message, (Throwable) null);
    }

    public ApiException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.errors = List.of();
    }

    private ApiException(String message, List<FieldMessage> errors) {
        super(message);
        this.code = ErrorCode.VALIDATION_ERROR;
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
        return new ApiException(field + " " + message, List.of(new FieldMessage(field, message)));
    }
}
