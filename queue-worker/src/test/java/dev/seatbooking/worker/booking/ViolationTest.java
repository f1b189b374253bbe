package dev.seatbooking.worker.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import org.hibernate.TransactionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Failures as the stack delivers them: only PostgreSQL's own refusal of the command's data is a
 * verdict; everything else must leave the command waiting (the cases seen against the real
 * database are in BookingManagerTest).
 */
class ViolationTest {

    @Test
    void aConstraintIsRecognisedByTheNamePostgresReports() {
        assertThat(Violation.of(new DataIntegrityViolationException("duplicate", refusal("23505", "bookings_pkey"))))
                .isEqualTo(Violation.BOOKING_EXISTS);
        assertThat(Violation.of(new DataIntegrityViolationException("check", refusal("23514", "events_seats_within_capacity"))))
                .isEqualTo(Violation.SOLD_OUT);
    }

    @Test
    void aJdbcBatchHidesTheDriversErrorBehindItsNextException() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "23503", new int[0]);
        batch.setNextException(refusal("23503", "bookings_event_id_fkey"));

        assertThat(Violation.of(new DataIntegrityViolationException("could not execute batch", batch)))
                .isEqualTo(Violation.EVENT_NOT_FOUND);
    }

    @Test
    void anUnnamedRefusalOfTheDataMakesTheCommandInvalid() {
        assertThat(Violation.of(new DataIntegrityViolationException("too long", refusal("22001", null))))
                .isEqualTo(Violation.INVALID_COMMAND);
    }

    @Test
    void failuresThatAreNotAboutTheCommandGiveNoVerdict() {
        // the rollback after a killed connection, which hides the original error
        assertThat(Violation.of(new JpaSystemException(new TransactionException("Unable to rollback against JDBC Connection",
                new SQLException("Connection is closed"))))).isEqualTo(Violation.NONE);
        assertThat(Violation.of(new JpaSystemException(new RuntimeException(refusal("57P01", null)))))
                .isEqualTo(Violation.NONE);
        assertThat(Violation.of(new CannotCreateTransactionException("no connection",
                new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT))))
                .isEqualTo(Violation.NONE);
        // a schema that does not match the code is a deployment to fix, not a command to refuse
        assertThat(Violation.of(new JpaSystemException(new RuntimeException(refusal("42703", null)))))
                .isEqualTo(Violation.NONE);
        assertThat(Violation.of(new IllegalStateException("bug"))).isEqualTo(Violation.NONE);
    }

    /** An error as PostgreSQL sends it: severity, SQLState, message and the violated constraint. */
    private static PSQLException refusal(String sqlState, String constraint) {
        String fields = "SERROR\0C" + sqlState + "\0Mrefused\0" + (constraint == null ? "" : "n" + constraint + "\0");
        return new PSQLException(new ServerErrorMessage(fields));
    }
}
