package dev.seatbooking.common.error;

import java.io.IOException;

/**
 * Thrown from a request body's stream once it passed the limit, so that the JSON reader stops
 * there; {@link ApiExceptionHandler} answers 413. An IOException, as a failing stream's should be.
 */
public class RequestBodyTooLargeException extends IOException {

    static final String MESSAGE = "The request body is too large";

    public RequestBodyTooLargeException() {
        super(MESSAGE);
    }
}
