package dev.seatbooking.cache.hold;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.seatbooking.cache.CacheProperties;
import dev.seatbooking.cache.SeatKeys;
import dev.seatbooking.common.booking.BookingRepository;
import dev.seatbooking.common.booking.HolderFingerprint;
import dev.seatbooking.common.booking.SeatHolder;
import dev.seatbooking.common.event.Event;
import dev.seatbooking.common.event.EventRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.redisson.api.RLock;
import org.redisson.api.RScript.ReturnType;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Repairs the drift between the loaded events in Redis and PostgreSQL, the source of truth, that no
 * outcome will ever correct: above all the seat of a hold whose booking-service died before
 * publishing its command, which nobody releases once its pending record has expired.
 *
 * <p>Redis is read before PostgreSQL. A pending record is deleted only once its booking is committed
 * or released, so a holder that had none when Redis was read, and that PostgreSQL read afterwards
 * does not have as CONFIRMED under the same booking, holds a seat that nothing will free. Each
 * repair re-checks in Lua what the snapshot saw, so a hold or release meanwhile is never undone.
 */
@Component
class SeatReconciler implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(SeatReconciler.class);

    enum Repair { STALE_HOLDER, MISSING_HOLDER, CAPACITY }

    /** Holders read per Redis call: about a millisecond of Redis time each. */
    private static final int SNAPSHOT_CHUNK = 500;

    /** Bookings in flight that a fingerprint query leaves out; PostgreSQL's driver binds at most 32,767. */
    private static final int MAX_IN_FLIGHT_EXCLUDED = 10_000;

    /** What a pass found: the loaded events it looked at and the repairs it made. */
    record ReconcileReport(int events, Map<Repair, Long> repairs) {
    }

    private record HeldSeat(String bookingId, boolean pending) {
    }

    private record Snapshot(String capacity, Map<String, HeldSeat> holders) {

        /**
         * Whether PostgreSQL's CONFIRMED bookings, apart from those still in flight here, are exactly
         * the holders that are no longer in flight (compared by fingerprint). In flight, a booking
         * may or may not be committed yet, which is no drift.
         */
        boolean agreesWith(BookingRepository bookings, long eventId) {
            List<Long> settled = new ArrayList<>();
            List<Long> inFlight = new ArrayList<>(List.of(0L));
            holders.values().forEach(held -> (held.pending() ? inFlight : settled).add(Long.parseLong(held.bookingId())));
            if (inFlight.size() > MAX_IN_FLIGHT_EXCLUDED) {
                // more than one statement may bind (a long worker outage): compare row by row instead
                return false;
            }
            HolderFingerprint redis = new HolderFingerprint(settled.size(), settled.stream().mapToLong(Long::longValue).sum());
            return redis.equals(bookings.fingerprintSeatHolders(eventId, inFlight));
        }
    }

    private final RedissonClient redisson;
    private final SeatKeys keys;
    private final EventRepository events;
    private final BookingRepository bookings;
    private final Duration interval;
    private final LuaScript snapshotScript;
    private final LuaScript repairScript;
    private final Map<Repair, Counter> repairCounters = new EnumMap<>(Repair.class);
    private final Counter completedRuns;
    private final Counter skippedRuns;
    private final Counter failedRuns;

    SeatReconciler(RedissonClient redisson, SeatKeys keys, EventRepository events, BookingRepository bookings,
            CacheProperties properties, MeterRegistry meters) {
        this.redisson = redisson;
        this.keys = keys;
        this.events = events;
        this.bookings = bookings;
        this.interval = properties.reconcileInterval();
        this.snapshotScript = LuaScript.fromClasspath(redisson, "scripts/reconcile-snapshot.lua");
        this.repairScript = LuaScript.fromClasspath(redisson, "scripts/reconcile-repair.lua");
        for (Repair repair : Repair.values()) {
            repairCounters.put(repair, Counter.builder("booking.cache.reconcile.repairs")
                    .description("Drift between Redis and PostgreSQL repaired by reconciliation")
                    .tag("kind", repair.name().toLowerCase(Locale.ROOT))
                    .register(meters));
        }
        this.completedRuns = runs("completed", meters);
        this.skippedRuns = runs("skipped", meters);
        this.failedRuns = runs("failed", meters);
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        // the first pass waits as well, rather than add to the load of a starting instance
        registrar.addFixedDelayTask(new FixedDelayTask(this::scheduledPass, interval, interval));
    }

    /** One pass over every loaded event; empty when another instance is running one. */
    public Optional<ReconcileReport> reconcile() {
        RLock lock = redisson.getLock(keys.reconcileLock());
        // without a lease time Redisson extends the lock while this instance lives, however long the pass
        if (!lock.tryLock()) {
            skippedRuns.increment();
            return Optional.empty();
        }
        try {
            List<Long> loaded = redisson.getKeys()
                    .getKeysStream(KeysScanOptions.defaults().pattern(keys.eventCapacityPattern()))
                    .map(keys::eventIdOfCapacity)
                    .toList();
            Map<Repair, Long> repairs = new EnumMap<>(Repair.class);
            for (long eventId : loaded) {
                reconcile(eventId).forEach(repair -> repairs.merge(repair, 1L, Long::sum));
            }
            completedRuns.increment();
            return Optional.of(new ReconcileReport(loaded.size(), repairs));
        } finally {
            lock.unlock();
        }
    }

    private void scheduledPass() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            failedRuns.increment();
            log.warn("Reconciliation pass failed; the next one runs in {}", interval, e);
        }
    }

    private List<Repair> reconcile(long eventId) {
        Optional<Snapshot> snapshot = snapshot(eventId);
        if (snapshot.isEmpty()) {
            // unloaded since the scan; its rebuild reads PostgreSQL anyway
            return List.of();
        }
        Optional<Event> event = events.findById(eventId);
        if (event.isEmpty()) {
            log.debug("Event {} is loaded in Redis but unknown to PostgreSQL; left alone", eventId);
            return List.of();
        }
        String capacity = String.valueOf(event.get().getTotalSeats());
        if (capacity.equals(snapshot.get().capacity()) && snapshot.get().agreesWith(bookings, eventId)) {
            // nothing to repair: a large event need not be read row by row from PostgreSQL every pass
            return List.of();
        }
        Map<String, Long> confirmed = bookings.findSeatHolders(eventId).stream()
                .collect(Collectors.toMap(SeatHolder::userId, SeatHolder::bookingId));
        List<Repair> repairs = new ArrayList<>();
        if (!capacity.equals(snapshot.get().capacity())
                && redisson.getBucket(keys.eventCapacity(eventId), StringCodec.INSTANCE).setIfExists(capacity)) {
            log.warn("Reconciliation set the capacity of event {} to {} seats; Redis had {}", eventId, capacity,
                    snapshot.get().capacity());
            repairs.add(counted(Repair.CAPACITY));
        }
        snapshot.get().holders().forEach((userId, holder) -> {
            // a holder in flight is settled by its outcome, or else its pending record expires first
            if (holder.pending()) {
                return;
            }
            Long booking = confirmed.get(userId);
            if (booking == null) {
                if (repair(eventId, userId, holder.bookingId(), "")) {
                    log.warn("Reconciliation freed the seat of user {} in event {}: booking {} has no pending record "
                            + "and is not CONFIRMED in PostgreSQL", userId, eventId, holder.bookingId());
                    repairs.add(counted(Repair.STALE_HOLDER));
                }
            } else if (!booking.toString().equals(holder.bookingId())
                    && repair(eventId, userId, holder.bookingId(), booking.toString())) {
                log.warn("Reconciliation gave user {} in event {} the seat of CONFIRMED booking {} "
                        + "instead of booking {}", userId, eventId, booking, holder.bookingId());
                repairs.add(counted(Repair.MISSING_HOLDER));
            }
        });
        confirmed.forEach((userId, booking) -> {
            if (!snapshot.get().holders().containsKey(userId) && repair(eventId, userId, "", booking.toString())) {
                log.warn("Reconciliation gave user {} in event {} the seat of CONFIRMED booking {}; Redis had none",
                        userId, eventId, booking);
                repairs.add(counted(Repair.MISSING_HOLDER));
            }
        });
        return repairs;
    }

    /**
     * The event's holders, read a chunk at a time (HSCAN) so that a large event does not block
     * Redis; a holder that comes or goes meanwhile may be missed or seen, which the repairs' own
     * check in Lua makes harmless.
     */
    private Optional<Snapshot> snapshot(long eventId) {
        List<Object> scriptKeys = List.of(keys.eventCapacity(eventId), keys.eventHolders(eventId));
        Map<String, HeldSeat> holders = new HashMap<>();
        String capacity = null;
        String cursor = "0";
        do {
            List<String> reply = snapshotScript.call(ReturnType.LIST, scriptKeys, keys.pendingHoldPrefix(), cursor,
                    String.valueOf(SNAPSHOT_CHUNK));
            if (reply.isEmpty()) {
                return Optional.empty();
            }
            capacity = capacity == null ? reply.get(0) : capacity;
            cursor = reply.get(1);
            for (int i = 2; i < reply.size(); i += 3) {
                holders.put(reply.get(i), new HeldSeat(reply.get(i + 1), reply.get(i + 2).equals("1")));
            }
        } while (!cursor.equals("0"));
        return Optional.of(new Snapshot(capacity, holders));
    }

    /** Sets the user's seat to {@code booking} ('' frees it) if Redis still has {@code seen} ('' for none). */
    private boolean repair(long eventId, String userId, String seen, String booking) {
        List<Object> scriptKeys = new ArrayList<>(List.of(keys.eventCapacity(eventId), keys.eventHolders(eventId)));
        if (!seen.isEmpty()) {
            scriptKeys.add(keys.pendingHoldPrefix() + seen);
        }
        Long done = repairScript.call(ReturnType.LONG, scriptKeys, userId, seen, booking);
        return done == 1L;
    }

    private Repair counted(Repair repair) {
        repairCounters.get(repair).increment();
        return repair;
    }

    private static Counter runs(String outcome, MeterRegistry meters) {
        return Counter.builder("booking.cache.reconcile.runs")
                .description("Reconciliation passes by outcome; skipped while another instance runs one")
                .tag("outcome", outcome)
                .register(meters);
    }
}
