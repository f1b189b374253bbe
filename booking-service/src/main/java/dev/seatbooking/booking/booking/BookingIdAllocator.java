package dev.seatbooking.booking.booking;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hands out booking ids before the row exists, so a 202 can already name its booking. Ids come
 * from PostgreSQL's booking_id_seq in blocks of the sequence's increment (one round trip per
 * block, unique across replicas and restarts), like Hibernate's pooled optimizer.
 */
@Component
class BookingIdAllocator {

    private final JdbcClient jdbc;
    private long next;
    private long limit;
    private long blockSize;

    BookingIdAllocator(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    synchronized long nextId() {
        if (next == limit) {
            if (blockSize == 0) {
                blockSize = jdbc.sql("SELECT increment_by FROM pg_sequences WHERE sequencename = 'booking_id_seq'")
                        .query(Long.class).single();
            }
            next = jdbc.sql("SELECT nextval('booking_id_seq')").query(Long.class).single();
            limit = next + blockSize;
        }
        return next++;
    }
}
