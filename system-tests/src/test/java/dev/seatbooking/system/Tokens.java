package dev.seatbooking.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/** Bearer tokens for the jwt-mode booking-service: good ones, and every kind it must refuse. */
final class Tokens {

    static final String ADMIN_SCOPE = "bookings:admin";

    private Tokens() {
    }

    static String user(String subject) {
        return hs256(claims(subject, null).build(), RunningSuite.JWT_HMAC_SECRET);
    }

    static String admin(String subject) {
        return hs256(claims(subject, ADMIN_SCOPE).build(), RunningSuite.JWT_HMAC_SECRET);
    }

    static String expired(String subject) {
        // beyond the decoder's 60 s of allowed clock skew
        return hs256(claims(subject, null).expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5))))
                .build(), RunningSuite.JWT_HMAC_SECRET);
    }

    static String withoutExpiry(String subject) {
        return hs256(claims(subject, null).expirationTime(null).build(), RunningSuite.JWT_HMAC_SECRET);
    }

    static String withoutSubject() {
        return hs256(claims(null, null).build(), RunningSuite.JWT_HMAC_SECRET);
    }

    static String signedWithAnotherSecret(String subject) {
        return hs256(claims(subject, ADMIN_SCOPE).build(), "another-secret-of-at-least-32-bytes-" + subject);
    }

    /** {@code alg: none}: the claims of an admin, and no signature at all. */
    static String unsigned(String subject) {
        return new PlainJWT(claims(subject, ADMIN_SCOPE).build()).serialize();
    }

    /** RS256 where only HS256 with the shared secret is trusted. */
    static String rs256(String subject) {
        try {
            RSAKey key = new RSAKeyGenerator(2048).generate();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims(subject, ADMIN_SCOPE).build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWTClaimsSet.Builder claims(String subject, String scope) {
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10))))
                .claim("scope", scope);
    }

    static String hs256(JWTClaimsSet claims, String secret) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
