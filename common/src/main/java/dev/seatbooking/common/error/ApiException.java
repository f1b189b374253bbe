package dev.seatbooking.common.error;

/** An answer other than success, carrying the contract's error code and a message for humans. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ApiException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static ApiException unavailable(String what, Throwable cause) {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, what + " is unavailable, please retry shortly", cause);
    }
}
