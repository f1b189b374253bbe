package dev.seatbooking.cache.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import dev.seatbooking.cache.CacheProperties;
import dev.seatbooking.cache.CacheServiceTest;
import dev.seatbooking.cache.SeatKeys;
import dev.seatbooking.cache.hold.SeatReconciler.ReconcileReport;
import dev.seatbooking.cache.hold.SeatReconciler.Repair;
import dev.seatbooking.common.booking.Booking;
import dev.seatbooking.common.booking.BookingRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.seatbooking.common.cache.ClaimResponse;
import dev.seatbooking.common.cache.ClaimResult;
import dev.seatbooking.common.event.EventSettings;
import dev.seatbooking.common.event.EventStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RBucket;
import org.redisson.api.RLock;
import org.redisson.api.RMap;
import org.redisson.api.RScript.ReturnType;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.IntervalTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * Reconciliation passes against the real Redis and PostgreSQL. Each test has a key prefix of its
 * own, so that a pass, which covers every loaded event, sees only the events the test set up and
 * not what other tests of this run left behind.
 */
class SeatReconcilerTest extends CacheServiceTest {

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static final CacheProperties PROPERTIES =
            new CacheProperties(Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofMinutes(7));

    @Autowired
    private ScheduledTaskHolder scheduler;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private SeatKeys ownKeys;

    private SeatState seats;

    private SeatReconciler reconciler;

    @BeforeEach
    void ownKeyPrefix() {
        ownKeys = new SeatKeys(keys.keyPrefix() + "reconcile-" + PREFIXES.incrementAndGet() + ":");
        seats = new SeatState(redisson, ownKeys, PROPERTIES, meters);
        reconciler = new SeatReconciler(redisson, ownKeys, events, bookings, PROPERTIES, meters);
    }

    @Test
    void freesTheSeatsOfHoldersWithNeitherPendingRecordNorConfirmedBooking() {
        long eventId = loadedEvent(3);
        putHolder(eventId, "phantom", bookingId() + ":1");
        // a hold whose booking-service died before publishing: its pending record expired
        long expired = held(eventId, "expired");
        redisson.getKeys().delete(ownKeys.pendingHold(expired));

        assertThat(reconciler.reconcile()).contains(new ReconcileReport(1, Map.of(Repair.STALE_HOLDER, 2L)));

        assertThat(ownHolders(eventId).readAllMap()).isEmpty();
        assertThat(repairCounts()).isEqualTo(Map.of("stale_holder", 2.0, "missing_holder", 0.0, "capacity", 0.0, "settings", 0.0, "taken", 0.0));
    }

    @Test
    void readsALargeEventInChunksAndStillSeesEveryHolder() {
        long eventId = loadedEvent(5000);
        Map<String, String> phantoms = new HashMap<>();
        for (int i = 0; i < 2_345; i++) {
            phantoms.put("phantom-" + i, bookingId() + ":1");
        }
        ownHolders(eventId).putAll(phantoms);
        ownTaken(eventId).set(String.valueOf(phantoms.size()));
        long inFlight = held(eventId, "in-flight");

        assertThat(reconciler.reconcile()).contains(new ReconcileReport(1, Map.of(Repair.STALE_HOLDER, 2_345L)));

        assertThat(ownHolders(eventId).readAllMap()).containsOnlyKeys("in-flight");
        assertThat(seats.pendingClaim(inFlight)).isPresent();
    }

    @Test
    void anEventWhoseSettledHoldersMatchPostgresqlNeedsNoRepairWhateverIsInFlight() {
        long eventId = storedEvent("In agreement", 10);
        confirmedBooking(eventId, "ada");
        confirmedBooking(eventId, "bo");
        // committed already, but its outcome has not reached Redis: still in flight there
        long committedInFlight = confirmedBooking(eventId, "cy");
        seats.load(eventId, 10, EventSettings.DEFAULTS, bookings.findSeatHolders(eventId).stream()
                .filter(holder -> holder.bookingId() != committedInFlight).toList());
        seats.claimAll(List.of(holdRequest(eventId, committedInFlight, "cy")));
        held(eventId, "dee");
        List<String> rowReads = new ArrayList<>();
        SeatReconciler counting = new SeatReconciler(redisson, ownKeys, events, countingFindSeatHolders(rowReads),
                PROPERTIES, meters);

        assertThat(counting.reconcile()).contains(new ReconcileReport(1, Map.of()));
        assertThat(rowReads).as("the fingerprints agreed, so no row was read").isEmpty();

        putHolder(eventId, "phantom", bookingId() + ":1");
        assertThat(counting.reconcile()).contains(new ReconcileReport(1, Map.of(Repair.STALE_HOLDER, 1L)));
        assertThat(rowReads).hasSize(1);
    }

