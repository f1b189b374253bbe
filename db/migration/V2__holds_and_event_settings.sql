-- Seat holds (the buyer's seats kept while they pay, then confirmed, released or expired), several
-- seats per order, and the settings of an on-sale. PostgreSQL stays the final guard: whatever Redis
-- believes, no commit can put more seats under holds and bookings than the event has, nor give a
-- user two live claims on one event.

ALTER TABLE events
    -- seats one user may hold or own for the event (the seed's rule is 1)
    ADD COLUMN max_per_user     INTEGER     NOT NULL DEFAULT 1 CHECK (max_per_user BETWEEN 1 AND 50),
    ADD COLUMN hold_ttl_seconds INTEGER     NOT NULL DEFAULT 600 CHECK (hold_ttl_seconds BETWEEN 1 AND 86400),
    -- null: open from its creation, never closing
    ADD COLUMN sales_start      TIMESTAMPTZ,
    ADD COLUMN sales_end        TIMESTAMPTZ,
    ADD COLUMN status           VARCHAR(16) NOT NULL DEFAULT 'ON_SALE' CHECK (status IN ('ON_SALE', 'PAUSED', 'CLOSED')),
    -- seats under live holds; changed in the same transaction as the holds, as booked_seats is
    ADD COLUMN held_seats       INTEGER     NOT NULL DEFAULT 0,
    ADD CONSTRAINT events_sales_window CHECK (sales_start IS NULL OR sales_end IS NULL OR sales_end > sales_start);

-- the defaults above were for the rows already there; from here on the application sets them
-- (its defaults are in EventSettings, in one place)
ALTER TABLE events
    ALTER COLUMN max_per_user DROP DEFAULT,
    ALTER COLUMN hold_ttl_seconds DROP DEFAULT,
    ALTER COLUMN status DROP DEFAULT;

-- booked_seats now counts seats (a booking may take several), and held seats count against the
-- capacity too. Same name as before: queue-worker reads a violation of it as SOLD_OUT.
ALTER TABLE events DROP CONSTRAINT events_seats_within_capacity;
ALTER TABLE events ADD CONSTRAINT events_seats_within_capacity
    CHECK (booked_seats >= 0 AND held_seats >= 0 AND booked_seats + held_seats <= total_seats);

-- A row is a user's claim on seats of an event. A reserve writes it CONFIRMED at once; a hold writes
-- it HELD with an expiry, and it ends once: CONFIRMED (the buyer paid: it is then a booking, under
-- the same id), RELEASED or EXPIRED. A booking may be CANCELLED later; REJECTED is PostgreSQL's
-- refusal of a claim Redis had admitted.
ALTER TABLE bookings
    ADD COLUMN quantity   INTEGER    NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 50),
    ADD COLUMN origin     VARCHAR(8) NOT NULL DEFAULT 'RESERVE' CHECK (origin IN ('RESERVE', 'HOLD')),
    ADD COLUMN expires_at TIMESTAMPTZ,
    ADD CONSTRAINT bookings_hold_expires CHECK ((origin = 'HOLD') = (expires_at IS NOT NULL));
ALTER TABLE bookings
    ALTER COLUMN quantity DROP DEFAULT,
    ALTER COLUMN origin DROP DEFAULT;
ALTER TABLE bookings DROP CONSTRAINT bookings_status_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_status_check
    CHECK (status IN ('HELD', 'CONFIRMED', 'CANCELLED', 'REJECTED', 'EXPIRED', 'RELEASED'));

-- one live claim per user and event: a live hold and a booking count alike
DROP INDEX bookings_one_live_per_user;
CREATE UNIQUE INDEX bookings_one_live_per_user ON bookings (event_id, user_id) WHERE status IN ('HELD', 'CONFIRMED');

-- the expiry sweep's question: the holds due
CREATE INDEX bookings_held_by_expiry ON bookings (expires_at) WHERE status = 'HELD';

ALTER TABLE booking_audit ADD COLUMN quantity INTEGER NOT NULL DEFAULT 1;
ALTER TABLE booking_audit ALTER COLUMN quantity DROP DEFAULT;

CREATE OR REPLACE FUNCTION record_booking_audit() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO booking_audit (booking_id, event_id, user_id, action, reason, quantity)
        VALUES (NEW.id, NEW.event_id, NEW.user_id,
                CASE NEW.status WHEN 'CONFIRMED' THEN 'BOOKED' ELSE NEW.status END, NEW.reason, NEW.quantity);
    END IF;
    RETURN NULL;
END;
$$;
