package dev.seatbooking.worker.booking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.booking.BookingStatus;
import dev.seatbooking.common.booking.Origin;
import dev.seatbooking.common.event.EventRepository;
import dev.seatbooking.common.messaging.BookingCommand;
import dev.seatbooking.common.messaging.BookingOutcome;
import dev.seatbooking.common.messaging.CancelCommand;
import dev.seatbooking.common.messaging.HoldCommand;
import dev.seatbooking.worker.WorkerMetrics;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns commands into committed rows. The booking rules are not in this class: PostgreSQL's
 * constraints decide (see {@link Violation}), and this class only writes and reads their verdict.
 * It never counts seats or looks for an existing booking of the user before writing, because such
 * a check would race with the other consumers; the constraints do not.
 *
 * <p>Bookings are written in batches: one transaction inserts every new row and moves each event's
 * counter once; cancels and hold ends likewise, one transaction per run of them, which also makes
 * the waiting list's offers of the seats it gives back. When a batch fails, every command of it is
 * retried in a transaction of its own, so that each one gets PostgreSQL's own verdict. A command is only ever refused on such a verdict;
 * any other failure (PostgreSQL unreachable, a connection lost mid-transaction) makes it wait.
 */
@Service
public class BookingManager {

    private static final Logger log = LoggerFactory.getLogger(BookingManager.class);

    /** Inserting in one global order means two consumers never wait for each other's unique-index entries in a cycle. */
    private static final Comparator<Booking> INSERT_ORDER = Comparator.comparingLong(Booking::getEventId)
            .thenComparing(Booking::getUserId, Comparator.nullsFirst(Comparator.naturalOrder()));

    /** The states a cancel or a hold's release or expiry leaves a claim in. */
    private static final Set<BookingStatus> GAVE_SEATS_BACK = EnumSet.of(BookingStatus.CANCELLED,
            BookingStatus.RELEASED, BookingStatus.EXPIRED);

    private final BookingRepository bookings;
    private final EventRepository events;
    private final TransactionTemplate transactions;
    private final WorkerMetrics metrics;

    public BookingManager(BookingRepository bookings, EventRepository events,
            PlatformTransactionManager transactionManager, WorkerMetrics metrics) {
        this.bookings = bookings;
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        this.metrics = metrics;
    }

    /**
     * One verdict per command, in the same order. Commands are applied in the order given (a run of
     * booking commands is one batch), so a cancel followed by a new booking of the same user works
     * as it would one by one. Once a command has to wait for a retry, the rest wait with it untried:
     * the failure was not about that command, so it would most likely hit them too.
     *
     * @param commands {@link BookingCommand}s, {@link CancelCommand}s and {@link HoldCommand}s
     * @param mayBeStored whether a command may have been committed by an earlier delivery (RabbitMQ
     *        flags such a message redelivered): only then are the rows looked up before the insert
     *        (a row there all the same fails the batch, and the per-command path finds it), and, for a
     *        run of cancels or hold ends that finds claims ended already, are the open offers of their
     *        events announced with it.
     */
    public List<Verdict> process(List<?> commands, boolean mayBeStored) {
        List<Verdict> verdicts = new ArrayList<>(commands.size());
        int next = 0;
        while (next < commands.size() && !(last(verdicts) instanceof Verdict.Retry)) {
            if (commands.get(next) instanceof CancelCommand) {
                List<CancelCommand> run = runOf(CancelCommand.class, commands, next);
                verdicts.addAll(together(run, all -> cancelAll(all, mayBeStored), one -> cancelOne(one, mayBeStored)));
                next += run.size();
            } else if (commands.get(next) instanceof HoldCommand) {
                List<HoldCommand> run = runOf(HoldCommand.class, commands, next);
                verdicts.addAll(together(run, all -> endAll(all, mayBeStored), one -> endOne(one, mayBeStored)));
                next += run.size();
            } else {
                List<BookingCommand> run = runOf(BookingCommand.class, commands, next);
                verdicts.addAll(book(run, mayBeStored));
                next += run.size();
            }
        }
        verdicts.addAll(Collections.nCopies(commands.size() - verdicts.size(), last(verdicts)));
        return verdicts;
    }

    /** The commands of one kind from {@code from} on, up to the first of another kind. */
    private static <C> List<C> runOf(Class<C> kind, List<?> commands, int from) {
        List<C> run = new ArrayList<>();
        for (int i = from; i < commands.size() && kind.isInstance(commands.get(i)); i++) {
            run.add(kind.cast(commands.get(i)));
        }
        return run;
    }