    /** The real repository, noting every call that reads an event's holders row by row. */
    private BookingRepository countingFindSeatHolders(List<String> calls) {
        return (BookingRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BookingRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findSeatHolders")) {
                        calls.add(method.getName());
                    }
                    try {
                        return method.invoke(bookings, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void givesConfirmedBookingsTheirSeatsBack() {
        long eventId = storedEvent("Reconciled", 3);
        long anna = confirmedBooking(eventId, "anna");
        long ben = confirmedBooking(eventId, "ben");
        long cleo = confirmedBooking(eventId, "cleo");
        seats.load(eventId, 3, EventSettings.DEFAULTS, bookings.findSeatHolders(eventId));
        removeHolder(eventId, "ben");
        ownHolders(eventId).put("cleo", bookingId() + ":1");

        assertThat(reconciler.reconcile()).contains(new ReconcileReport(1, Map.of(Repair.MISSING_HOLDER, 2L)));

        assertThat(ownHolders(eventId).readAllMap()).isEqualTo(
                Map.of("anna", anna + ":1", "ben", ben + ":1", "cleo", cleo + ":1"));
        assertThat(ownTaken(eventId).get()).isEqualTo("3");
        assertThat(repairCounts()).isEqualTo(Map.of("stale_holder", 0.0, "missing_holder", 2.0, "capacity", 0.0, "settings", 0.0, "taken", 0.0));
    }

    /**
     * Seats that reconciliation moves from stale holders to live claims Redis lacks (a released
     * hold's to the waiting-list offer made of them, while neither outcome has reached Redis) are
     * never free in between, or a hold could take them from the offer. Watched from another thread.
     */
    @Test
    void seatsMovedFromStaleHoldersToLiveClaimsAreNeverFreeInBetween() throws InterruptedException {
        int moved = 200;
        long eventId = storedEvent("Handed over", moved);
        for (int i = 0; i < moved; i++) {
            confirmedBooking(eventId, "live-" + i);
        }
        seats.load(eventId, moved, EventSettings.DEFAULTS, List.of());
        Map<String, String> stale = new HashMap<>();
        for (int i = 0; i < moved; i++) {
            stale.put("stale-" + i, bookingId() + ":1");
        }
        ownHolders(eventId).putAll(stale);
        ownTaken(eventId).set(String.valueOf(moved));
        AtomicLong leastTaken = new AtomicLong(Long.MAX_VALUE);
        AtomicBoolean reconciled = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!reconciled.get()) {
                leastTaken.accumulateAndGet(Long.parseLong(ownTaken(eventId).get()), Math::min);
            }
        });
        watcher.start();
        try {
            assertThat(reconciler.reconcile()).contains(new ReconcileReport(1,
                    Map.of(Repair.MISSING_HOLDER, (long) moved, Repair.STALE_HOLDER, (long) moved)));
        } finally {
            reconciled.set(true);
            watcher.join();
        }

        assertThat(leastTaken.get()).as("the fewest seats taken while reconciling").isEqualTo(moved);
        assertThat(ownTaken(eventId).get()).isEqualTo(String.valueOf(moved));
        assertThat(ownHolders(eventId).readAllMap()).hasSize(moved)
                .allSatisfy((user, claim) -> assertThat(user).startsWith("live-"));
    }

    @Test
    void leavesHoldsInFlightAlone() {
        long eventId = loadedEvent(3);
        long fresh = held(eventId, "fresh");
        // committed, but its outcome has not reached cache-service yet
        long committed = held(eventId, "committed");
        bookings.save(Booking.confirmed(committed, eventId, "committed", null, now()));

        assertThat(reconciler.reconcile()).contains(new ReconcileReport(1, Map.of()));

        assertThat(ownHolders(eventId).readAllMap()).isEqualTo(
                Map.of("fresh", fresh + ":1", "committed", committed + ":1"));
        assertThat(seats.pendingClaim(fresh)).isPresent();
        assertThat(repairCounts()).isEqualTo(Map.of("stale_holder", 0.0, "missing_holder", 0.0, "capacity", 0.0, "settings", 0.0, "taken", 0.0));
    }

    @Test
    void restoresTheCapacityOfPostgresql() {
        long eventId = loadedEvent(3);
        ownCapacity(eventId).set("30");

        assertThat(reconciler.reconcile()).contains(new ReconcileReport(1, Map.of(Repair.CAPACITY, 1L)));

        assertThat(ownCapacity(eventId).get()).isEqualTo("3");
        assertThat(repairCounts()).isEqualTo(Map.of("stale_holder", 0.0, "missing_holder", 0.0, "capacity", 1.0, "settings", 0.0, "taken", 0.0));
    }

