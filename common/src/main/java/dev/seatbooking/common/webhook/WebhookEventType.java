package dev.seatbooking.common.webhook;

import java.util.Arrays;
import java.util.Optional;

/**
 * The notifications a webhook subscription may ask for, by their wire names. Which change of a
 * booking or an event writes which one is decided in one place, the triggers of
 * db/migration/V3__webhooks.sql; the waiting list's, in db/migration/V4__waitlist.sql (an offer where
 * it is made, make_waitlist_offers(), and its expiry by a trigger of its own).
 */
public enum WebhookEventType {
    BOOKING_CONFIRMED("booking.confirmed"),
    BOOKING_CANCELLED("booking.cancelled"),
    BOOKING_REJECTED("booking.rejected"),
    HOLD_CREATED("hold.created"),
    HOLD_CONFIRMED("hold.confirmed"),
    HOLD_RELEASED("hold.released"),
    HOLD_EXPIRED("hold.expired"),
    WAITLIST_OFFERED("waitlist.offered"),
    WAITLIST_EXPIRED("waitlist.expired"),
    EVENT_SOLD_OUT("event.sold_out");

    private final String wireName;

    WebhookEventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WebhookEventType> ofWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
