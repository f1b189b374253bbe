package dev.seatbooking.booking.booking;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.seatbooking.booking.ratelimit.ReserveRateLimiter;
import dev.seatbooking.common.cache.ClaimKind;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.Refusal;
import dev.seatbooking.common.error.Result;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;

/**
 * A reserve or a hold from the request to its answer, in the order the rules apply: an event this
 * instance knows is sold out is answered at once (no lock, no Redis, no cache-service); then the
 * rate limits; then a place among the claims under way ({@link ClaimBulkhead}); then, under the lock
 * of the (event, user), the Idempotency-Key's replay or the claim itself ({@link SeatBooking}). Every
 * answer is counted by outcome.
 */
@Service
public class ReservationManager {

    private final SoldOutEvents soldOut;
    private final ReserveRateLimiter rateLimiter;
    private final ClaimBulkhead claims;
    private final UserEventLock lock;
    private final IdempotentReplies idempotency;
    private final SeatBooking booking;
    private final MeterRegistry meters;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

    ReservationManager(SoldOutEvents soldOut, ReserveRateLimiter rateLimiter, ClaimBulkhead claims,
            UserEventLock lock, IdempotentReplies idempotency, SeatBooking booking, MeterRegistry meters) {
        this.soldOut = soldOut;
        this.rateLimiter = rateLimiter;
        this.claims = claims;
        this.lock = lock;
        this.idempotency = idempotency;
        this.booking = booking;
        this.meters = meters;
    }

    /**
     * One seat, booked at once (the seed's reserve).
     *
     * @param idempotencyKey null without one; a keyed request may be the replay of an earlier
     *        success, so it always goes the full way, past the sold-out answer
     * @param clientAddress where the request came from, for its rate limit
     */
    public Result<Reservation> reserve(long eventId, String userId, String idempotencyKey, String clientAddress) {
        return counted("booking.reservations", () -> admitted(eventId, userId, idempotencyKey, clientAddress,
                        eventId + "\n" + userId, Reservation.class,
                        () -> booking.claim(eventId, userId, 1, ClaimKind.RESERVE, idempotencyKey).map(Reservation::of)),
                reservation -> reservation.committed() ? "CONFIRMED" : "PENDING");
    }

    /** {@code quantity} seats held for the user for the event's hold lifetime; as {@link #reserve} otherwise. */
    public Result<HoldCreation> hold(long eventId, String userId, int quantity, String idempotencyKey,
            String clientAddress) {
        return counted("booking.hold.requests", () -> admitted(eventId, userId, idempotencyKey, clientAddress,
                        "hold\n" + eventId + "\n" + userId + "\n" + quantity, HoldCreation.class,
                        () -> booking.claim(eventId, userId, quantity, ClaimKind.HOLD, idempotencyKey)
                                .map(HoldCreation::of)),
                hold -> hold.committed() ? "HELD" : "PENDING");
    }

    private <T> Result<T> admitted(long eventId, String userId, String idempotencyKey, String clientAddress,
            String fingerprint, Class<T> answer, Supplier<Result<T>> claim) {
        if (idempotencyKey == null && soldOut.isSoldOut(eventId)) {
            return SeatHolds.soldOutRefusal(eventId);
        }
        Optional<Refusal> limited = rateLimiter.admit(userId, clientAddress);
        if (limited.isPresent()) {
            return Result.refused(limited.get());
        }
        return claims.run(() -> lock.run(eventId, userId, () -> idempotencyKey == null
                ? claim.get()
                : idempotency.once(idempotencyKey, fingerprint, answer, claim)));
    }

    private <T> Result<T> counted(String meter, Supplier<Result<T>> request,
            Function<T, String> success) {
        Result<T> answer;
        try {
            answer = request.get();
        } catch (ApiException e) {
            count(meter, e.code().name());
            throw e;
        }
        count(meter, answer.fold(success, refusal -> refusal.code().name()));
        return answer;
    }

    private void count(String meter, String outcome) {
        outcomes.computeIfAbsent(meter + "\n" + outcome, name -> meters.counter(meter, "outcome", outcome)).increment();
    }
}
