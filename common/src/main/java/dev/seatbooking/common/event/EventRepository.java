package dev.seatbooking.common.event;

import java.util.Optional;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface EventRepository extends JpaRepository<Event, Long> {

    /**
     * Moves the event's seat counts; the events_seats_within_capacity CHECK rejects any change that
     * would put more seats under bookings and holds than the event has, which is what makes
     * PostgreSQL the final guard of the seat rule.
     */
    @Modifying
    @Query(value = "UPDATE events SET booked_seats = booked_seats + :booked, held_seats = held_seats + :held "
            + "WHERE id = :id", nativeQuery = true)
    int addSeats(@Param("id") long id, @Param("booked") int booked, @Param("held") int held);

    /** The event, locked for the rest of the transaction: a change of its settings against concurrent ones. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select e from Event e where e.id = :id")
    Optional<Event> findForUpdate(@Param("id") long id);

    /**
     * Whether seats the event gets back may be owed to its waiting list: someone waits, or an offer
     * just made is open. Such seats are freed in Redis only by cache-service, in the order of
     * queue-worker's outcomes, where the offers made of them come first.
     */
    @Query(value = """
            SELECT EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.event_id = :id AND w.status = 'WAITING')
                OR EXISTS (SELECT 1 FROM waitlist_entries w JOIN bookings b ON b.id = w.hold_id
                           WHERE w.event_id = :id AND w.status = 'OFFERED' AND b.status = 'HELD')""",
            nativeQuery = true)
    boolean mayOweSeatsToWaitlist(@Param("id") long id);

    /** Seats under live holds, across all events. */
    @Query(value = "SELECT coalesce(sum(held_seats), 0) FROM events", nativeQuery = true)
    long sumHeldSeats();
}
