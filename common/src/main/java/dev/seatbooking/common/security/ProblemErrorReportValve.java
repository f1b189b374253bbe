package dev.seatbooking.common.security;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.ProblemResponses;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's answer to what it refuses before any application code runs (an encoded slash or
 * backslash, a NUL in the URL, a malformed request line or header), in the contract's body with
 * the security headers instead of Tomcat's HTML page. It only reports errors nothing else wrote a
 * body for, as the valve it replaces did.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ErrorCode code = ErrorCode.forStatus(status);
        String message = code == ErrorCode.VALIDATION_ERROR ? "The request is malformed or its URL is not allowed"
                : code.status().getReasonPhrase();
        try {
            DefaultSecurityHeaders.write(request.getRequest(), response.getResponse());
            ProblemResponses.write(request.getRequest(), response.getResponse(), code, message);
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body any more: nothing left to tell
        }
    }
}
