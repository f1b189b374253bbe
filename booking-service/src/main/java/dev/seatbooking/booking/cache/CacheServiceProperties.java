package dev.seatbooking.booking.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("booking.cache-service")
public record CacheServiceProperties(
        @DefaultValue("http://localhost:8081") String url,
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("3s") Duration readTimeout) {
}
