package dev.seatbooking.common.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature scheme (https://www.standardwebhooks.com), so that receivers can
 * check our calls with its libraries: the secret is {@code whsec_} and the base64 of 24 random bytes,
 * and {@code Webhook-Signature} is {@code v1,} and the base64 HMAC-SHA256, under the secret's bytes,
 * of {@code <Webhook-Id>.<Webhook-Timestamp>.<body>}.
 */
public final class WebhookSignature {

    private static final String SECRET_PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    public static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** @param timestamp seconds since the epoch, as sent in {@code Webhook-Timestamp} */
    public static String sign(String secret, String id, long timestamp, String body) {
        if (!secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("A webhook secret starts with " + SECRET_PREFIX);
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is one of the algorithms every Java platform must have
            throw new IllegalStateException(e);
        }
    }
}
