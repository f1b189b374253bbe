package dev.seatbooking.common.booking;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface BookingRepository extends JpaRepository<Booking, Long> {

    @Query(value = """
            select new dev.seatbooking.common.booking.BookingListItem(b.id, b.eventId, e.name, b.userId, b.status, b.createdAt)
            from Booking b join Event e on e.id = b.eventId
            where b.userId = :userId
            order by b.createdAt desc, b.id desc""",
            countQuery = "select count(b) from Booking b where b.userId = :userId")
    Page<BookingListItem> findListByUserId(@Param("userId") String userId, Pageable pageable);

    /** The live holders of an event's seats, to rebuild cache-service's Redis state from. */
    @Query("select new dev.seatbooking.common.booking.SeatHolder(b.userId, b.id) from Booking b "
            + "where b.eventId = :eventId and b.status = dev.seatbooking.common.booking.BookingStatus.CONFIRMED")
    List<SeatHolder> findSeatHolders(@Param("eventId") long eventId);

    /**
     * The event's live holders in brief (how many, the sum of their booking ids), leaving out the
     * given bookings: a fingerprint to compare Redis with. {@code except} must not be empty; booking
     * ids are positive, so 0 stands for none.
     */
    @Query("select new dev.seatbooking.common.booking.HolderFingerprint(count(b), coalesce(sum(b.id), 0)) from Booking b "
            + "where b.eventId = :eventId and b.status = dev.seatbooking.common.booking.BookingStatus.CONFIRMED "
            + "and b.id not in :except")
    HolderFingerprint fingerprintSeatHolders(@Param("eventId") long eventId, @Param("except") Collection<Long> except);

    /** Cancels only a live booking of that user, so a repeated or foreign cancel changes nothing. */
    @Modifying
    @Query("update Booking b set b.status = dev.seatbooking.common.booking.BookingStatus.CANCELLED, b.updatedAt = :now "
            + "where b.id = :id and b.userId = :userId and b.status = dev.seatbooking.common.booking.BookingStatus.CONFIRMED")
    int cancelLive(@Param("id") long id, @Param("userId") String userId, @Param("now") Instant now);
}
