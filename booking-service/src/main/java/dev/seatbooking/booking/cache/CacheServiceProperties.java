package dev.seatbooking.booking.cache;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param readTimeout longer than cache-service's rebuild lock wait, so a hold that waits for an
 *        event's rebuild from PostgreSQL gets its answer instead of a premature 503
 * @param maxConnections kept-alive connections to cache-service: one per request thread, so a
 *        request never queues for a connection (Tomcat's default pool has 200 threads)
 * @param holdBatchSize most holds sent in one request
 * @param holdsInFlight hold requests under way at once; further holds wait and travel together in
 *        the next batch, so fewer places mean larger batches
 */
@ConfigurationProperties("booking.cache-service")
public record CacheServiceProperties(
        @DefaultValue("http://localhost:8081") String url,
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("200") int maxConnections,
        @DefaultValue("200") int holdBatchSize,
        @DefaultValue("2") int holdsInFlight) {
}
