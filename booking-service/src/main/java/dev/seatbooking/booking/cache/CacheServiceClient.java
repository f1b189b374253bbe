package dev.seatbooking.booking.cache;

import java.util.Optional;

import dev.seatbooking.common.cache.HoldRequest;
import dev.seatbooking.common.cache.HoldResponse;
import dev.seatbooking.common.cache.PendingHold;
import dev.seatbooking.common.cache.ReleaseRequest;
import dev.seatbooking.common.error.ApiException;
import org.springframework.http.HttpStatus;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * booking-service's calls to cache-service over pooled keep-alive connections; any failure to get
 * an answer becomes a 503 for the caller, never a guess.
 */
@Component
public class CacheServiceClient {

    private final RestClient rest;

    CacheServiceClient(RestClient.Builder builder, CacheServiceProperties properties) {
        // Apache's client answers on the calling thread; the JDK client handed every call across
        // several executor threads (11.7% of booking-service's CPU under load, async-profiler)
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(properties.maxConnections())
                .setMaxConnPerRoute(properties.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                        .setSocketTimeout(Timeout.of(properties.readTimeout()))
                        .build())
                .build();
        HttpComponentsClientHttpRequestFactory factory = new HttpComponentsClientHttpRequestFactory(
                HttpClients.custom().setConnectionManager(connections).build());
        factory.setConnectionRequestTimeout(properties.connectTimeout());
        factory.setReadTimeout(properties.readTimeout());
        this.rest = builder.baseUrl(properties.url()).requestFactory(factory).defaultHeaders(properties::authenticate).build();
    }

    public HoldResponse hold(long eventId, HoldRequest request) {
        try {
            return rest.post().uri("/internal/events/{eventId}/holds", eventId)
                    .body(request).retrieve().body(HoldResponse.class);
        } catch (RestClientException e) {
            throw ApiException.unavailable("Seat inventory", e);
        }
    }

    public void release(long eventId, ReleaseRequest request) {
        try {
            rest.post().uri("/internal/events/{eventId}/holds/release", eventId)
                    .body(request).retrieve().toBodilessEntity();
        } catch (RestClientException e) {
            throw ApiException.unavailable("Seat inventory", e);
        }
    }

    public Optional<PendingHold> pendingHold(long bookingId) {
        try {
            return Optional.ofNullable(rest.get().uri("/internal/holds/{bookingId}", bookingId)
                    .exchange((request, response) -> response.getStatusCode() == HttpStatus.NOT_FOUND
                            ? null
                            : response.getStatusCode().is2xxSuccessful()
                                    ? response.bodyTo(PendingHold.class)
                                    : failed(response.getStatusCode().value())));
        } catch (RestClientException e) {
            throw ApiException.unavailable("Seat inventory", e);
        }
    }

    /** cache-service's readiness, for booking-service's own health. */
    public boolean ready() {
        try {
            return rest.get().uri("/actuator/health/readiness").retrieve().toBodilessEntity()
                    .getStatusCode().is2xxSuccessful();
        } catch (RestClientException e) {
            return false;
        }
    }

    private static PendingHold failed(int status) {
        throw new RestClientException("cache-service answered " + status);
    }
}
