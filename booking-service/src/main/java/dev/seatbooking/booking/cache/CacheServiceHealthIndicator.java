package dev.seatbooking.booking.cache;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** booking-service cannot reserve without cache-service, so it is part of booking-service's health. */
@Component("cacheService")
class CacheServiceHealthIndicator implements HealthIndicator {

    private final CacheServiceClient client;

    CacheServiceHealthIndicator(CacheServiceClient client) {
        this.client = client;
    }

    @Override
    public Health health() {
        return client.ready() ? Health.up().build() : Health.down().withDetail("reason", "not ready").build();
    }
}
