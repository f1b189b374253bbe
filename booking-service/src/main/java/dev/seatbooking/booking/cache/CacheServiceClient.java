package dev.seatbooking.booking.cache;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.seatbooking.booking.batching.Batcher;
import dev.seatbooking.common.cache.ClaimRequest;
import dev.seatbooking.common.cache.ClaimRequests;
import dev.seatbooking.common.cache.ClaimResponse;
import dev.seatbooking.common.cache.ClaimResponses;
import dev.seatbooking.common.cache.PendingClaim;
import dev.seatbooking.common.cache.ReleaseRequest;
import dev.seatbooking.common.cache.SeatSettings;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import jakarta.annotation.PreDestroy;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * booking-service's calls to cache-service over pooled keep-alive connections; any failure to get
 * an answer becomes a 503 for the caller, never a guess. Holds, one per reservation, travel in
 * batches ({@link Batcher}): under a storm one HTTP exchange carries the holds of many requests.
 */
@Component
public class CacheServiceClient {

    private final RestClient rest;
    private final ExecutorService holdCalls;
    private final Batcher<ClaimRequest, ClaimResponse> holds;
    private final Duration holdWait;

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
        this.rest = builder.baseUrl(properties.url()).requestFactory(factory).defaultHeaders(properties::authenticate)
                .build();
        // the blocking HTTP calls of the batches in flight, one thread each
        this.holdCalls = Executors.newFixedThreadPool(properties.holdsInFlight(), runnable -> {
            Thread thread = new Thread(runnable, "cache-service-holds");
            thread.setDaemon(true);
            return thread;
        });
        this.holds = new Batcher<>("cache-service-hold-batcher", properties.holdBatchSize(),
                properties.holdsInFlight(),
                batch -> CompletableFuture.supplyAsync(() -> holdAll(batch), holdCalls));
        // a batch waits for no more than one connect and one read, and for the batch ahead of it
        this.holdWait = properties.connectTimeout().plus(properties.readTimeout()).multipliedBy(2);
    }

    /** Takes the seat in cache-service, or says why not; 503 when cache-service gave no answer. */
    public ClaimResponse hold(ClaimRequest request) {
        try {
            return holds.submit(request).get(holdWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof ApiException api ? api : ApiException.unavailable("Seat inventory", e);
        } catch (TimeoutException e) {
            throw ApiException.unavailable("Seat inventory", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Seat inventory", e);
        }
    }

    private List<ClaimResponse> holdAll(List<ClaimRequest> batch) {
        try {
            return rest.post().uri("/internal/holds").body(new ClaimRequests(batch))
                    .retrieve().body(ClaimResponses.class).results();
        } catch (RestClientException e) {
            throw ApiException.unavailable("Seat inventory", e);
        }
    }

    @PreDestroy
    void stop() {
        holds.close();
        holdCalls.shutdown();
    }

    public void release(long eventId, ReleaseRequest request) {
        try {
            rest.post().uri("/internal/events/{eventId}/holds/release", eventId)
                    .body(request).retrieve().toBodilessEntity();
        } catch (RestClientException e) {
            throw ApiException.unavailable("Seat inventory", e);
        }
    }

    /** The booking's command is queued (answered 202): cache-service keeps its seat while the worker may be away. */
    public void keepWhileQueued(long bookingId) {
        try {
            rest.post().uri("/internal/holds/{bookingId}/queued", bookingId).retrieve().toBodilessEntity();
        } catch (RestClientException e) {
            throw ApiException.unavailable("Seat inventory", e);
        }
    }

    /** The claim is no longer in flight; its seats stay as they are. */
    public void landed(long bookingId) {
        try {
            rest.delete().uri("/internal/holds/{bookingId}", bookingId).retrieve().toBodilessEntity();
        } catch (RestClientException e) {
            throw ApiException.unavailable("Seat inventory", e);
        }
    }

    /** The claim in flight under this id (seats held, not committed yet), if there is one. */
    public Optional<PendingClaim> pendingClaim(long bookingId) {
        try {
            return Optional.ofNullable(rest.get().uri("/internal/holds/{bookingId}", bookingId)
                    .exchange((request, response) -> response.getStatusCode() == HttpStatus.NOT_FOUND
                            ? null
                            : response.getStatusCode().is2xxSuccessful()
                                    ? response.bodyTo(PendingClaim.class)
                                    : failed(response.getStatusCode().value())));
        } catch (RestClientException e) {
            throw ApiException.unavailable("Seat inventory", e);
        }
    }

    /**
     * An event's new capacity and settings for the hold script: CAPACITY_BELOW_SOLD when more seats
     * are taken than the new capacity (nothing changed then), EVENT_NOT_FOUND when cache-service
     * does not know the event; 503 without an answer.
     */
    public Result<Void> applySettings(long eventId, SeatSettings settings) {
        try {
            return rest.put().uri("/internal/events/{eventId}/settings", eventId).body(settings)
                    .exchange((request, response) -> switch (response.getStatusCode().value()) {
                        case 204 -> Result.<Void>ok(null);
                        case 409 -> Result.<Void>refused(ErrorCode.CAPACITY_BELOW_SOLD,
                                "More seats of event " + eventId + " are booked or held than " + settings.capacity());
                        case 404 -> Result.<Void>refused(ErrorCode.EVENT_NOT_FOUND, "Event " + eventId + " does not exist");
                        default -> throw new RestClientException("cache-service answered " + response.getStatusCode());
                    });
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

    private static PendingClaim failed(int status) {
        throw new RestClientException("cache-service answered " + status);
    }
}