    @Test
    void aSecondPassFindsNothingLeftToRepair() {
        long first = loadedEvent(2);
        putHolder(first, "phantom", bookingId() + ":1");
        ownCapacity(first).set("20");
        long second = storedEvent("Second", 2);
        confirmedBooking(second, "dora");
        seats.load(second, 2, EventSettings.DEFAULTS, List.of());
        reconciler.reconcile();

        assertThat(reconciler.reconcile()).contains(new ReconcileReport(2, Map.of()));

        assertThat(repairCounts()).isEqualTo(Map.of("stale_holder", 1.0, "missing_holder", 1.0, "capacity", 1.0, "settings", 0.0, "taken", 0.0));
        assertThat(runCounts()).isEqualTo(Map.of("completed", 2.0, "skipped", 0.0, "failed", 0.0));
    }

    @Test
    void anEventPostgresqlDoesNotKnowIsLeftAlone() {
        long eventId = redisOnlyEventId();
        seats.load(eventId, 1, EventSettings.DEFAULTS, List.of());
        putHolder(eventId, "redis-only", "7:1");

        assertThat(reconciler.reconcile()).contains(new ReconcileReport(1, Map.of()));

        assertThat(ownHolders(eventId).readAllMap()).containsOnlyKeys("redis-only");
    }

    @Test
    void aRepairFindingRedisChangedSinceTheSnapshotDoesNothing() {
        long eventId = loadedEvent(3);
        LuaScript repair = LuaScript.fromClasspath(redisson, "scripts/reconcile-repair.lua");
        long heldAgain = held(eventId, "held-again");
        putHolder(eventId, "held-since", "5:1");
        List<Object> eventKeys = List.of(ownKeys.eventCapacity(eventId), ownKeys.eventHolders(eventId),
                ownKeys.eventTaken(eventId));
        List<Object> withPendingOfFour = List.of(eventKeys.get(0), eventKeys.get(1), eventKeys.get(2),
                ownKeys.pendingHold(4));
        List<Object> withPendingOfHeldAgain = List.of(eventKeys.get(0), eventKeys.get(1), eventKeys.get(2),
                ownKeys.pendingHold(heldAgain));

        assertThat((Long) repair.call(ReturnType.LONG, withPendingOfHeldAgain, "held-again",
                heldAgain + ":1", "")).as("the claim seen has a pending record again").isZero();
        assertThat((Long) repair.call(ReturnType.LONG, eventKeys, "held-since", "", "6:1"))
                .as("a hold came in after the snapshot").isZero();
        assertThat((Long) repair.call(ReturnType.LONG, withPendingOfFour, "held-since", "4:1", ""))
                .as("another claim holds the seat now").isZero();
        redisson.getKeys().delete(ownKeys.eventCapacity(eventId));
        assertThat((Long) repair.call(ReturnType.LONG, eventKeys, "newcomer", "", "6:1"))
                .as("the event is no longer loaded").isZero();

        assertThat(ownHolders(eventId).readAllMap())
                .isEqualTo(Map.of("held-again", heldAgain + ":1", "held-since", "5:1"));
        assertThat(ownTaken(eventId).get()).isEqualTo("2");
    }

    @Test
    void restoresTheSettingsOfPostgresql() {
        long eventId = storedEvent("Settings", 5);
        seats.load(eventId, 5, new EventSettings(4, 60, null, null, EventStatus.CLOSED, 900), List.of());

        assertThat(reconciler.reconcile()).contains(new ReconcileReport(1, Map.of(Repair.SETTINGS, 1L)));

        assertThat(redisson.<String, String>getMap(ownKeys.eventSettings(eventId), StringCodec.INSTANCE).readAllMap())
                .isEqualTo(SeatState.settingsFields(EventSettings.DEFAULTS));
        assertThat(seats.claimAll(List.of(holdRequest(eventId, bookingId(), "after")))).singleElement()
                .satisfies(answer -> assertThat(answer).map(ClaimResponse::result).contains(ClaimResult.HELD));
    }

    @Test
    void countsTheSeatsTakenAgainWhenTheCountIsApartFromTheHolders() {
        long eventId = storedEvent("Miscounted", 5);
        long booked = confirmedBooking(eventId, "ella");
        seats.load(eventId, 5, EventSettings.DEFAULTS, bookings.findSeatHolders(eventId));
        ownTaken(eventId).set("4");

        assertThat(reconciler.reconcile()).contains(new ReconcileReport(1, Map.of(Repair.TAKEN, 1L)));

        assertThat(ownTaken(eventId).get()).isEqualTo("1");
        assertThat(ownHolders(eventId).readAllMap()).isEqualTo(Map.of("ella", booked + ":1"));
    }