    /**
     * A run of cancels or hold ends in one transaction ({@code all}; they come by the thousand: an
     * expiry storm, a show moved). When a constraint refuses the run, each command is tried in a
     * transaction of its own ({@code one}), so that each gets PostgreSQL's own verdict; when
     * PostgreSQL itself failed, the whole run waits, since it would fail each alike.
     */
    private <C> List<Verdict> together(List<C> run, Function<List<C>, List<Verdict>> all, Function<C, Verdict> one) {
        try {
            return all.apply(run);
        } catch (RuntimeException e) {
            if (Violation.of(e) == Violation.NONE) {
                return Collections.nCopies(run.size(), new Verdict.Retry(e));
            }
            log.debug("A run of {} commands failed; one transaction per command now", run.size(), e);
        }
        List<Verdict> verdicts = new ArrayList<>(run.size());
        for (C command : run) {
            verdicts.add(last(verdicts) instanceof Verdict.Retry retry ? retry : one.apply(command));
        }
        return verdicts;
    }

    private List<Verdict> book(List<BookingCommand> commands, boolean mayBeStored) {
        try {
            return bookAll(commands, mayBeStored);
        } catch (RuntimeException e) {
            // whatever failed, one transaction per command sorts it out: each refused command gets its
            // verdict, and if PostgreSQL itself is the problem the first of them finds out
            log.debug("A batch of {} booking commands failed; one transaction per command now",
                    commands.size(), e);
        }
        List<Verdict> verdicts = new ArrayList<>(commands.size());
        for (BookingCommand command : commands) {
            verdicts.add(last(verdicts) instanceof Verdict.Retry retry ? retry : bookOne(command));
        }
        return verdicts;
    }

    /**
     * The fast path: commands already stored (a redelivery) are answered from their row; the others
     * are inserted as CONFIRMED (plain INSERTs, sent as one JDBC batch), then each event's counter
     * moves once, in ascending event id so that concurrent batches lock the events rows in the same
     * order and cannot deadlock. Any constraint violation rolls back the whole batch.
     */
    private List<Verdict> bookAll(List<BookingCommand> commands, boolean mayBeStored) {
        Timer.Sample sample = metrics.startBatchTransaction();
        List<Booking> written = new ArrayList<>();
        List<Verdict> verdicts = transactions.execute(status -> {
            Map<Long, Booking> byId = new HashMap<>();
            if (mayBeStored) {
                bookings.findAllById(commands.stream().map(BookingCommand::bookingId).toList())
                        .forEach(stored -> byId.put(stored.getId(), stored));
            }
            List<Booking> inserted = commands.stream()
                    .filter(command -> !byId.containsKey(command.bookingId()))
                    .map(command -> Booking.live(command.bookingId(), command.eventId(), command.userId(),
                            command.quantity(), command.expiresAt(), command.idempotencyKey(), command.createdAt()))
                    .sorted(INSERT_ORDER)
                    .toList();
            bookings.saveAllAndFlush(inserted);
            written.addAll(inserted);
            inserted.stream()
                    .collect(Collectors.groupingBy(Booking::getEventId, TreeMap::new, Collectors.toList()))
                    .forEach((eventId, claims) -> events.addSeats(eventId, seats(claims, Origin.RESERVE),
                            seats(claims, Origin.HOLD)));
            inserted.forEach(booking -> byId.put(booking.getId(), booking));
            return commands.stream().<Verdict>map(command -> answer(byId.get(command.bookingId()))).toList();
        });
        metrics.batchTransactionCommitted(sample);
        written.forEach(metrics::committed);
        return verdicts;
    }

    private static int seats(List<Booking> claims, Origin origin) {
        return claims.stream().filter(claim -> claim.getOrigin() == origin).mapToInt(Booking::getQuantity).sum();
    }

    /**
     * The slow path, after a failed batch: the command alone, first as CONFIRMED, then, if a
     * constraint refuses that, as a REJECTED row naming the constraint. This ends after at most four
     * transactions: the reason only moves from none to a rejection and from a key-carrying to a
     * key-less row, and a primary-key violation means the row is committed, so the next attempt
     * reads it.
     */
    private Verdict bookOne(BookingCommand command) {
        String rejection = null;
        String idempotencyKey = command.idempotencyKey();
        while (true) {
            try {
                return store(command, rejection, idempotencyKey);
            } catch (RuntimeException e) {
                Violation violation = Violation.of(e);
                switch (violation) {
                    case ALREADY_BOOKED, SOLD_OUT -> rejection = violation.name();
                    case IDEMPOTENCY_KEY_REUSED -> {
                        rejection = violation.name();
                        // the key stays with the booking that holds it
                        idempotencyKey = null;
                    }
                    case BOOKING_EXISTS -> log.debug("Booking {} was committed by another delivery", command.bookingId());
                    case EVENT_NOT_FOUND, INVALID_COMMAND -> {
                        return unprocessable(command.bookingId(), command.eventId(), command.userId(), command.quantity(),
                                violation.name(), e);
                    }
                    case NONE -> {
                        return new Verdict.Retry(e);
                    }
                }
            }
        }
    }

