package dev.seatbooking.common.booking;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * The claims on seats (bookings and holds). Every change of a claim's status names the state it
 * changes from, so that of two changes racing for one claim exactly one applies; queue-worker moves
 * the event's seat counts in the same transaction when one did.
 */
public interface BookingRepository extends JpaRepository<Booking, Long> {

    /** A user's bookings (not the holds that are not, or never became, bookings), newest first. */
    @Query(value = """
            select new dev.seatbooking.common.booking.BookingListItem(b.id, b.eventId, e.name, b.userId, b.quantity,
                b.status, b.createdAt)
            from Booking b join Event e on e.id = b.eventId
            where b.userId = :userId and b.status in (dev.seatbooking.common.booking.BookingStatus.CONFIRMED,
                dev.seatbooking.common.booking.BookingStatus.CANCELLED, dev.seatbooking.common.booking.BookingStatus.REJECTED)
            order by b.createdAt desc, b.id desc""",
            countQuery = """
            select count(b) from Booking b
            where b.userId = :userId and b.status in (dev.seatbooking.common.booking.BookingStatus.CONFIRMED,
                dev.seatbooking.common.booking.BookingStatus.CANCELLED, dev.seatbooking.common.booking.BookingStatus.REJECTED)""")
    Page<BookingListItem> findListByUserId(@Param("userId") String userId, Pageable pageable);

    /** The live holders of an event's seats (holds and bookings), to rebuild cache-service's Redis state from. */
    @Query("select new dev.seatbooking.common.booking.SeatHolder(b.userId, b.id, b.quantity) from Booking b "
            + "where b.eventId = :eventId and b.status in (dev.seatbooking.common.booking.BookingStatus.HELD, "
            + "dev.seatbooking.common.booking.BookingStatus.CONFIRMED)")
    List<SeatHolder> findSeatHolders(@Param("eventId") long eventId);

    /**
     * The event's live holders in brief, leaving out the given claims: a fingerprint to compare Redis
     * with. {@code except} must not be empty; ids are positive, so 0 stands for none.
     */
    @Query("select new dev.seatbooking.common.booking.HolderFingerprint(count(b), coalesce(sum(b.id), 0), "
            + "coalesce(sum(b.quantity), 0)) from Booking b "
            + "where b.eventId = :eventId and b.status in (dev.seatbooking.common.booking.BookingStatus.HELD, "
            + "dev.seatbooking.common.booking.BookingStatus.CONFIRMED) and b.id not in :except")
    HolderFingerprint fingerprintSeatHolders(@Param("eventId") long eventId, @Param("except") Collection<Long> except);

    /**
     * Cancels those of the bookings that are live, so that a repeated cancel changes nothing; the ids
     * of those it cancelled. Whose booking it is, the caller checks (a booking's user never changes).
     * The rows are locked in id order, so that two runs of cancels never wait for each other in a cycle.
     */
    @Query(value = """
            WITH live AS (SELECT id FROM bookings WHERE id IN (:ids) AND status = 'CONFIRMED' ORDER BY id FOR NO KEY UPDATE)
            UPDATE bookings b SET status = 'CANCELLED', updated_at = :now FROM live WHERE b.id = live.id
            RETURNING b.id""", nativeQuery = true)
    List<Long> cancelLive(@Param("ids") Collection<Long> ids, @Param("now") Instant now);

    /** The hold of that user becomes its booking, if it is still in state {@code from} (HELD or EXPIRED). */
    @Modifying
    @Query("update Booking b set b.status = dev.seatbooking.common.booking.BookingStatus.CONFIRMED, b.updatedAt = :now "
            + "where b.id = :id and b.userId = :userId and b.origin = dev.seatbooking.common.booking.Origin.HOLD "
            + "and b.status = :from")
    int confirmHold(@Param("id") long id, @Param("userId") String userId, @Param("from") BookingStatus from,
            @Param("now") Instant now);

    /** The hold of that user gives its seats back, if it is still HELD. */
    @Modifying
    @Query("update Booking b set b.status = dev.seatbooking.common.booking.BookingStatus.RELEASED, b.updatedAt = :now "
            + "where b.id = :id and b.userId = :userId and b.status = dev.seatbooking.common.booking.BookingStatus.HELD")
    int releaseHold(@Param("id") long id, @Param("userId") String userId, @Param("now") Instant now);

    /**
     * The holds expire, those still HELD whose time is up: a late or repeated expiry of a hold that was
     * confirmed or released meanwhile changes nothing. The ids of those it expired; the rows are
     * locked in id order, as {@link #cancelLive} does.
     */
    @Query(value = """
            WITH due AS (SELECT id FROM bookings WHERE id IN (:ids) AND status = 'HELD' AND expires_at <= :now
                         ORDER BY id FOR NO KEY UPDATE)
            UPDATE bookings b SET status = 'EXPIRED', updated_at = :now FROM due WHERE b.id = due.id
            RETURNING b.id""", nativeQuery = true)
    List<Long> expireDue(@Param("ids") Collection<Long> ids, @Param("now") Instant now);

    /** Of these claims, the ones PostgreSQL has live now (HELD or CONFIRMED). */
    @Query("select b.id from Booking b where b.id in :ids and b.status in "
            + "(dev.seatbooking.common.booking.BookingStatus.HELD, dev.seatbooking.common.booking.BookingStatus.CONFIRMED)")
    Set<Long> findLive(@Param("ids") Collection<Long> ids);

    /**
     * The waiting list's offers of the event's free seats, made now (db/migration/V4__waitlist.sql):
     * call it in the transaction that gives seats back, after the event's counts moved.
     */
    @Query(value = "SELECT * FROM make_waitlist_offers(:eventId)", nativeQuery = true)
    List<Booking> makeWaitlistOffers(@Param("eventId") long eventId);

    /** The event's open offers: the holds of its waiting list's entries that are still HELD. */
    @Query(value = """
            SELECT b.* FROM waitlist_entries w JOIN bookings b ON b.id = w.hold_id
            WHERE w.event_id = :eventId AND w.status = 'OFFERED' AND b.status = 'HELD' ORDER BY b.id""",
            nativeQuery = true)
    List<Booking> findOpenOffers(@Param("eventId") long eventId);

    /** The holds whose time was up by {@code dueBy}, longest overdue first. */
    @Query("select b.id from Booking b where b.status = dev.seatbooking.common.booking.BookingStatus.HELD "
            + "and b.expiresAt <= :dueBy order by b.expiresAt")
    List<Long> findDueHolds(@Param("dueBy") Instant dueBy, Pageable limit);
}