    @Test
    void aPassIsSkippedWhileAnotherInstanceRunsOne() throws Exception {
        long eventId = loadedEvent(1);
        putHolder(eventId, "phantom", bookingId() + ":1");
        RLock lock = redisson.getLock(ownKeys.reconcileLock());
        lock.lock();
        try {
            // Redisson locks belong to a thread, so the other pass must come from another one
            assertThat(CompletableFuture.supplyAsync(reconciler::reconcile).get()).isEmpty();
        } finally {
            lock.unlock();
        }

        assertThat(ownHolders(eventId).readAllMap()).containsOnlyKeys("phantom");
        assertThat(runCounts()).isEqualTo(Map.of("completed", 0.0, "skipped", 1.0, "failed", 0.0));
    }

    @Test
    void aFailedScheduledPassIsCountedAndTheNextOneRetries() {
        IntervalTask task = scheduledTask(reconciler);
        assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofMinutes(7));
        assertThat(task.getInitialDelayDuration()).isEqualTo(Duration.ofMinutes(7));
        long eventId = loadedEvent(1);
        // a holders key of the wrong type makes Redis answer the snapshot with an error
        redisson.getBucket(ownKeys.eventHolders(eventId), StringCodec.INSTANCE).set("not a hash");

        assertThatNoException().isThrownBy(task.getRunnable()::run);
        assertThat(runCounts()).isEqualTo(Map.of("completed", 0.0, "skipped", 0.0, "failed", 1.0));
        assertThat(redisson.getLock(ownKeys.reconcileLock()).isLocked()).isFalse();

        redisson.getKeys().delete(ownKeys.eventHolders(eventId));
        task.getRunnable().run();
        assertThat(runCounts()).isEqualTo(Map.of("completed", 1.0, "skipped", 0.0, "failed", 1.0));
    }

    @Test
    void theServiceSchedulesAPassEveryConfiguredInterval() {
        assertThat(scheduler.getScheduledTasks()).map(ScheduledTask::getTask)
                .filteredOn(FixedDelayTask.class::isInstance).map(FixedDelayTask.class::cast)
                .singleElement()
                .satisfies(task -> assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofHours(1)));
    }

    private static IntervalTask scheduledTask(SeatReconciler reconciler) {
        ScheduledTaskRegistrar registrar = new ScheduledTaskRegistrar();
        reconciler.configureTasks(registrar);
        assertThat(registrar.getFixedDelayTaskList()).hasSize(1);
        return registrar.getFixedDelayTaskList().get(0);
    }

    /** An event PostgreSQL knows, loaded without holders. */
    private long loadedEvent(int capacity) {
        long eventId = storedEvent("Reconcile", capacity);
        seats.load(eventId, capacity, EventSettings.DEFAULTS, List.of());
        return eventId;
    }

    private long held(long eventId, String userId) {
        long bookingId = bookingId();
        assertThat(seats.claimAll(List.of(holdRequest(eventId, bookingId, userId))).get(0)).isPresent();
        return bookingId;
    }

    private RMap<String, String> ownHolders(long eventId) {
        return redisson.getMap(ownKeys.eventHolders(eventId), StringCodec.INSTANCE);
    }

    private RBucket<String> ownTaken(long eventId) {
        return redisson.getBucket(ownKeys.eventTaken(eventId), StringCodec.INSTANCE);
    }

    /** A holder as the scripts write one: in the hash and in the seats taken. */
    private void putHolder(long eventId, String userId, String claim) {
        ownHolders(eventId).put(userId, claim);
        redisson.getAtomicLong(ownKeys.eventTaken(eventId)).addAndGet(Long.parseLong(claim.substring(claim.indexOf(':') + 1)));
    }

    private void removeHolder(long eventId, String userId) {
        String claim = ownHolders(eventId).remove(userId);
        redisson.getAtomicLong(ownKeys.eventTaken(eventId)).addAndGet(-Long.parseLong(claim.substring(claim.indexOf(':') + 1)));
    }

    private RBucket<String> ownCapacity(long eventId) {
        return redisson.getBucket(ownKeys.eventCapacity(eventId), StringCodec.INSTANCE);
    }

    private Map<String, Double> repairCounts() {
        return counts("booking.cache.reconcile.repairs", "kind");
    }

    private Map<String, Double> runCounts() {
        return counts("booking.cache.reconcile.runs", "outcome");
    }

    private Map<String, Double> counts(String name, String tag) {
        return meters.find(name).counters().stream()
                .collect(Collectors.toMap(counter -> counter.getId().getTag(tag), Counter::count));
    }
}
