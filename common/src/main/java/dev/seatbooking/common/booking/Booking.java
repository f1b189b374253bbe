package dev.seatbooking.common.booking;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/**
 * A booking row. Its id is chosen by booking-service before the row exists (so a 202 can name it),
 * hence {@link Persistable}: a new instance is inserted without Hibernate first selecting it.
 */
@Entity
@Table(name = "bookings")
public class Booking implements Persistable<Long> {

    @Id
    private Long id;

    @Column(name = "event_id", nullable = false, updatable = false)
    private long eventId;

    @Column(name = "user_id", nullable = false, updatable = false)
    private String userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private BookingStatus status;

    private String reason;

    @Column(name = "idempotency_key", updatable = false)
    private String idempotencyKey;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Transient
    private boolean isNew;

    protected Booking() {
    }

    private Booking(long id, long eventId, String userId, BookingStatus status, String reason,
            String idempotencyKey, Instant createdAt) {
        this.id = id;
        this.eventId = eventId;
        this.userId = userId;
        this.status = status;
        this.reason = reason;
        this.idempotencyKey = idempotencyKey;
        this.createdAt = createdAt;
        this.updatedAt = Instant.now();
        this.isNew = true;
    }

    public static Booking confirmed(long id, long eventId, String userId, String idempotencyKey, Instant createdAt) {
        return new Booking(id, eventId, userId, BookingStatus.CONFIRMED, null, idempotencyKey, createdAt);
    }

    public static Booking rejected(long id, long eventId, String userId, String idempotencyKey, Instant createdAt,
            String reason) {
        return new Booking(id, eventId, userId, BookingStatus.REJECTED, reason, idempotencyKey, createdAt);
    }

    @PostLoad
    @PostPersist
    void markNotNew() {
        this.isNew = false;
    }

    @Override
    public Long getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    public long getEventId() {
        return eventId;
    }

    public String getUserId() {
        return userId;
    }

    public BookingStatus getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
