package dev.seatbooking.booking.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token buckets for reserve requests, kept in Redis so that every booking-service replica draws from
 * the same ones. A bucket holds {@code burst} requests and gets {@code perSecond} back each second.
 * The defaults are in booking-service.yml.
 *
 * @param userPerSecond reserves per second one user may keep sending (RATE_LIMIT_USER_PER_SECOND)
 * @param userBurst reserves one user may send at once (RATE_LIMIT_USER_BURST)
 * @param clientPerSecond reserves per second from one client address (RATE_LIMIT_CLIENT_PER_SECOND);
 *        high by default, since a load balancer or a benchmark sends everything from one address
 * @param clientBurst reserves one client address may send at once (RATE_LIMIT_CLIENT_BURST)
 */
@ConfigurationProperties("booking.rate-limit")
public record RateLimitProperties(
        long userPerSecond,
        long userBurst,
        long clientPerSecond,
        long clientBurst) {

    public RateLimitProperties {
        if (userPerSecond < 1 || userBurst < 1 || clientPerSecond < 1 || clientBurst < 1) {
            throw new IllegalArgumentException("booking.rate-limit values must be at least 1");
        }
    }
}
