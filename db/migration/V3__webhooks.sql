-- Signed webhooks for every outcome, through a transactional outbox: the triggers below write a
-- notification, and one delivery per subscriber, in the very transaction that changes a booking or
-- an event, so that no code path can commit an outcome unannounced, and no rolled-back change is
-- ever announced. queue-worker relays the deliveries through RabbitMQ and makes the HTTP calls.

CREATE TABLE webhook_subscriptions (
    id          UUID          PRIMARY KEY,
    url         VARCHAR(2048) NOT NULL,
    event_types TEXT[]        NOT NULL CHECK (cardinality(event_types) > 0),
    -- the Standard Webhooks signing secret (whsec_ and base64); shown to the client once, at creation
    secret      VARCHAR(128)  NOT NULL,
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    -- a deleted subscription is kept while its deliveries are, so that their history stays readable
    deleted_at  TIMESTAMPTZ
);

-- One notification: its id is the Webhook-Id header and the body's id, the same on every attempt.
CREATE TABLE webhook_messages (
    id           UUID        PRIMARY KEY DEFAULT gen_random_uuid(),
    type         VARCHAR(32) NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    -- deliveries of one key reach a subscriber in the order they were written (one per booking)
    ordering_key VARCHAR(64) NOT NULL,
    data         JSONB       NOT NULL
);

-- A notification on its way to one subscriber. PENDING until the subscriber answers 2xx
-- (DELIVERED), the retries run out (FAILED) or the subscription is deleted (CANCELLED).
CREATE TABLE webhook_deliveries (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscription_id    UUID         NOT NULL REFERENCES webhook_subscriptions (id),
    -- no foreign key: the trigger writes both in one statement, and the check of one (planned while
    -- the table was small, a sequential scan, and kept) took queue-worker's commits from 550 to 43
    -- a second once the table had grown (bench/pgbench/outbox.sh)
    message_id         UUID         NOT NULL,
    ordering_key       VARCHAR(64)  NOT NULL,
    status             VARCHAR(16)  NOT NULL DEFAULT 'PENDING'
                           CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')),
    attempts           INTEGER      NOT NULL DEFAULT 0,
    -- the relay (re)publishes a PENDING delivery once this is past: at once when written, and again
    -- only if the message it published was lost (the deliverer moves it on with every attempt)
    relay_after        TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    -- no attempt before this (the back-off)
    next_attempt_at    TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    -- set while an attempt runs, so that a duplicate message does not make a second one
    attempt_until      TIMESTAMPTZ,
    last_response_code INTEGER,
    last_error         VARCHAR(255),
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    finished_at        TIMESTAMPTZ
);
CREATE INDEX webhook_deliveries_to_relay ON webhook_deliveries (relay_after) WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_in_order ON webhook_deliveries (subscription_id, ordering_key, id)
    WHERE status = 'PENDING';
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, id DESC);
CREATE INDEX webhook_deliveries_by_message ON webhook_deliveries (message_id);
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (finished_at) WHERE finished_at IS NOT NULL;

CREATE FUNCTION webhook_time(moment TIMESTAMPTZ) RETURNS TEXT
    LANGUAGE sql IMMUTABLE AS
$$ SELECT to_char(moment AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

-- A notification to write: its type, ordering key and data.
CREATE TYPE webhook_change AS (kind TEXT, ordering_key TEXT, data JSONB);

-- Writes the notifications that have subscribers, in the order given, with one delivery per
-- subscriber; the deliveries' ids keep that order (the deliverer keeps each key's order by them).
CREATE FUNCTION enqueue_webhooks(changes webhook_change[]) RETURNS void
    LANGUAGE sql AS
