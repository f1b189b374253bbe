package dev.seatbooking.common.webhook;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param allowPrivate whether webhook URLs may lead to loopback, private, link-local and other
 *        non-public addresses (WEBHOOK_ALLOW_PRIVATE; development and tests only): booking-service
 *        checks it when a subscription is made, queue-worker on every attempt. Default in common.yml.
 */
@ConfigurationProperties("booking.webhooks")
public record WebhookProperties(boolean allowPrivate) {
}
