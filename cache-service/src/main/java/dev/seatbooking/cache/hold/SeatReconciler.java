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
import org.redisson.api.RMap;
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

    enum Repair { STALE_HOLDER, MISSING_HOLDER, CAPACITY, SETTINGS, TAKEN }

    /** Holders read per Redis call: about a millisecond of Redis time each. */
    private static final int SNAPSHOT_CHUNK = 500;

    /** Bookings in flight that a fingerprint query leaves out; PostgreSQL's driver binds at most 32,767. */
    private static final int MAX_IN_FLIGHT_EXCLUDED = 10_000;

    /** What a pass found: the loaded events it looked at and the repairs it made. */
    record ReconcileReport(int events, Map<Repair, Long> repairs) {
    }

    /** A holder's claim as Redis has it, {@code "claim id:seats"}, and whether it is still in flight. */
    private record HeldSeat(String claim, boolean pending) {

        long bookingId() {
            return Long.parseLong(claim.substring(0, claim.indexOf(':')));
        }

        int seats() {
            return Integer.parseInt(claim.substring(claim.indexOf(':') + 1));
        }
    }

    private record Snapshot(String capacity, long taken, Map<String, HeldSeat> holders) {

        /**
         * Whether PostgreSQL's live claims, apart from those still in flight here, are exactly the
         * holders that are no longer in flight (compared by fingerprint). In flight, a claim may or
         * may not be committed yet, which is no drift.
         */
        boolean agreesWith(BookingRepository bookings, long eventId) {
            List<HeldSeat> settled = new ArrayList<>();
            List<Long> inFlight = new ArrayList<>(List.of(0L));
            holders.values().forEach(held -> {
                if (held.pending()) {
                    inFlight.add(held.bookingId());
                } else {
                    settled.add(held);
                }
            });
            if (inFlight.size() > MAX_IN_FLIGHT_EXCLUDED) {
                // more than one statement may bind (a long worker outage): compare row by row instead
                return false;
            }
            HolderFingerprint redis = new HolderFingerprint(settled.size(),
                    settled.stream().mapToLong(HeldSeat::bookingId).sum(), settled.stream().mapToLong(HeldSeat::seats).sum());
            return redis.equals(bookings.fingerprintSeatHolders(eventId, inFlight));
        }

        long seatsOfHolders() {
            return holders.values().stream().mapToLong(HeldSeat::seats).sum();
        }
    }

    private final RedissonClient redisson;
    private final SeatKeys keys;
    private final EventRepository events;
    private final BookingRepository bookings;
    private final Duration interval;
    private final LuaScript snapshotScript;
    private final LuaScript repairScript;
    private final LuaScript recountScript;
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
        this.recountScript = LuaScript.fromClasspath(redisson, "scripts/recount.lua");
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
        List<Repair> repairs = new ArrayList<>();
        repairSettings(eventId, event.get()).ifPresent(repairs::add);
        String capacity = String.valueOf(event.get().getTotalSeats());
        if (!capacity.equals(snapshot.get().capacity())
                && redisson.getBucket(keys.eventCapacity(eventId), StringCodec.INSTANCE).setIfExists(capacity)) {
            log.warn("Reconciliation set the capacity of event {} to {} seats; Redis had {}", eventId, capacity,
                    snapshot.get().capacity());
            repairs.add(counted(Repair.CAPACITY));
        }
        if (!snapshot.get().agreesWith(bookings, eventId)) {
            repairHolders(eventId, snapshot.get(), repairs);
        }
        // read in chunks while claims came and went, the holders' seats may differ from the count
        // for no fault; counted again in one step, they tell
        if (!repairs.isEmpty() || snapshot.get().seatsOfHolders() != snapshot.get().taken()) {
            recount(eventId).ifPresent(repairs::add);
        }
        return repairs;
    }

    /**
     * Repairs each holder that PostgreSQL's live claims disagree with; a large event is read row by
     * row only here. The live claims get their seats before stale holders lose theirs: seats moving
     * from one to the other (a released hold's to the waiting-list offer made of them, when neither
     * outcome has reached Redis) would otherwise be free in between, for any hold to take from the
     * offer. This way the seats taken only go above the capacity meanwhile.
     */
    private void repairHolders(long eventId, Snapshot snapshot, List<Repair> repairs) {
        Map<String, String> live = bookings.findSeatHolders(eventId).stream()
                .collect(Collectors.toMap(SeatHolder::userId, holder -> holder.bookingId() + ":" + holder.quantity()));
        live.forEach((userId, claim) -> {
            if (!snapshot.holders().containsKey(userId) && repair(eventId, userId, "", claim)) {
                log.warn("Reconciliation gave user {} in event {} the seats of live claim {}; Redis had none",
                        userId, eventId, claim);
                repairs.add(counted(Repair.MISSING_HOLDER));
            }
        });
        // a holder in flight is settled by its outcome, or else its pending record expires first
        Map<String, HeldSeat> settled = snapshot.holders().entrySet().stream()
                .filter(holder -> !holder.getValue().pending())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        settled.forEach((userId, holder) -> {
            String claim = live.get(userId);
            if (claim != null && !claim.equals(holder.claim()) && repair(eventId, userId, holder.claim(), claim)) {
                log.warn("Reconciliation gave user {} in event {} the seats of live claim {} instead of claim {}",
                        userId, eventId, claim, holder.claim());
                repairs.add(counted(Repair.MISSING_HOLDER));
            }
        });
        settled.forEach((userId, holder) -> {
            if (!live.containsKey(userId) && repair(eventId, userId, holder.claim(), "")) {
                log.warn("Reconciliation freed the seats of user {} in event {}: claim {} has no pending record "
                        + "and is not live in PostgreSQL", userId, eventId, holder.claim());
                repairs.add(counted(Repair.STALE_HOLDER));
            }
        });
    }

    /** The hold script applies the settings Redis has: they must be PostgreSQL's (a PATCH that did not reach Redis). */
    private Optional<Repair> repairSettings(long eventId, Event event) {
        Map<String, String> expected = SeatState.settingsFields(event.settings());
        RMap<String, String> settings = redisson.getMap(keys.eventSettings(eventId), StringCodec.INSTANCE);
        if (expected.equals(settings.readAllMap()) || !settings.isExists()) {
            return Optional.empty();
        }
        settings.putAll(expected);
        log.warn("Reconciliation set the settings of event {} to PostgreSQL's: {}", eventId, expected);
        return Optional.of(counted(Repair.SETTINGS));
    }

    private Optional<Repair> recount(long eventId) {
        List<String> counted = recountScript.call(ReturnType.LIST,
                List.of(keys.eventCapacity(eventId), keys.eventHolders(eventId), keys.eventTaken(eventId)));
        if (counted.isEmpty() || counted.get(0).equals(counted.get(1))) {
            return Optional.empty();
        }
        log.warn("Reconciliation set the seats taken of event {} to {}, as its holders take; Redis had {}", eventId,
                counted.get(1), counted.get(0));
        return Optional.of(counted(Repair.TAKEN));
    }

    /**
     * The event's holders, read a chunk at a time (HSCAN) so that a large event does not block
     * Redis; a holder that comes or goes meanwhile may be missed or seen, which the repairs' own
     * check in Lua makes harmless.
     */
    private Optional<Snapshot> snapshot(long eventId) {
        List<Object> scriptKeys = List.of(keys.eventCapacity(eventId), keys.eventHolders(eventId), keys.eventTaken(eventId));
        Map<String, HeldSeat> holders = new HashMap<>();
        String capacity = null;
        long taken = 0;
        String cursor = "0";
        do {
            List<String> reply = snapshotScript.call(ReturnType.LIST, scriptKeys, keys.pendingHoldPrefix(), cursor,
                    String.valueOf(SNAPSHOT_CHUNK));
            if (reply.isEmpty()) {
                return Optional.empty();
            }
            capacity = capacity == null ? reply.get(0) : capacity;
            // the count as the last chunk saw it, against holders read across all of them
            taken = Long.parseLong(reply.get(1));
            cursor = reply.get(2);
            for (int i = 3; i < reply.size(); i += 3) {
                holders.put(reply.get(i), new HeldSeat(reply.get(i + 1), reply.get(i + 2).equals("1")));
            }
        } while (!cursor.equals("0"));
        return Optional.of(new Snapshot(capacity, taken, holders));
    }

    /** Sets the user's claim to {@code claim} ('' frees it) if Redis still has {@code seen} ('' for none). */
    private boolean repair(long eventId, String userId, String seen, String claim) {
        List<Object> scriptKeys = new ArrayList<>(List.of(keys.eventCapacity(eventId), keys.eventHolders(eventId),
                keys.eventTaken(eventId)));
        if (!seen.isEmpty()) {
            scriptKeys.add(keys.pendingHoldPrefix() + seen.substring(0, seen.indexOf(':')));
        }
        Long done = repairScript.call(ReturnType.LONG, scriptKeys, userId, seen, claim);
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
