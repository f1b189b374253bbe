-- The waiting list of a sold-out event. Seats that come back (a booking cancelled, a hold released
-- or expired, capacity raised) go first to it, in order: the first waiting entry whose quantity fits
-- gets an offer, which is a hold of its own (confirmed through the holds API, expiring after the
-- event's waitlist_offer_ttl_seconds). Offers are made by make_waitlist_offers() in the transaction
-- that gives the seats back, so an offer is made exactly once, whatever restarts or Redis loses.

ALTER TABLE events
    ADD COLUMN waitlist_offer_ttl_seconds INTEGER NOT NULL DEFAULT 900
        CHECK (waitlist_offer_ttl_seconds BETWEEN 1 AND 604800);
-- the default was for the rows already there; the application's is in EventSettings
ALTER TABLE events ALTER COLUMN waitlist_offer_ttl_seconds DROP DEFAULT;

-- An entry is WAITING, then OFFERED (hold_id names its offer) or LEFT. What became of an offer is
-- its hold's state (confirmed: accepted; expired; released: declined), so it is not stored twice.
CREATE TABLE waitlist_entries (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id   BIGINT       NOT NULL REFERENCES events (id),
    user_id    VARCHAR(255) NOT NULL,
    quantity   INTEGER      NOT NULL CHECK (quantity BETWEEN 1 AND 50),
    status     VARCHAR(8)   NOT NULL CHECK (status IN ('WAITING', 'OFFERED', 'LEFT')),
    hold_id    BIGINT       UNIQUE,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    offered_at TIMESTAMPTZ,
    left_at    TIMESTAMPTZ,
    CONSTRAINT waitlist_offer_has_hold CHECK ((status = 'OFFERED') = (hold_id IS NOT NULL AND offered_at IS NOT NULL))
);
-- one waiting entry per user and event (a live offer is a live hold: bookings_one_live_per_user)
CREATE UNIQUE INDEX waitlist_one_waiting_per_user ON waitlist_entries (event_id, user_id) WHERE status = 'WAITING';
-- the queue of an event, in order
CREATE INDEX waitlist_queue ON waitlist_entries (event_id, id) WHERE status = 'WAITING';
CREATE INDEX waitlist_offers ON waitlist_entries (event_id) WHERE status = 'OFFERED';

-- An entry as its notifications show it, with its offer's hold when there is one.
CREATE FUNCTION webhook_waitlist_entry(w waitlist_entries, offer bookings) RETURNS JSONB
    LANGUAGE sql STABLE AS
$$
SELECT jsonb_strip_nulls(jsonb_build_object(
        'id', w.id, 'event_id', w.event_id, 'user_id', w.user_id, 'quantity', w.quantity,
        'status', CASE WHEN w.status = 'OFFERED' AND offer.status = 'EXPIRED' THEN 'EXPIRED' ELSE w.status END,
        'hold_id', w.hold_id, 'offer_expires_at', webhook_time(offer.expires_at),
        'created_at', webhook_time(w.created_at)))
$$;

-- The one place where seats go to the waiting list. Called in every transaction that gives seats of
-- the event back, after its counts moved: while the event is on sale, each waiting entry in order
-- whose quantity fits the free seats gets a HELD booking of them. The event row stays locked to the
-- end of the transaction, which orders offers and joins of one event (a join locks it too, so no one
-- joins unseen while seats are free). An entry whose user has a live claim on the event by now (a
-- hold or booking taken while seats were short of this entry's quantity) is passed over, still
-- WAITING. Returns the offers made, for queue-worker to announce to cache-service.
CREATE FUNCTION make_waitlist_offers(offering_event BIGINT) RETURNS SETOF bookings
    LANGUAGE plpgsql AS
$$
DECLARE
    e       events;
    free    INTEGER;
    offered INTEGER := 0;
    entry   waitlist_entries;
    offer   bookings;
    made    TIMESTAMPTZ;
    changes webhook_change[] := '{}';
BEGIN
    SELECT * INTO e FROM events WHERE id = offering_event FOR NO KEY UPDATE;
    IF NOT FOUND OR e.status <> 'ON_SALE' OR e.sales_end <= now() THEN
        RETURN;
    END IF;
    free := e.total_seats - e.booked_seats - e.held_seats;
    -- locked as read: an entry being left is offered nothing once its leaving commits
    FOR entry IN SELECT * FROM waitlist_entries w WHERE w.event_id = e.id AND w.status = 'WAITING' ORDER BY w.id
        FOR UPDATE
    LOOP
        EXIT WHEN free <= 0;
        CONTINUE WHEN entry.quantity > free;
        made := clock_timestamp();
        INSERT INTO bookings (id, event_id, user_id, status, quantity, origin, expires_at, created_at, updated_at)
        VALUES (nextval('booking_id_seq'), e.id, entry.user_id, 'HELD', entry.quantity, 'HOLD',
                made + make_interval(secs => e.waitlist_offer_ttl_seconds), made, made)
        ON CONFLICT (event_id, user_id) WHERE status IN ('HELD', 'CONFIRMED') DO NOTHING
        RETURNING * INTO offer;
        CONTINUE WHEN NOT FOUND;
        UPDATE waitlist_entries SET status = 'OFFERED', hold_id = offer.id, offered_at = made
        WHERE id = entry.id
        RETURNING * INTO entry;
        free := free - entry.quantity;
        offered := offered + entry.quantity;
        changes := changes || ROW('waitlist.offered', 'waitlist:' || entry.id,
                webhook_waitlist_entry(entry, offer))::webhook_change;
        RETURN NEXT offer;
    END LOOP;
    IF offered > 0 THEN
        UPDATE events SET held_seats = held_seats + offered WHERE id = e.id;
        PERFORM enqueue_webhooks(changes);
    END IF;
END;
$$;

-- An offer whose hold expires unconfirmed is announced by its entry. A trigger of its own, so that
-- V3's announce_bookings() stays the one place for the bookings' own notifications; it fires after
-- bookings_webhooks_updated (same event: triggers fire in name order).
CREATE FUNCTION announce_waitlist_expiries() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE deleted_at IS NULL) THEN
        RETURN NULL;
    END IF;
    PERFORM enqueue_webhooks(ARRAY(
        SELECT ROW('waitlist.expired', 'waitlist:' || w.id, webhook_waitlist_entry(w, n))::webhook_change
        FROM changed n
        JOIN previous o ON o.id = n.id AND o.status = 'HELD' AND n.status = 'EXPIRED'
        JOIN waitlist_entries w ON w.hold_id = n.id
        ORDER BY n.id));
    RETURN NULL;
END;
$$;

CREATE TRIGGER bookings_webhooks_waitlist
    AFTER UPDATE ON bookings
    REFERENCING OLD TABLE AS previous NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION announce_waitlist_expiries();
