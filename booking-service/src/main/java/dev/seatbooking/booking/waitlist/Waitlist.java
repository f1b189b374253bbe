package dev.seatbooking.booking.waitlist;

import java.util.Optional;
import java.util.function.Predicate;

import dev.seatbooking.booking.booking.ClaimRefusals;
import dev.seatbooking.booking.booking.Holds;
import dev.seatbooking.booking.booking.UserEventLock;
import dev.seatbooking.booking.waitlist.WaitlistEntries.EventRules;
import dev.seatbooking.booking.waitlist.WaitlistEntryView.Status;
import dev.seatbooking.common.error.ErrorCode;
import dev.seatbooking.common.error.Result;
import org.springframework.stereotype.Service;

/**
 * Joining and leaving an event's waiting list. Offers are not made here: PostgreSQL makes them in
 * the transaction that gives seats back (make_waitlist_offers() in V4__waitlist.sql), and an offer
 * is a hold, confirmed or released through {@link Holds}.
 */
@Service
public class Waitlist {

    /** A join's answer: the new entry (201). */
    public record Joined(WaitlistEntryView entry) {
    }

    /** A leave's answer: the entry (200), or, while the release of its offer is queued, as it still is (202). */
    public record Left(WaitlistEntryView entry, boolean committed) {
    }

    private final WaitlistEntries entries;
    private final UserEventLock lock;
    private final Holds holds;

    Waitlist(WaitlistEntries entries, UserEventLock lock, Holds holds) {
        this.entries = entries;
        this.lock = lock;
        this.holds = holds;
    }

    /**
     * Under the user's (event, user) lock, like a hold, so that the user's own hold or reserve and
     * their join take turns. The checks read without a transaction; the entry is written by one
     * statement that also decides SEATS_AVAILABLE under the event row's lock
     * ({@link WaitlistEntries#insertWhileSoldOut}).
     */
    public Result<Joined> join(long eventId, String userId, int quantity) {
        return lock.run(eventId, userId, () -> {
            Optional<EventRules> event = entries.rules(eventId);
            if (event.isEmpty()) {
                return eventNotFound(eventId);
            }
            EventRules rules = event.get();
            if (rules.salesClosed()) {
                return ClaimRefusals.<Long>salesClosed(eventId);
            }
            if (quantity > rules.maxPerUser()) {
                return ClaimRefusals.<Long>limitExceeded(eventId, rules.maxPerUser());
            }
            Optional<Boolean> claim = entries.liveClaimIsOffer(eventId, userId);
            if (claim.isPresent()) {
                return claim.get() ? Waitlist.<Long>alreadyWaiting(eventId) : ClaimRefusals.<Long>alreadyClaimed(eventId);
            }
            return entries.insertWhileSoldOut(eventId, userId, quantity).map(insertion -> {
                if (insertion.entry().isPresent()) {
                    return Result.ok(insertion.entry().get());
                }
                // sold out yet no entry: ON CONFLICT met an entry of the user's committed after this
                // statement's snapshot, which its EXISTS does not see
                return insertion.waitedAlready() || insertion.soldOut()
                        ? Waitlist.<Long>alreadyWaiting(eventId)
                        : Result.<Long>refused(ErrorCode.SEATS_AVAILABLE,
                                insertion.freeSeats() + " seats of event " + eventId + " are available: hold them instead");
            }).orElseGet(() -> eventNotFound(eventId));
        }).map(entry -> new Joined(entries.find(entry).orElseThrow()));
    }

    /** {@code maySee} hides someone else's entry (jwt mode) as if it did not exist. */
    public Result<WaitlistEntryView> find(long entryId, Predicate<String> maySee) {
        return entries.find(entryId).filter(entry -> maySee.test(entry.userId())).map(Result::ok)
                .orElseGet(() -> notFound(entryId));
    }

    /**
     * A waiting entry is LEFT at once; an open offer is declined by releasing its hold, whose seats go
     * on to the next entry. Leaving again answers the entry as it is; an accepted or expired one has
     * nothing left to leave.
     */
    public Result<Left> leave(long entryId, String userId) {
        Optional<WaitlistEntryView> found = entries.find(entryId).filter(entry -> entry.userId().equals(userId));
        if (found.isEmpty()) {
            return notFound(entryId);
        }
        WaitlistEntryView entry = found.get();
        return switch (entry.status()) {
            case WAITING -> {
                // an offer made meanwhile is declined below, on the second look
                yield entries.leave(entryId) ? Result.ok(new Left(entries.find(entryId).orElseThrow(), true))
                        : leave(entryId, userId);
            }
            case OFFERED -> holds.release(entry.holdId(), userId).fold(
                    release -> Result.ok(new Left(entries.find(entryId).orElseThrow(), release.committed())),
                    refusal -> switch (refusal.code()) {
                        // the offer ended as it was declined
                        case HOLD_EXPIRED -> ended(entryId, Status.EXPIRED);
                        case HOLD_CONFIRMED -> ended(entryId, Status.ACCEPTED);
                        default -> Result.refused(refusal);
                    });
            case LEFT -> Result.ok(new Left(entry, true));
            case ACCEPTED, EXPIRED -> ended(entryId, entry.status());
        };
    }

    private static <T> Result<T> ended(long entryId, Status status) {
        return Result.refused(ErrorCode.WAITLIST_ENTRY_ENDED,
                "Waiting-list entry " + entryId + " is " + status + ": there is nothing to leave");
    }

    private static <T> Result<T> alreadyWaiting(long eventId) {
        return Result.refused(ErrorCode.ALREADY_WAITING, "You are already on the waiting list of event " + eventId);
    }

    private static Result<Long> eventNotFound(long eventId) {
        return Result.refused(ErrorCode.EVENT_NOT_FOUND, "Event " + eventId + " does not exist");
    }

    private static <T> Result<T> notFound(long entryId) {
        return Result.refused(ErrorCode.WAITLIST_ENTRY_NOT_FOUND, "Waiting-list entry " + entryId + " not found");
    }
}