    private Verdict store(BookingCommand command, String rejection, String idempotencyKey) {
        List<Booking> written = new ArrayList<>(1);
        Verdict verdict = transactions.execute(status -> bookings.findById(command.bookingId())
                .<Verdict>map(BookingManager::answer)
                .orElseGet(() -> {
                    Booking booking = rejection == null
                            ? Booking.live(command.bookingId(), command.eventId(), command.userId(),
                                    command.quantity(), command.expiresAt(), idempotencyKey, command.createdAt())
                            : Booking.rejected(command.bookingId(), command.eventId(), command.userId(),
                                    command.quantity(), command.expiresAt(), idempotencyKey, command.createdAt(),
                                    rejection);
                    bookings.saveAndFlush(booking);
                    if (booking.getStatus().live()) {
                        boolean held = booking.getOrigin() == Origin.HOLD;
                        events.addSeats(command.eventId(), held ? 0 : booking.getQuantity(),
                                held ? booking.getQuantity() : 0);
                    }
                    written.add(booking);
                    return answer(booking);
                }));
        written.forEach(metrics::committed);
        return verdict;
    }

    private Verdict cancelOne(CancelCommand command, boolean mayBeStored) {
        try {
            return cancelAll(List.of(command), mayBeStored).get(0);
        } catch (RuntimeException e) {
            if (Violation.of(e) == Violation.NONE) {
                return new Verdict.Retry(e);
            }
            // e.g. a counter already at 0 for a live booking: the CHECK keeps it from going negative
            return unprocessable(command.bookingId(), 0, command.userId(), 0, Violation.INVALID_COMMAND.name(), e);
        }
    }

    /**
     * Only a live booking of that user is cancelled, the run's in one statement; the seats of each
     * event go back once, in ascending event id, and to the event's waiting list first. Any other
     * booking is left as it is: its owner hears its current state (a repeated cancel finds it
     * CANCELLED), anyone else hears that it does not exist.
     */
    private List<Verdict> cancelAll(List<CancelCommand> run, boolean mayBeStored) {
        // read first, in a transaction of its own: a booking's event and seats never change
        Map<Long, Booking> found = transactions.execute(status -> bookings.findAllById(
                run.stream().map(CancelCommand::bookingId).toList()).stream()
                .collect(Collectors.toMap(Booking::getId, booking -> booking)));
        List<Long> owned = run.stream().filter(command -> owns(found.get(command.bookingId()), command))
                .map(CancelCommand::bookingId).distinct().toList();
        return transactions.execute(status -> {
            Instant now = Instant.now();
            Map<Long, Integer> freed = new TreeMap<>();
            if (!owned.isEmpty()) {
                bookings.cancelLive(owned, now).stream().map(found::get).forEach(booking ->
                        freed.merge(booking.getEventId(), booking.getQuantity(), Integer::sum));
            }
            // read before the event rows are locked: every commit that moves their seats waits for that lock
            Map<Long, Booking> after = bookings.findAllById(found.keySet()).stream()
                    .collect(Collectors.toMap(Booking::getId, booking -> booking));
            List<BookingOutcome> offers = new ArrayList<>();
            freed.forEach((eventId, seats) -> {
                events.addSeats(eventId, -seats, 0);
                // the seats go to the waiting list first, in this same transaction
                offers.addAll(offer(eventId, "cancel", Collections.nCopies(seats, now)));
            });
            List<Verdict> answers = new ArrayList<>(run.stream().map(command -> owns(after.get(command.bookingId()), command)
                    ? answer(after.get(command.bookingId()))
                    : notFound(command.bookingId(), command.userId(), "BOOKING_NOT_FOUND")).toList());
            // announced ahead of the whole run, whose cancels free the seats in Redis
            answers.set(0, ((Verdict.Answered) answers.get(0)).withOffers(announced(offers, found.values(), mayBeStored)));
            return answers;
        });
    }

    private static boolean owns(Booking booking, CancelCommand command) {
        return booking != null && booking.getUserId().equals(command.userId());
    }

