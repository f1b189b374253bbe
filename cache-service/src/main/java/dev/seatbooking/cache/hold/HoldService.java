package dev.seatbooking.cache.hold;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.seatbooking.common.cache.ClaimRequest;
import dev.seatbooking.common.cache.ClaimResponse;
import dev.seatbooking.common.cache.ClaimResult;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.tracing.BatchedTraces;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;

/**
 * Holds seats for booking-service's batches, loading an event's state from PostgreSQL the first time
 * Redis lacks it; every other change of the seat state goes straight to {@link SeatState}.
 */
@Service
public class HoldService {

    private static final Logger log = LoggerFactory.getLogger(HoldService.class);

    private final SeatState seats;
    private final SeatStateRebuilder rebuilder;
    private final BatchedTraces traces;
    private final Timer scriptTimer;
    private final Map<ClaimResult, Counter> holdCounters = new EnumMap<>(ClaimResult.class);

    HoldService(SeatState seats, SeatStateRebuilder rebuilder, BatchedTraces traces, MeterRegistry meters) {
        this.seats = seats;
        this.rebuilder = rebuilder;
        this.traces = traces;
        this.scriptTimer = Timer.builder("booking.cache.hold.script")
                .description("Time of one pipelined run of the hold script for a batch of holds in Redis")
                .publishPercentileHistogram()
                .register(meters);
        for (ClaimResult result : ClaimResult.values()) {
            holdCounters.put(result, Counter.builder("booking.cache.holds")
                    .description("Hold requests by outcome")
                    .tag("result", result.name())
                    .register(meters));
        }
    }

    /**
     * One answer per claim, in order. Events whose state is not in Redis yet are loaded from
     * PostgreSQL first (each once), and only their claims are tried again.
     */
    public List<ClaimResponse> holdAll(List<ClaimRequest> requests) {
        // each reservation's trace gets the span of its hold, however it was batched
        return traces.continueEach(requests, "seat hold", ClaimRequest::traceparent, ClaimRequest::bookingId,
                () -> holdEach(requests));
    }

    private List<ClaimResponse> holdEach(List<ClaimRequest> requests) {
        List<Optional<ClaimResponse>> responses = new ArrayList<>(runHoldScripts(requests));
        Map<Long, Optional<ClaimResult>> loads = new HashMap<>();
        List<Integer> retried = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (responses.get(i).isEmpty()) {
                Optional<ClaimResult> failed = loads.computeIfAbsent(requests.get(i).eventId(), this::load);
                if (failed.isPresent()) {
                    responses.set(i, Optional.of(ClaimResponse.of(failed.get())));
                } else {
                    retried.add(i);
                }
            }
        }
        if (!retried.isEmpty()) {
            List<Optional<ClaimResponse>> again = runHoldScripts(retried.stream().map(requests::get).toList());
            for (int j = 0; j < retried.size(); j++) {
                // only a deletion of the state between rebuild and retry leaves one unanswered
                responses.set(retried.get(j), Optional.of(again.get(j)
                        .orElse(ClaimResponse.of(ClaimResult.UNAVAILABLE))));
            }
        }
        return responses.stream().map(response -> counted(response.orElseThrow())).toList();
    }

    /** Loads the event's state; empty when that worked, else what its holds are answered. */
    private Optional<ClaimResult> load(long eventId) {
        try {
            return rebuilder.rebuild(eventId) ? Optional.empty() : Optional.of(ClaimResult.EVENT_NOT_FOUND);
        } catch (ApiException | DataAccessException | TransactionException e) {
            // PostgreSQL away, or a recovery that cannot finish yet: this event's holds are answered
            // so, the other events of the batch are not held up
            log.warn("Event {} cannot be loaded into Redis now: {}", eventId, e.toString());
            return Optional.of(ClaimResult.UNAVAILABLE);
        }
    }

    private List<Optional<ClaimResponse>> runHoldScripts(List<ClaimRequest> requests) {
        return scriptTimer.record(() -> seats.claimAll(requests));
    }

    private ClaimResponse counted(ClaimResponse response) {
        holdCounters.get(response.result()).increment();
        return response;
    }
}
