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
 * A user's claim on seats of an event: a booking, or a hold (which, once confirmed, is the booking,
 * under the same id). Its id is chosen by booking-service before the row exists (so a 202 can name
 * it), hence {@link Persistable}: a new instance is inserted without Hibernate first selecting it.
 * Its status only changes through the conditional updates of {@link BookingRepository}, which say
 * from which state, so that two changes racing for one claim cannot both apply.
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

    @Column(nullable = false, updatable = false)
    private int quantity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private Origin origin;

    /** When a hold gives its seats back unless confirmed; null for a reserve. */
    @Column(name = "expires_at", updatable = false)
    private Instant expiresAt;

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

    private Booking(long id, long eventId, String userId, int quantity, Instant expiresAt, BookingStatus status,
            String reason, String idempotencyKey, Instant createdAt) {
        this.id = id;
        this.eventId = eventId;
        this.userId = userId;
        this.quantity = quantity;
        this.origin = expiresAt == null ? Origin.RESERVE : Origin.HOLD;
        this.expiresAt = expiresAt;
        this.status = status;
        this.reason = reason;
        this.idempotencyKey = idempotencyKey;
        this.createdAt = createdAt;
        this.updatedAt = Instant.now();
        this.isNew = true;
    }

    /** A claim as queue-worker first stores it: HELD until {@code expiresAt} for a hold, else CONFIRMED. */
    public static Booking live(long id, long eventId, String userId, int quantity, Instant expiresAt,
            String idempotencyKey, Instant createdAt) {
        return new Booking(id, eventId, userId, quantity, expiresAt,
                expiresAt == null ? BookingStatus.CONFIRMED : BookingStatus.HELD, null, idempotencyKey, createdAt);
    }

    public static Booking confirmed(long id, long eventId, String userId, String idempotencyKey, Instant createdAt) {
        return live(id, eventId, userId, 1, null, idempotencyKey, createdAt);
    }

    public static Booking rejected(long id, long eventId, String userId, int quantity, Instant expiresAt,
            String idempotencyKey, Instant createdAt, String reason) {
        return new Booking(id, eventId, userId, quantity, expiresAt, BookingStatus.REJECTED, reason, idempotencyKey,
                createdAt);
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

    public int getQuantity() {
        return quantity;
    }

    public Origin getOrigin() {
        return origin;
    }

    public Instant getExpiresAt() {
        return expiresAt;
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
