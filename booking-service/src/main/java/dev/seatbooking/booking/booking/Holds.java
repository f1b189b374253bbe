package dev.seatbooking.booking.booking;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Predicate;

import dev.seatbooking.booking.cache.CacheServiceClient;
import dev.seatbooking.common.api.BookingView;
import dev.seatbooking.common.api.HoldView;
import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.booking.Origin;
import dev.seatbooking.common.cache.ClaimKind;
import dev.seatbooking.common.cache.ClaimRequest;
import dev.seatbooking.common.cache.ClaimResponse;
import dev.seatbooking.common.error.ApiException;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.HoldCommand;
import dev.seatbooking.common.tracing.BatchedTraces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * A hold once taken: read, confirmed (the buyer paid) or released (the buyer gave up). Its expiry is
 * queue-worker's. A confirm or release runs under the (event, user) lock, like a reserve; whichever
 * of two ends reaches queue-worker first wins, since each applies only to a hold in the state it
 * names. Someone else's hold is HOLD_NOT_FOUND, as if it did not exist.
 */
@Service
public class Holds {

    private static final Logger log = LoggerFactory.getLogger(Holds.class);

    /** A confirm's answer: the booking, and whether it is new (201), was there already (200) or is queued (202). */
    public record Confirmation(BookingView booking, Kind kind) {

        public enum Kind { CREATED, EXISTING, QUEUED }
    }

    /** A release's answer: the hold, RELEASED (200), or its release queued (202). */
    public record Release(HoldView hold, boolean committed) {
    }

    /**
     * How long a confirm waits for an offer's seats to reach Redis: cache-service applies outcomes
     * within milliseconds while it keeps up, so this covers a backlog of a moment, not an outage.
     */
    private static final Duration OFFER_HANDOVER = Duration.ofMillis(500);
    private static final Duration OFFER_HANDOVER_POLL = Duration.ofMillis(25);

    private final BookingRepository bookings;
    private final CacheServiceClient cache;
    private final UserEventLock lock;
    private final CommandRoundTrip commands;
    private final SeatHolds holds;
    private final BatchedTraces traces;

    Holds(BookingRepository bookings, CacheServiceClient cache, UserEventLock lock, CommandRoundTrip commands,
            SeatHolds holds, BatchedTraces traces) {
        this.bookings = bookings;
        this.cache = cache;
        this.lock = lock;
        this.commands = commands;
        this.holds = holds;
        this.traces = traces;
    }

    /** The hold as PostgreSQL has it, or as it is in flight; {@code maySee} hides others' holds. */
    public Result<HoldView> find(long holdId, Predicate<String> maySee) {
        Optional<HoldView> hold = bookings.findById(holdId).filter(found -> found.getOrigin() == Origin.HOLD)
                .map(HoldView::of)
                .or(() -> cache.pendingClaim(holdId).filter(claim -> claim.kind() == ClaimKind.HOLD)
                        .map(claim -> HoldView.pending(claim, claim.expiresAt())));
        return hold.filter(found -> maySee.test(found.userId())).map(Result::ok).orElseGet(() -> holdNotFound(holdId));
    }

    public Result<Confirmation> confirm(long holdId, String userId) {
        return owned(holdId, userId).flatMap(hold -> lock.run(hold.getEventId(), userId, () -> confirmLocked(hold)));
    }

    public Result<Release> release(long holdId, String userId) {
        return owned(holdId, userId).flatMap(hold -> lock.run(hold.getEventId(), userId, () -> releaseLocked(hold)));
    }

    /** The user's committed hold, HOLD_PENDING while it is still in flight, HOLD_NOT_FOUND otherwise. */
    private Result<Booking> owned(long holdId, String userId) {
        Optional<Booking> hold = bookings.findById(holdId)
                .filter(found -> found.getOrigin() == Origin.HOLD && found.getUserId().equals(userId));
        if (hold.isPresent()) {
            return Result.ok(hold.get());
        }
        boolean inFlight = cache.pendingClaim(holdId)
                .filter(claim -> claim.kind() == ClaimKind.HOLD && claim.userId().equals(userId)).isPresent();
        return inFlight ? Result.refused(ErrorCode.HOLD_PENDING, "The hold is not committed yet, please retry shortly")
                : holdNotFound(holdId);
    }

