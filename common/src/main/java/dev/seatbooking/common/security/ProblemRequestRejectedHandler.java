package dev.seatbooking.common.security;

import java.io.IOException;

import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * A URL that Spring Security's firewall refuses (an encoded semicolon or percent, a control
 * character, a path that is not normalised: the stuff of path-confusion attacks) gets a 400 with
 * the contract's body. The firewall answers before the filter chain that writes the security
 * headers, so they are written here.
 */
public final class ProblemRequestRejectedHandler implements RequestRejectedHandler {

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        DefaultSecurityHeaders.write(request, response);
        ProblemResponses.write(request, response, ErrorCode.VALIDATION_ERROR,
                "The request URL or a header contains characters that are not allowed");
    }
}
