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

    /**
     * What a join found: the event's free seats when its row was locked and whether they were fewer
     * than the join's quantity, the new entry's id (none when they were not, or the user waits
     * already) and whether the user waited already.
     */
    record Insertion(int freeSeats, boolean soldOut, Optional<Long> entry, boolean waitedAlready) {
    }

    /**
     * The entry, written only while fewer than {@code quantity} seats are free, in one statement that
     * commits by itself (no transaction is open here): the event row is share-locked before the seats
     * are read, in the mode that waits for every commit that moves them (and so makes offers) and makes
     * the next one wait, and only to this statement's commit, so that a join holds up those commits for
     * no round trip to the JVM. A seat that comes back is either seen free here, or its commit waits
     * and offers it to the list with this entry in it. Empty when the event does not exist.
     */
    Optional<Insertion> insertWhileSoldOut(long eventId, String userId, int quantity) {
        return jdbc.sql("""
                        WITH locked AS (
                            SELECT total_seats - booked_seats - held_seats AS free FROM events WHERE id = :event FOR SHARE),
                        event AS (SELECT free, free < :quantity AS sold_out FROM locked),
                        entry AS (
                            INSERT INTO waitlist_entries (event_id, user_id, quantity, status)
                            SELECT :event, :user, :quantity, 'WAITING' FROM event WHERE sold_out
                            ON CONFLICT (event_id, user_id) WHERE status = 'WAITING' DO NOTHING
                            RETURNING id)
                        SELECT free, sold_out, (SELECT id FROM entry) AS entry,
                               EXISTS (SELECT 1 FROM waitlist_entries w WHERE w.event_id = :event
                                       AND w.user_id = :user AND w.status = 'WAITING') AS waited
                        FROM event""")
                .param("event", eventId)
                .param("user", userId)
                .param("quantity", quantity)
                .query((rs, row) -> new Insertion(rs.getInt("free"), rs.getBoolean("sold_out"),
                        Optional.ofNullable(rs.getObject("entry", Long.class)), rs.getBoolean("waited")))
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
