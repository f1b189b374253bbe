package dev.seatbooking.common.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;

/**
 * An event, its capacity and its on-sale settings. The seat counts are queue-worker's, moved with
 * explicit UPDATEs in the same transaction as the claims (see {@link EventRepository}); they are
 * never written through this entity.
 */
@Entity
@Table(name = "events")
public class Event {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(name = "total_seats", nullable = false)
    private int totalSeats;

    @Column(name = "booked_seats", nullable = false, insertable = false, updatable = false)
    private int bookedSeats;

    @Column(name = "held_seats", nullable = false, insertable = false, updatable = false)
    private int heldSeats;

    @Column(name = "max_per_user", nullable = false)
    private int maxPerUser;

    @Column(name = "hold_ttl_seconds", nullable = false)
    private int holdTtlSeconds;

    @Column(name = "sales_start")
    private Instant salesStart;

    @Column(name = "sales_end")
    private Instant salesEnd;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private EventStatus status;

    @Column(name = "waitlist_offer_ttl_seconds", nullable = false)
    private int waitlistOfferTtlSeconds;

    /** Entries WAITING on the event's waiting list, counted when the event is read. */
    @Formula("(select count(*) from waitlist_entries w where w.event_id = id and w.status = 'WAITING')")
    private int waitlistSize;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected Event() {
    }

    public Event(String name, int totalSeats, EventSettings settings) {
        this.name = name;
        this.totalSeats = totalSeats;
        this.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        apply(settings);
    }

    /** With the defaults of the seed: one seat per user, a 10-minute hold, on sale now and for ever. */
    public Event(String name, int totalSeats) {
        this(name, totalSeats, EventSettings.DEFAULTS);
    }

    public void setTotalSeats(int totalSeats) {
        this.totalSeats = totalSeats;
    }

    public final void apply(EventSettings settings) {
        this.maxPerUser = settings.maxPerUser();
        this.holdTtlSeconds = settings.holdTtlSeconds();
        this.salesStart = settings.salesStart();
        this.salesEnd = settings.salesEnd();
        this.status = settings.status();
        this.waitlistOfferTtlSeconds = settings.waitlistOfferTtlSeconds();
    }

    public EventSettings settings() {
        return new EventSettings(maxPerUser, holdTtlSeconds, salesStart, salesEnd, status, waitlistOfferTtlSeconds);
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public int getTotalSeats() {
        return totalSeats;
    }

    public int getBookedSeats() {
        return bookedSeats;
    }

    public int getHeldSeats() {
        return heldSeats;
    }

    public int getWaitlistSize() {
        return waitlistSize;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
