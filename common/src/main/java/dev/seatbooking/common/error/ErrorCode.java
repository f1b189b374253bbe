package dev.seatbooking.common.error;

import org.springframework.http.HttpStatus;

/** The machine-readable {@code code} of every error body, with the HTTP status it travels with. */
public enum ErrorCode {
    VALIDATION_ERROR(HttpStatus.BAD_REQUEST),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    EVENT_NOT_FOUND(HttpStatus.NOT_FOUND),
    BOOKING_NOT_FOUND(HttpStatus.NOT_FOUND),
    HOLD_NOT_FOUND(HttpStatus.NOT_FOUND),
    WEBHOOK_NOT_FOUND(HttpStatus.NOT_FOUND),
    WAITLIST_ENTRY_NOT_FOUND(HttpStatus.NOT_FOUND),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE),
    ALREADY_BOOKED(HttpStatus.CONFLICT),
    SOLD_OUT(HttpStatus.CONFLICT),
    NOT_ENOUGH_SEATS(HttpStatus.CONFLICT),
    LIMIT_EXCEEDED(HttpStatus.CONFLICT),
    SALES_NOT_OPEN(HttpStatus.CONFLICT),
    SALES_CLOSED(HttpStatus.CONFLICT),
    ALREADY_CANCELLED(HttpStatus.CONFLICT),
    BOOKING_NOT_ACTIVE(HttpStatus.CONFLICT),
    BOOKING_PENDING(HttpStatus.CONFLICT),
    HOLD_PENDING(HttpStatus.CONFLICT),
    HOLD_RELEASED(HttpStatus.CONFLICT),
    HOLD_CONFIRMED(HttpStatus.CONFLICT),
    HOLD_EXPIRED(HttpStatus.GONE),
    CAPACITY_BELOW_SOLD(HttpStatus.CONFLICT),
    SEATS_AVAILABLE(HttpStatus.CONFLICT),
    ALREADY_WAITING(HttpStatus.CONFLICT),
    WAITLIST_ENTRY_ENDED(HttpStatus.CONFLICT),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

    private final HttpStatus status;

    ErrorCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** The code for a status that Spring MVC itself rejected (unknown path, wrong method, ...). */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> VALIDATION_ERROR;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : VALIDATION_ERROR;
        };
    }
}