    private Result<Confirmation> confirmLocked(Booking found) {
        // read again under the lock: an end that ran meanwhile is seen
        Booking hold = bookings.findById(found.getId()).orElseThrow();
        return switch (hold.getStatus()) {
            case CONFIRMED, CANCELLED -> Result.ok(new Confirmation(BookingView.of(hold), Confirmation.Kind.EXISTING));
            case RELEASED -> released(hold.getId());
            case REJECTED -> Result.refused(ErrorCode.BOOKING_NOT_ACTIVE, "Hold " + hold.getId() + " was rejected");
            case HELD, EXPIRED -> claimSeatsAndConfirm(hold);
            case PENDING -> throw new IllegalStateException("PostgreSQL stores no PENDING claim");
        };
    }

    /**
     * The confirm is decided in Redis first, the only place that decides who gets seats: a hold that
     * still has its seats there keeps them, marked in flight, so that an expiry landing before the
     * confirm commits leaves them alone; an expired hold takes them again if they are free (410 if
     * not). Only then is the confirm sent, and queue-worker confirms the hold whether PostgreSQL has it
     * HELD or, by then, EXPIRED: its seats are its own either way. This is why a late expiry can never
     * free the seats of a confirmed hold, nor a queued confirm (202) lose to the hold's expiry.
     */
    private Result<Confirmation> claimSeatsAndConfirm(Booking hold) {
        Result<ClaimResponse> claimed;
        try {
            claimed = retake(hold);
        } catch (ApiException e) {
            notSent(hold);
            throw e;
        }
        return claimed.flatMap(seats -> sendConfirm(hold));
    }