    private Verdict endOne(HoldCommand command, boolean mayBeStored) {
        try {
            return endAll(List.of(command), mayBeStored).get(0);
        } catch (RuntimeException e) {
            Violation violation = Violation.of(e);
            if (violation == Violation.NONE) {
                return new Verdict.Retry(e);
            }
            Booking hold = transactions.execute(status -> bookings.findById(command.holdId()).orElseThrow());
            if (violation == Violation.SOLD_OUT) {
                // an expired hold's seats were taken again in Redis, yet PostgreSQL has no room for
                // them (Redis was behind): it stays EXPIRED, which booking-service answers 410
                return new Verdict.Answered(new BookingOutcome(hold.getId(), hold.getEventId(), hold.getUserId(),
                        hold.getQuantity(), BookingStatus.EXPIRED, Violation.SOLD_OUT.name(), hold.getCreatedAt(),
                        hold.getExpiresAt()), false);
            }
            return unprocessable(hold.getId(), hold.getEventId(), hold.getUserId(), hold.getQuantity(),
                    Violation.INVALID_COMMAND.name(), e);
        }
    }

    /**
     * The holds are read first (their event, holder and seats never change), then each command is
     * applied in hold id order (the order of a run's row locks, so that two consumers never wait for
     * each other in a cycle; commands of one hold keep their order): a confirm turns held seats into
     * booked ones (an expired hold's seats, which booking-service took again in Redis, are booked
     * anew, under the capacity CHECK), a release or an expiry gives them back. A hold in any other
     * state is left as it is, and its state is the answer: the late expiry of a confirmed hold frees
     * nothing. Someone else's hold is not found.
     */
    private List<Verdict> endAll(List<HoldCommand> run, boolean mayBeStored) {
        List<Long> ids = run.stream().map(HoldCommand::holdId).distinct().toList();
        Map<Long, Booking> holds = transactions.execute(status -> bookings.findAllById(ids).stream()
                .filter(found -> found.getOrigin() == Origin.HOLD)
                .collect(Collectors.toMap(Booking::getId, found -> found)));
        List<String> changes = new ArrayList<>();
        List<Verdict> verdicts = transactions.execute(status -> {
            Instant now = Instant.now();
            Map<Long, Moved> seats = new TreeMap<>();
            if (run.stream().allMatch(HoldCommand.Expire.class::isInstance)) {
                // a run of expiries alone (the due-expiry queue's, the sweep's) is one statement
                List<Long> expired = holds.isEmpty() ? List.of() : bookings.expireDue(holds.keySet(), now);
                expired.stream().map(holds::get).forEach(hold -> {
                    seats.computeIfAbsent(hold.getEventId(), id -> new Moved()).expire(hold);
                    changes.add("EXPIRED");
                });
            } else {
                run.stream().sorted(Comparator.comparingLong(HoldCommand::holdId)).forEach(command -> {
                    Booking hold = holds.get(command.holdId());
                    if (belongs(hold, command)) {
                        String changed = end(command, hold, now, seats.computeIfAbsent(hold.getEventId(), id -> new Moved()));
                        if (changed != null) {
                            changes.add(changed);
                        }
                    }
                });
            }
            // read before the event rows are locked: every commit that moves their seats waits for that lock
            Map<Long, Booking> ended = bookings.findAllById(holds.keySet()).stream()
                    .collect(Collectors.toMap(Booking::getId, found -> found));
            List<BookingOutcome> offers = new ArrayList<>();
            seats.forEach((eventId, moved) -> {
                if (moved.booked != 0 || moved.held != 0) {
                    events.addSeats(eventId, moved.booked, moved.held);
                }
                if (!moved.seatsBack.isEmpty()) {
                    // the seats go to the waiting list first, in this same transaction
                    offers.addAll(offer(eventId, moved.expired ? "expiry" : "release", moved.seatsBack));
                }
            });
            List<Verdict> answers = new ArrayList<>(run.stream().map(command -> belongs(holds.get(command.holdId()), command)
                    ? answer(ended.get(command.holdId()))
                    : notFound(command.holdId(), command.userId(), "HOLD_NOT_FOUND")).toList());
            // announced ahead of the whole run, whose ends free the seats in Redis
            answers.set(0, ((Verdict.Answered) answers.get(0)).withOffers(announced(offers, holds.values(), mayBeStored)));
            return answers;
        });
        changes.forEach(metrics::holdCommitted);
        return verdicts;
    }

    /** An expiry applies to anyone's hold; a confirm or release only to the holder's own. */
    private static boolean belongs(Booking hold, HoldCommand command) {
        return hold != null && (command.userId() == null || hold.getUserId().equals(command.userId()));
    }

    /**
     * What the ends of a run did to one event's seats: booked and held seats moved, and when each
     * seat given back came back (a release's now, an expired hold's {@code expires_at}).
     */
    private static final class Moved {
        int booked;
        int held;
        boolean expired;
        final List<Instant> seatsBack = new ArrayList<>();

