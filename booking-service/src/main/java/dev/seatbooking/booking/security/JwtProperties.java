package dev.seatbooking.booking.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * Where jwt mode takes its keys from: exactly one of a shared HS256 secret or an identity
 * provider's JWK set. Checked when the decoder is built ({@link JwtDecoderFactory}), never echoed.
 *
 * @param hmacSecret JWT_HMAC_SECRET, at least 32 bytes
 * @param jwkSetUri JWT_JWK_SET_URI, e.g. Keycloak's {@code .../protocol/openid-connect/certs}
 * @param issuer JWT_ISSUER: when set, the {@code iss} every token must carry
 * @param audience JWT_AUDIENCE: when set, a value every token's {@code aud} must contain
 */
@ConfigurationProperties("booking.security.jwt")
public record JwtProperties(String hmacSecret, String jwkSetUri, String issuer, String audience) {

    boolean hasHmacSecret() {
        return StringUtils.hasLength(hmacSecret);
    }

    boolean hasJwkSetUri() {
        return StringUtils.hasText(jwkSetUri);
    }

    @Override
    public String toString() {
        return "JwtProperties[hmacSecret=" + (hasHmacSecret() ? "******" : "unset") + ", jwkSetUri=" + jwkSetUri
                + ", issuer=" + issuer + ", audience=" + audience + "]";
    }
}