    /**
     * The hold's seats claimed in Redis. A waiting-list offer's seats reach Redis with its HELD outcome,
     * a moment after the commit that its holder may already have read: a hold still HELD and not due
     * whose seats Redis refused is one cache-service has yet to be told of, not an expired one. It is
     * tried again for {@link #OFFER_HANDOVER}, then answered HOLD_PENDING (retry shortly).
     */
    private Result<ClaimResponse> retake(Booking hold) {
        long deadline = System.nanoTime() + OFFER_HANDOVER.toNanos();
        while (true) {
            Result<ClaimResponse> claimed = holds.hold(new ClaimRequest(hold.getEventId(), hold.getId(),
                    hold.getUserId(), hold.getQuantity(), ClaimKind.RETAKE, Instant.now().truncatedTo(ChronoUnit.MICROS),
                    traces.current()));
            boolean live = hold.getStatus() == BookingStatus.HELD && Instant.now().isBefore(hold.getExpiresAt());
            if (!(claimed instanceof Result.Refused<ClaimResponse> refused)
                    || refused.refusal().code() != ErrorCode.HOLD_EXPIRED || !live) {
                return claimed;
            }
            if (System.nanoTime() - deadline >= 0) {
                return Result.refused(ErrorCode.HOLD_PENDING,
                        "The seats of hold " + hold.getId() + " are still on their way to it, please retry shortly");
            }
            try {
                Thread.sleep(OFFER_HANDOVER_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return claimed;
            }
        }
    }

    private Result<Confirmation> sendConfirm(Booking hold) {
        Optional<BookingOutcome> outcome;
        try {
            outcome = commands.hold(new HoldCommand.Confirm(hold.getId(), hold.getUserId()));
        } catch (ApiException e) {
            notSent(hold);
            throw e;
        }
        if (outcome.isEmpty()) {
            holds.keepWhileQueued(hold.getId());
            return Result.ok(new Confirmation(new BookingView(hold.getId(), hold.getEventId(), hold.getUserId(),
                    hold.getQuantity(), BookingStatus.PENDING, null, hold.getId(), hold.getCreatedAt()),
                    Confirmation.Kind.QUEUED));
        }
        BookingOutcome committed = outcome.get();
        return switch (committed.status()) {
            case CONFIRMED -> Result.ok(new Confirmation(new BookingView(hold.getId(), hold.getEventId(),
                    hold.getUserId(), hold.getQuantity(), BookingStatus.CONFIRMED, null, hold.getId(),
                    hold.getCreatedAt()), Confirmation.Kind.CREATED));
            case EXPIRED -> expiredAndTaken(hold);
            case RELEASED -> released(hold.getId());
            default -> throw new IllegalStateException("Unexpected outcome " + committed.status() + " of a confirm");
        };
    }

    /**
     * A confirm that was not sent, or not known to be: the seats claimed for it stay with the hold
     * while it is HELD, and go back if it expired. Its flight ends first, so that an expiry committed
     * from then on frees the seats itself, and one committed before is seen by the read.
     */
    private void notSent(Booking hold) {
        holds.landed(hold.getId());
        try {
            if (bookings.findById(hold.getId()).map(Booking::getStatus).orElseThrow() == BookingStatus.EXPIRED) {
                holds.release(hold.getEventId(), hold.getId(), hold.getUserId());
            }
        } catch (RuntimeException e) {
            log.warn("Could not tell whether hold {} expired; its seats stay held until cache-service reconciles "
                    + "its event", hold.getId(), e);
        }
    }

    /** PostgreSQL has no room for an expired hold's seats (Redis was behind): they go back, the hold stays expired. */
    private Result<Confirmation> expiredAndTaken(Booking hold) {
        holds.release(hold.getEventId(), hold.getId(), hold.getUserId());
        return Result.refused(ErrorCode.HOLD_EXPIRED, "Hold " + hold.getId() + " expired and its seats are no longer free");
    }

    private Result<Release> releaseLocked(Booking found) {
        Booking hold = bookings.findById(found.getId()).orElseThrow();
        return switch (hold.getStatus()) {
            case RELEASED -> Result.ok(new Release(HoldView.of(hold), true));
            case EXPIRED -> expired(hold.getId());
            case CONFIRMED, CANCELLED -> confirmed(hold.getId());
            case REJECTED -> Result.refused(ErrorCode.BOOKING_NOT_ACTIVE, "Hold " + hold.getId() + " was rejected");
            case HELD -> sendRelease(hold);
            case PENDING -> throw new IllegalStateException("PostgreSQL stores no PENDING claim");
        };
    }

    private Result<Release> sendRelease(Booking hold) {
        // a release RabbitMQ did not take changed nothing, so there is nothing to undo
        Optional<BookingOutcome> outcome = commands.hold(new HoldCommand.Release(hold.getId(), hold.getUserId()));
        if (outcome.isEmpty()) {
            return Result.ok(new Release(HoldView.of(hold), false));
        }
        return switch (outcome.get().status()) {
            case RELEASED -> {
                // on sale again now rather than when cache-service sees the outcome event
                holds.releaseCommitted(hold.getEventId(), hold.getId(), hold.getUserId());
                yield Result.ok(new Release(new HoldView(hold.getId(), hold.getEventId(), hold.getUserId(),
                        hold.getQuantity(), HoldView.HoldStatus.RELEASED, null, hold.getExpiresAt(),
                        hold.getCreatedAt()), true));
            }
            case EXPIRED -> expired(hold.getId());
            case CONFIRMED -> confirmed(hold.getId());
            default -> throw new IllegalStateException("Unexpected outcome " + outcome.get().status() + " of a release");
        };
    }

    private static <T> Result<T> released(long holdId) {
        return Result.refused(ErrorCode.HOLD_RELEASED, "Hold " + holdId + " was released");
    }

    private static <T> Result<T> expired(long holdId) {
        return Result.refused(ErrorCode.HOLD_EXPIRED, "Hold " + holdId + " expired");
    }

    private static <T> Result<T> confirmed(long holdId) {
        return Result.refused(ErrorCode.HOLD_CONFIRMED,
                "Hold " + holdId + " is confirmed: cancel its booking to give its seats back");
    }

    public static <T> Result<T> holdNotFound(long holdId) {
        return Result.refused(ErrorCode.HOLD_NOT_FOUND, "Hold " + holdId + " not found");
    }
}
