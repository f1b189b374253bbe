package dev.seatbooking.worker.booking;

import java.sql.SQLException;
import java.util.Arrays;

import org.postgresql.util.PSQLException;

/**
 * PostgreSQL's verdict on a command, read from a failed transaction: which constraint of
 * db/migration/V1__booking_schema.sql it violated, by the constraint name PostgreSQL reports
 * (never by message text). Only an error PostgreSQL raised about the command's data (SQLState
 * class 23, integrity, or 22, data) is a verdict; any other failure (connection lost, rollback
 * failed, server shutting down, or a bug) says nothing about the command, which therefore waits
 * and is tried again rather than being refused. The reasons a command is answered with are the
 * names of ALREADY_BOOKED, SOLD_OUT, IDEMPOTENCY_KEY_REUSED, EVENT_NOT_FOUND and INVALID_COMMAND.
 */
enum Violation {

    /** the partial unique index: one live booking per user and event */
    ALREADY_BOOKED("bookings_one_live_per_user"),
    /** the CHECK that keeps booked_seats within 0..total_seats */
    SOLD_OUT("events_seats_within_capacity"),
    /** UNIQUE (idempotency_key): the key already belongs to another booking */
    IDEMPOTENCY_KEY_REUSED("bookings_idempotency_key_key"),
    /** the primary key: another delivery of this very command committed it first */
    BOOKING_EXISTS("bookings_pkey"),
    /** the foreign key to events */
    EVENT_NOT_FOUND("bookings_event_id_fkey"),
    /** any other refusal of the command's values (a NOT NULL column, a value too long, ...) */
    INVALID_COMMAND(null),
    /** no verdict: the failure is not about the command */
    NONE(null);

    private final String constraint;

    Violation(String constraint) {
        this.constraint = constraint;
    }

    /**
     * Hibernate and Spring wrap the driver's exception, and a JDBC batch hides it behind a
     * BatchUpdateException (as its cause or next exception), so both chains are searched.
     */
    static Violation of(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof PSQLException psql && psql.getServerErrorMessage() != null
                    && isAboutTheData(psql.getSQLState())) {
                String violated = psql.getServerErrorMessage().getConstraint();
                return Arrays.stream(values())
                        .filter(violation -> violation.constraint != null && violation.constraint.equals(violated))
                        .findFirst()
                        .orElse(INVALID_COMMAND);
            }
        }
        return NONE;
    }

    private static boolean isAboutTheData(String sqlState) {
        return sqlState.startsWith("23") || sqlState.startsWith("22");
    }

    private static Throwable next(Throwable t) {
        if (t.getCause() == null && t instanceof SQLException sql) {
            return sql.getNextException();
        }
        return t.getCause();
    }
}
