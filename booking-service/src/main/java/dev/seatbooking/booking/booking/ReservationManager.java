package dev.seatbooking.booking.booking;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.seatbooking.booking.ratelimit.ReserveRateLimiter;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.Refusal;
import dev.seatbooking.common.error.Result;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;

/**
 * A reserve from the request to its answer, in the order the rules apply: an event this instance
 * knows is sold out is answered at once (no lock, no Redis, no cache-service); then the rate limits;
 * then, under the lock of the (event, user), the Idempotency-Key's replay or the booking itself
 * ({@link SeatBooking}). Every answer is counted by outcome.
 */
@Service
public class ReservationManager {

    private final SoldOutEvents soldOut;
    private final ReserveRateLimiter rateLimiter;
    private final UserEventLock lock;
    private final IdempotentReplies idempotency;
    private final SeatBooking booking;
    private final MeterRegistry meters;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    ReservationManager(SoldOutEvents soldOut, ReserveRateLimiter rateLimiter, UserEventLock lock,
            IdempotentReplies idempotency, SeatBooking booking, MeterRegistry meters) {
        this.soldOut = soldOut;
        this.rateLimiter = rateLimiter;
        this.lock = lock;
        this.idempotency = idempotency;
        this.booking = booking;
        this.meters = meters;
    }

    /**
     * @param idempotencyKey null without one; a keyed request may be the replay of an earlier
     *        success, so it always goes the full way, past the sold-out answer
     * @param clientAddress where the request came from, for its rate limit
     */
    public Result<Reservation> reserve(long eventId, String userId, String idempotencyKey, String clientAddress) {
        Result<Reservation> answer;
        try {
            answer = admitted(eventId, userId, idempotencyKey, clientAddress);
        } catch (ApiException e) {
            count(e.code().name());
            throw e;
        }
        count(answer.fold(reservation -> reservation.committed() ? "CONFIRMED" : "PENDING",
                refusal -> refusal.code().name()));
        return answer;
    }

    private Result<Reservation> admitted(long eventId, String userId, String idempotencyKey, String clientAddress) {
        if (idempotencyKey == null && soldOut.isSoldOut(eventId)) {
            return SeatHolds.soldOutRefusal(eventId);
        }
        Optional<Refusal> limited = rateLimiter.admit(userId, clientAddress);
        if (limited.isPresent()) {
            return Result.refused(limited.get());
        }
        return lock.run(eventId, userId, () -> idempotencyKey == null
                ? booking.book(eventId, userId, null)
                : idempotency.once(idempotencyKey, eventId + "\n" + userId,
                        () -> booking.book(eventId, userId, idempotencyKey)));
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, name -> meters.counter("booking.reservations", "outcome", name)).increment();
    }
}
