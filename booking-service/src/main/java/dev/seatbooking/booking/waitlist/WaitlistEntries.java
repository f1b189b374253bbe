package dev.seatbooking.booking.waitlist;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

import dev.seatbooking.booking.waitlist.WaitlistEntryView.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The waiting list's SQL, in one place. Entries are written here (join, leave) and by PostgreSQL's
 * make_waitlist_offers() (offers, db/migration/V4__waitlist.sql); what became of an offer is read
 * from its hold, by waitlist_entry_status() (V5__waitlist_entry_status.sql), which the webhooks use too.
 */
@Repository
public class WaitlistEntries {

    private static final String VIEW = """
            SELECT w.id, w.event_id, w.user_id, w.quantity, waitlist_entry_status(w.status, b.status) AS status,
                   w.hold_id, w.created_at, b.expires_at AS offer_expires_at,
                   CASE WHEN w.status = 'WAITING' THEN (SELECT count(*) FROM waitlist_entries q
                       WHERE q.event_id = w.event_id AND q.status = 'WAITING' AND q.id <= w.id) END AS position
            FROM waitlist_entries w LEFT JOIN bookings b ON b.id = w.hold_id
            """;

    private final JdbcClient jdbc;

    WaitlistEntries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The event's rules a join is checked against. */
    record EventRules(int maxPerUser, boolean salesClosed) {
    }

    Optional<EventRules> rules(long eventId) {
        return jdbc.sql("SELECT max_per_user, status = 'CLOSED' OR sales_end <= now() AS sales_closed "
                        + "FROM events WHERE id = :id")
                .param("id", eventId)
                .query((rs, row) -> new EventRules(rs.getInt("max_per_user"), rs.getBoolean("sales_closed")))
                .optional();
    }

    /**
     * The event's free seats, its row share-locked until the transaction ends: in the mode that waits
     * for every commit that moves its seats (and so makes offers), and makes the next one wait for
     * this transaction. Taken last, just before the commit, so that joins hold up those commits as
     * briefly as can be.
     */
    int lockFreeSeats(long eventId) {
        return jdbc.sql("SELECT total_seats - booked_seats - held_seats FROM events WHERE id = :id FOR SHARE")
                .param("id", eventId)
                .query(Integer.class)
                .single();
    }

    /** The user's live claim on the event (a hold or booking): empty, or whether it is an open offer. */
    Optional<Boolean> liveClaimIsOffer(long eventId, String userId) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.hold_id = b.id) AS offer
                        FROM bookings b
                        WHERE b.event_id = :event AND b.user_id = :user AND b.status IN ('HELD', 'CONFIRMED')""")
                .param("event", eventId)
                .param("user", userId)
                .query(Boolean.class)
                .optional();
    }

    /** The new entry's id, or empty when the user waits already (the one-waiting-entry index). */
    Optional<Long> insert(long eventId, String userId, int quantity) {
        return jdbc.sql("""
                        INSERT INTO waitlist_entries (event_id, user_id, quantity, status)
                        VALUES (:event, :user, :quantity, 'WAITING')
                        ON CONFLICT (event_id, user_id) WHERE status = 'WAITING' DO NOTHING
                        RETURNING id""")
                .param("event", eventId)
                .param("user", userId)
                .param("quantity", quantity)
                .query(Long.class)
                .optional();
    }

    Optional<WaitlistEntryView> find(long entryId) {
        return jdbc.sql(VIEW + "WHERE w.id = :id").param("id", entryId).query(WaitlistEntries::view).optional();
    }

    /** True when the entry was WAITING and is LEFT now. */
    boolean leave(long entryId) {
        return jdbc.sql("UPDATE waitlist_entries SET status = 'LEFT', left_at = clock_timestamp() "
                        + "WHERE id = :id AND status = 'WAITING'")
                .param("id", entryId)
                .update() == 1;
    }

    private static WaitlistEntryView view(ResultSet rs, int row) throws SQLException {
        Status status = Status.valueOf(rs.getString("status"));
        Long holdId = rs.getObject("hold_id", Long.class);
        Long position = rs.getObject("position", Long.class);
        Timestamp offerExpires = rs.getTimestamp("offer_expires_at");
        return new WaitlistEntryView(rs.getLong("id"), rs.getLong("event_id"), rs.getString("user_id"),
                rs.getInt("quantity"), status, position == null ? null : position.intValue(), holdId,
                status == Status.OFFERED ? offerExpires.toInstant() : null, rs.getTimestamp("created_at").toInstant());
    }
}
