package dev.seatbooking.booking.cache;

import java.time.Duration;

import dev.seatbooking.common.cache.ClaimRequests;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpHeaders;
import org.springframework.util.StringUtils;

/**
 * Where and how booking-service calls cache-service. url, holdBatchSize and holdsInFlight have their
 * defaults in booking-service.yml (CACHE_SERVICE_URL, BOOKING_HOLD_BATCH_SIZE, BOOKING_HOLDS_IN_FLIGHT).
 *
 * @param readTimeout longer than cache-service's rebuild lock wait, so a hold that waits for an
 *        event's rebuild from PostgreSQL gets its answer instead of a premature 503
 * @param maxConnections kept-alive connections to cache-service: one per request thread, so a
 *        request never queues for a connection (Tomcat's default pool has 200 threads)
 * @param holdBatchSize most holds sent in one request
 * @param holdsInFlight hold requests under way at once; further holds wait and travel together in
 *        the next batch, so fewer places mean larger batches
 * @param internalToken the service credential cache-service requires (INTERNAL_TOKEN, see
 *        booking-service.yml); empty when it requires none
 */
@ConfigurationProperties("booking.cache-service")
public record CacheServiceProperties(
        String url,
        @DefaultValue("1s") Duration connectTimeout,
        @DefaultValue("10s") Duration readTimeout,
        @DefaultValue("200") int maxConnections,
        int holdBatchSize,
        int holdsInFlight,
        String internalToken) {

    public CacheServiceProperties {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("booking.cache-service.url must be set");
        }
        if (holdBatchSize < 1 || holdBatchSize > ClaimRequests.MAX_SIZE || holdsInFlight < 1) {
            throw new IllegalArgumentException("booking.cache-service.hold-batch-size must be 1.."
                    + ClaimRequests.MAX_SIZE + " and holds-in-flight at least 1");
        }
    }

    /** Presents the internal token on every call to cache-service, when one is configured. */
    public void authenticate(HttpHeaders headers) {
        if (StringUtils.hasLength(internalToken)) {
            headers.setBearerAuth(internalToken);
        }
    }

    @Override
    public String toString() {
        return "CacheServiceProperties[url=" + url + ", connectTimeout=" + connectTimeout + ", readTimeout="
                + readTimeout + ", maxConnections=" + maxConnections + ", holdBatchSize=" + holdBatchSize
                + ", holdsInFlight=" + holdsInFlight + ", internalToken="
                + (StringUtils.hasLength(internalToken) ? "******" : "unset") + "]";
    }
}
