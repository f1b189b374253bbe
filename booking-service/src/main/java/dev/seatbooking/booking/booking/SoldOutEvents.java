package dev.seatbooking.booking.booking;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The events cache-service just found sold out, remembered for a moment, so that the storm of
 * requests after a sell-out is answered here without a lock, a booking id or a call to
 * cache-service. This only ever refuses, so it can never oversell. A seat this instance gives back
 * clears the mark at once; one freed elsewhere (another replica, a rejected or reconciled booking)
 * is offered again after at most {@code booking.reservation.sold-out-ttl}.
 */
@Component
class SoldOutEvents {

    /** Event id to the System.nanoTime() until which it counts as sold out. */
    private final ConcurrentHashMap<Long, Long> until = new ConcurrentHashMap<>();
    private final long ttlNanos;

    SoldOutEvents(ReservationProperties properties) {
        this.ttlNanos = properties.soldOutTtl().toNanos();
    }

    boolean isSoldOut(long eventId) {
        Long deadline = until.get(eventId);
        if (deadline == null) {
            return false;
        }
        if (System.nanoTime() - deadline < 0) {
            return true;
        }
        until.remove(eventId, deadline);
        return false;
    }

    void mark(long eventId) {
        if (ttlNanos > 0) {
            until.put(eventId, System.nanoTime() + ttlNanos);
        }
    }

    void seatFreed(long eventId) {
        until.remove(eventId);
    }
}