        void giveBack(int quantity, Instant at) {
            held -= quantity;
            seatsBack.addAll(Collections.nCopies(quantity, at));
        }

        /** An expired hold's seats came back when its time was up. */
        void expire(Booking hold) {
            giveBack(hold.getQuantity(), hold.getExpiresAt());
            expired = true;
        }
    }

    /** @param seats the seats of the hold's event, moved by what this end changed */
    private String end(HoldCommand command, Booking hold, Instant now, Moved seats) {
        int quantity = hold.getQuantity();
        if (command instanceof HoldCommand.Confirm) {
            if (bookings.confirmHold(hold.getId(), hold.getUserId(), BookingStatus.HELD, now) == 1) {
                seats.booked += quantity;
                seats.held -= quantity;
                return "CONFIRMED";
            }
            if (bookings.confirmHold(hold.getId(), hold.getUserId(), BookingStatus.EXPIRED, now) == 1) {
                seats.booked += quantity;
                return "CONFIRMED";
            }
        } else if (command instanceof HoldCommand.Release) {
            if (bookings.releaseHold(hold.getId(), hold.getUserId(), now) == 1) {
                seats.giveBack(quantity, now);
                return "RELEASED";
            }
        } else if (bookings.expireDue(List.of(hold.getId()), now).size() == 1) {
            seats.expire(hold);
            return "EXPIRED";
        }
        return null;
    }

    /**
     * The waiting list's offers of the seats just given back to the event (PostgreSQL decides them:
     * {@code make_waitlist_offers} in V4), as HELD outcomes to announce. Called after the event's
     * counts moved, in the same transaction, whose lock on the event row orders it with joins.
     *
     * @param seatsBack when each seat given back came back
     */
    private List<BookingOutcome> offer(long eventId, String cause, List<Instant> seatsBack) {
        List<Booking> offers = bookings.makeWaitlistOffers(eventId);
        metrics.offersMade(offers, cause, seatsBack);
        return offers.stream().map(BookingOutcome::of).toList();
    }

    /**
     * The offers to announce ahead of a run: those its transaction made, and, when an earlier delivery
     * may have committed the run and died before announcing it (a redelivery whose claims had given
     * their seats back before this transaction began), every open offer of those claims' events,
     * which includes any that delivery made. Without them, cache-service would free the seats of the
     * run's ends before it knew that they were offered. Announced again, an offer changes nothing. A
     * redelivery that finds its claims as they were (an outage's retry) made its offers itself, and
     * announces no more, so that a recovering queue does not announce every open offer per batch.
     */
    private List<BookingOutcome> announced(List<BookingOutcome> made, Collection<Booking> claimsBefore,
            boolean mayBeStored) {
        List<Long> endedEvents = mayBeStored
                ? claimsBefore.stream().filter(claim -> GAVE_SEATS_BACK.contains(claim.getStatus()))
                        .map(Booking::getEventId).distinct().sorted().toList()
                : List.of();
        if (endedEvents.isEmpty()) {
            return made;
        }
        Map<Long, BookingOutcome> offers = new LinkedHashMap<>();
        made.forEach(offer -> offers.put(offer.bookingId(), offer));
        endedEvents.stream().flatMap(eventId -> bookings.findOpenOffers(eventId).stream())
                .forEach(offer -> offers.putIfAbsent(offer.getId(), BookingOutcome.of(offer)));
        return List.copyOf(offers.values());
    }

    /** Someone else's claim, or none: the sender hears it does not exist, and nothing is announced. */
    private static Verdict notFound(long id, String userId, String reason) {
        return new Verdict.Answered(new BookingOutcome(id, 0, userId, 0, BookingStatus.REJECTED, reason, null, null),
                false);
    }

    /**
     * Every state found or written is announced, a re-found one included: an earlier delivery may
     * have committed it and then died before its event was published.
     */
    private static Verdict.Answered answer(Booking booking) {
        return new Verdict.Answered(BookingOutcome.of(booking), true);
    }

    private static Verdict unprocessable(long bookingId, long eventId, String userId, int quantity, String reason,
            RuntimeException cause) {
        log.warn("Command for booking {} can never succeed ({}): {}", bookingId, reason, cause.toString());
        return new Verdict.Unprocessable(new BookingOutcome(bookingId, eventId, userId, quantity,
                BookingStatus.REJECTED, reason, null, null));
    }

    private static Verdict last(List<Verdict> verdicts) {
        return verdicts.isEmpty() ? null : verdicts.get(verdicts.size() - 1);
    }
}
