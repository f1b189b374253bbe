package dev.seatbooking.common.event;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface EventRepository extends JpaRepository<Event, Long> {

    /**
     * Moves the live-booking count; the events_seats_within_capacity CHECK rejects any change that
     * would oversell, which is what makes PostgreSQL the final guard of the seat rule.
     */
    @Modifying
    @Query(value = "UPDATE events SET booked_seats = booked_seats + :delta WHERE id = :id", nativeQuery = true)
    int addBookedSeats(@Param("id") long id, @Param("delta") int delta);
}
