package dev.seatbooking.booking.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.crypto.spec.SecretKeySpec;

import dev.seatbooking.common.api.StorableText;
import dev.seatbooking.common.security.SecurityProperties;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestTemplate;

/**
 * Builds jwt mode's decoder, refusing settings that would make it unsafe. Nimbus verifies the
 * signature with the configured algorithms only, so a token with {@code alg: none}, an HMAC token
 * where keys come from a JWK set (the RS256/HS256 confusion) or an RSA token where an HMAC secret
 * is configured are all rejected before any claim is looked at.
 */
final class JwtDecoderFactory {

    private static final Duration JWKS_TIMEOUT = Duration.ofSeconds(2);

    private JwtDecoderFactory() {
    }

    static JwtDecoder create(JwtProperties jwt) {
        NimbusJwtDecoder decoder;
        if (jwt.hasHmacSecret() == jwt.hasJwkSetUri()) {
            throw new IllegalStateException("SECURITY_MODE=jwt needs exactly one of JWT_HMAC_SECRET "
                    + "(booking.security.jwt.hmac-secret) or JWT_JWK_SET_URI (booking.security.jwt.jwk-set-uri)");
        }
        if (jwt.hasHmacSecret()) {
            byte[] secret = jwt.hmacSecret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < SecurityProperties.MIN_SECRET_BYTES) {
                throw new IllegalStateException("JWT_HMAC_SECRET (booking.security.jwt.hmac-secret) must be at least "
                        + SecurityProperties.MIN_SECRET_BYTES + " bytes for HS256");
            }
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        } else {
            SimpleClientHttpRequestFactory http = new SimpleClientHttpRequestFactory();
            http.setConnectTimeout(JWKS_TIMEOUT);
            http.setReadTimeout(JWKS_TIMEOUT);
            decoder = NimbusJwtDecoder.withJwkSetUri(jwt.jwkSetUri())
                    .jwsAlgorithms(algorithms -> algorithms.addAll(List.of(SignatureAlgorithm.RS256,
                            SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.PS256,
                            SignatureAlgorithm.PS384, SignatureAlgorithm.PS512, SignatureAlgorithm.ES256,
                            SignatureAlgorithm.ES384, SignatureAlgorithm.ES512)))
                    .restOperations(new RestTemplate(http))
                    .build();
        }
        decoder.setJwtValidator(validator(jwt));
        return decoder;
    }

    private static OAuth2TokenValidator<Jwt> validator(JwtProperties jwt) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        // a token without an expiry would be valid forever once leaked
        validators.add(new JwtClaimValidator<>(JwtClaimNames.EXP, Objects::nonNull));
        // the subject is the user id: it follows the same rules as one sent in a body
        validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, StorableText::isValid));
        if (StringUtils.hasText(jwt.issuer())) {
            validators.add(new JwtIssuerValidator(jwt.issuer()));
        }
        if (StringUtils.hasText(jwt.audience())) {
            validators.add(new JwtAudienceValidator(jwt.audience()));
        }
        // adds the expiry and not-before checks (60 s of clock skew) and the typ header check
        return JwtValidators.createDefaultWithValidators(validators);
    }
}