$$
WITH wanted AS MATERIALIZED (
    SELECT gen_random_uuid() AS id, c.kind, c.ordering_key, c.data, c.n
    FROM unnest(changes) WITH ORDINALITY AS c(kind, ordering_key, data, n)
    WHERE EXISTS (SELECT 1 FROM webhook_subscriptions s WHERE s.deleted_at IS NULL AND c.kind = ANY (s.event_types))
), messages AS (
    INSERT INTO webhook_messages (id, type, ordering_key, data)
    SELECT id, kind, ordering_key, data FROM wanted
)
INSERT INTO webhook_deliveries (subscription_id, message_id, ordering_key)
SELECT s.id, w.id, w.ordering_key
FROM wanted w
JOIN webhook_subscriptions s ON s.deleted_at IS NULL AND w.kind = ANY (s.event_types)
ORDER BY w.n, s.id;
$$;

-- A booking or hold as its notifications show it.
CREATE FUNCTION webhook_booking(b bookings) RETURNS JSONB
    LANGUAGE sql STABLE AS
$$
SELECT jsonb_strip_nulls(jsonb_build_object(
        'id', b.id, 'event_id', b.event_id, 'user_id', b.user_id, 'quantity', b.quantity, 'status', b.status,
        'reason', b.reason, 'origin', b.origin, 'expires_at', webhook_time(b.expires_at),
        'created_at', webhook_time(b.created_at)))
$$;

-- Which notifications each change of a booking row is, in one place. A hold and its booking are one
-- row (the booking keeps the hold's id), so they share the ordering key. Once per statement (a
-- batch of bookings is one INSERT): without a subscription, that is one cheap look at a tiny table.
CREATE FUNCTION announce_bookings() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    changes webhook_change[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE deleted_at IS NULL) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(ROW(t.kind, 'booking:' || n.id, webhook_booking(n))::webhook_change ORDER BY n.id)
        INTO changes
        FROM changed n
        CROSS JOIN LATERAL unnest(CASE n.status
            WHEN 'HELD' THEN ARRAY['hold.created']
            WHEN 'CONFIRMED' THEN ARRAY['booking.confirmed']
            WHEN 'REJECTED' THEN ARRAY['booking.rejected'] END) AS t(kind);
    ELSE
        SELECT array_agg(ROW(t.kind, 'booking:' || n.id, webhook_booking(n))::webhook_change ORDER BY n.id, t.rank)
        INTO changes
        FROM changed n
        JOIN previous o ON o.id = n.id AND o.status IS DISTINCT FROM n.status
        CROSS JOIN LATERAL unnest(CASE n.status
            -- a hold confirmed (also one confirmed after it had expired, its seats taken anew)
            WHEN 'CONFIRMED' THEN ARRAY['hold.confirmed', 'booking.confirmed']
            WHEN 'RELEASED' THEN ARRAY['hold.released']
            WHEN 'EXPIRED' THEN ARRAY['hold.expired']
            WHEN 'CANCELLED' THEN ARRAY['booking.cancelled'] END) WITH ORDINALITY AS t(kind, rank);
    END IF;
    PERFORM enqueue_webhooks(changes);
    RETURN NULL;
END;
$$;

CREATE TRIGGER bookings_webhooks_inserted
    AFTER INSERT ON bookings
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION announce_bookings();

CREATE TRIGGER bookings_webhooks_updated
    AFTER UPDATE ON bookings
    REFERENCING OLD TABLE AS previous NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION announce_bookings();

-- An event is sold out when the commit takes its last free seat, held or booked; it can be again
-- after seats come back and are taken.
CREATE FUNCTION announce_sold_out() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF OLD.booked_seats + OLD.held_seats < OLD.total_seats AND NEW.booked_seats + NEW.held_seats >= NEW.total_seats THEN
        PERFORM enqueue_webhooks(ARRAY[ROW('event.sold_out', 'event:' || NEW.id, jsonb_build_object(
                'event_id', NEW.id, 'total_seats', NEW.total_seats, 'booked_seats', NEW.booked_seats,
                'held_seats', NEW.held_seats))::webhook_change]);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER events_webhooks
    AFTER UPDATE OF booked_seats, held_seats, total_seats ON events
    FOR EACH ROW EXECUTE FUNCTION announce_sold_out();
