package dev.seatbooking.common.security;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The security settings booking-service and cache-service share (defaults in common.yml).
 *
 * @param mode SECURITY_MODE: {@code none} for development (the seed's behaviour), {@code jwt} for
 *        production; jwt mode also requires the internal token, so no production-like deployment
 *        runs with an open cache-service
 * @param internalToken INTERNAL_TOKEN: the credential booking-service presents to cache-service
 *        (as a bearer token) and cache-service requires on its internal API; empty means none
 */
@ConfigurationProperties("booking.security")
public record SecurityProperties(SecurityMode mode, String internalToken) {

    /** 256 bits, as RFC 7518 asks of an HS256 key; the internal token is held to the same. */
    public static final int MIN_SECRET_BYTES = 32;

    public SecurityProperties {
        if (mode == null) {
            throw new IllegalArgumentException("booking.security.mode (SECURITY_MODE) must be set");
        }
        // no value is ever put in a message: these are secrets
        if (internalToken != null && internalToken.isEmpty()) {
            internalToken = null;
        }
        if (internalToken != null && internalToken.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("booking.security.internal-token (INTERNAL_TOKEN) must be at least "
                    + MIN_SECRET_BYTES + " bytes");
        }
        if (mode == SecurityMode.JWT && internalToken == null) {
            throw new IllegalArgumentException("SECURITY_MODE=jwt requires booking.security.internal-token "
                    + "(INTERNAL_TOKEN): cache-service's internal API must not be open in production");
        }
    }

    public Optional<String> internalTokenIfSet() {
        return Optional.ofNullable(internalToken);
    }

    @Override
    public String toString() {
        return "SecurityProperties[mode=" + mode + ", internalToken=" + (internalToken == null ? "unset" : "******") + "]";
    }
}
