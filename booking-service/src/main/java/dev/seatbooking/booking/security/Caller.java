package dev.seatbooking.booking.security;

import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.security.SecurityMode;
import dev.seatbooking.common.security.SecurityProperties;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Who a booking request acts for. In none mode that is the {@code user_id} of the body, as in the
 * seed; in jwt mode it is the token's subject, and a {@code user_id} in the body may only repeat it.
 */
@Component
public class Caller {

    /** A body {@code user_id} other than the token's subject (FORBIDDEN). */
    public static final String NOT_THE_CALLER = "user_id must be the authenticated user";

    /** Someone else's booking list (FORBIDDEN). */
    public static final String NOT_YOUR_LIST = "Only your own bookings can be listed";

    private final SecurityMode mode;

    Caller(SecurityProperties properties) {
        this.mode = properties.mode();
    }

    /** The user to book or cancel for, given the {@code user_id} of the body (null when absent). */
    public String userId(String claimed) {
        if (mode == SecurityMode.NONE) {
            if (claimed == null) {
                throw ApiException.invalidField("user_id", "must not be blank");
            }
            return claimed;
        }
        String subject = subject();
        if (claimed != null && !claimed.equals(subject)) {
            throw new ApiException(ErrorCode.FORBIDDEN, NOT_THE_CALLER);
        }
        return subject;
    }

    /** Listing a user's bookings: anyone's in none mode, only one's own in jwt mode. */
    public void requireSelf(String userId) {
        if (mode == SecurityMode.JWT && !userId.equals(subject())) {
            throw new ApiException(ErrorCode.FORBIDDEN, NOT_YOUR_LIST);
        }
    }

    /** Whether the caller may see a booking of this user; in jwt mode someone else's is hidden as not found. */
    public boolean maySee(String ownerId) {
        return mode == SecurityMode.NONE || ownerId.equals(subject());
    }

    private static String subject() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt) {
            return jwt.getToken().getSubject();
        }
        // the filter chain lets no unauthenticated request reach a booking endpoint in jwt mode
        throw new ApiException(ErrorCode.UNAUTHORIZED, "A bearer token is required");
    }
}
