package dev.seatbooking.common.security;

import java.io.IOException;

import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Spring Security's answers in the contract's error body. Spring's bearer-token handlers still set
 * the status and the RFC 6750 {@code WWW-Authenticate} header; only the body is ours. A token
 * that could not be checked at all (the identity provider's key set unreachable) is a 503, not a
 * 401: the client did nothing wrong and may retry.
 */
public final class ProblemSecurityHandlers
        implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemSecurityHandlers.class);

    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearerEntryPoint.commence(request, response, e);
        ErrorCode code = ErrorCode.forStatus(response.getStatus());
        String message = switch (code) {
            case UNAUTHORIZED -> e instanceof InvalidBearerTokenException
                    ? "The bearer token is malformed, expired or not signed by a trusted key"
                    : "A bearer token is required";
            case VALIDATION_ERROR -> "The bearer token could not be read from the request";
            default -> "Access denied";
        };
        ProblemResponses.write(request, response, code, message);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        bearerDenied.handle(request, response, e);
        ProblemResponses.write(request, response, ErrorCode.FORBIDDEN, "The token does not grant access to this resource");
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException e) throws IOException {
        if (e instanceof AuthenticationServiceException) {
            log.warn("Could not verify a bearer token, answering 503: {}", e.getMessage());
            ProblemResponses.write(request, response, ErrorCode.SERVICE_UNAVAILABLE,
                    "Token verification is unavailable, please retry shortly");
            return;
        }
        commence(request, response, e);
    }
}
