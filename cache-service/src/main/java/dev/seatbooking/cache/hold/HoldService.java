package dev.seatbooking.cache.hold;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.seatbooking.common.cache.HoldRequest;
import dev.seatbooking.common.cache.HoldResponse;
import dev.seatbooking.common.cache.HoldResult;
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
    private final Map<HoldResult, Counter> holdCounters = new EnumMap<>(HoldResult.class);

    HoldService(SeatState seats, SeatStateRebuilder rebuilder, BatchedTraces traces, MeterRegistry meters) {
        this.seats = seats;
        this.rebuilder = rebuilder;
        this.traces = traces;
        this.scriptTimer = Timer.builder("booking.cache.hold.script")
                .description("Time of one pipelined run of the hold script for a batch of holds in Redis")
                .publishPercentileHistogram()
                .register(meters);
        for (HoldResult result : HoldResult.values()) {
            holdCounters.put(result, Counter.builder("booking.cache.holds")
                    .description("Hold requests by outcome")
                    .tag("result", result.name())
                    .register(meters));
        }
    }

    /**
     * One answer per hold, in order. Events whose state is not in Redis yet are loaded from
     * PostgreSQL first (each once), and only their holds are tried again.
     */
    public List<HoldResponse> holdAll(List<HoldRequest> requests) {
        // each reservation's trace gets the span of its hold, however it was batched
        return traces.continueEach(requests, "seat hold", HoldRequest::traceparent, HoldRequest::bookingId,
                () -> holdEach(requests));
    }

    private List<HoldResponse> holdEach(List<HoldRequest> requests) {
        List<Optional<HoldResponse>> responses = new ArrayList<>(runHoldScripts(requests));
        Map<Long, Optional<HoldResult>> loads = new HashMap<>();
        List<Integer> retried = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (responses.get(i).isEmpty()) {
                Optional<HoldResult> failed = loads.computeIfAbsent(requests.get(i).eventId(), this::load);
                if (failed.isPresent()) {
                    responses.set(i, Optional.of(new HoldResponse(failed.get(), null)));
                } else {
                    retried.add(i);
                }
            }
        }
        if (!retried.isEmpty()) {
            List<Optional<HoldResponse>> again = runHoldScripts(retried.stream().map(requests::get).toList());
            for (int j = 0; j < retried.size(); j++) {
                // only a deletion of the state between rebuild and retry leaves one unanswered
                responses.set(retried.get(j), Optional.of(again.get(j)
                        .orElse(new HoldResponse(HoldResult.UNAVAILABLE, null))));
            }
        }
        return responses.stream().map(response -> counted(response.orElseThrow())).toList();
    }

    /** Loads the event's state; empty when that worked, else what its holds are answered. */
    private Optional<HoldResult> load(long eventId) {
        try {
            return rebuilder.rebuild(eventId) ? Optional.empty() : Optional.of(HoldResult.EVENT_NOT_FOUND);
        } catch (ApiException | DataAccessException | TransactionException e) {
            // PostgreSQL away, or a recovery that cannot finish yet: this event's holds are answered
            // so, the other events of the batch are not held up
            log.warn("Event {} cannot be loaded into Redis now: {}", eventId, e.toString());
            return Optional.of(HoldResult.UNAVAILABLE);
        }
    }

    private List<Optional<HoldResponse>> runHoldScripts(List<HoldRequest> requests) {
        return scriptTimer.record(() -> seats.holdAll(requests));
    }

    private HoldResponse counted(HoldResponse response) {
        holdCounters.get(response.result()).increment();
        return response;
    }
}
