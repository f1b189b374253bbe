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
    message_id         UUID         NOT NULL REFERENCES webhook_messages (id),
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

-- Writes a notification for the subscribers of its type, if there are any (no subscriber: no row).
CREATE FUNCTION enqueue_webhook(kind TEXT, key TEXT, payload JSONB) RETURNS void
    LANGUAGE plpgsql AS
$$
DECLARE
    message UUID;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE deleted_at IS NULL AND kind = ANY (event_types)) THEN
        RETURN;
    END IF;
    INSERT INTO webhook_messages (type, ordering_key, data) VALUES (kind, key, payload) RETURNING id INTO message;
    INSERT INTO webhook_deliveries (subscription_id, message_id, ordering_key)
    SELECT id, message, key FROM webhook_subscriptions
    WHERE deleted_at IS NULL AND kind = ANY (event_types)
    ORDER BY id;
END;
$$;

-- Which notification each change of a booking row is, in one place. A hold and its booking are one
-- row (the booking keeps the hold's id), so both share the ordering key.
CREATE FUNCTION announce_booking() RETURNS trigger
    LANGUAGE plpgsql AS
$$
DECLARE
    key     TEXT := 'booking:' || NEW.id;
    payload JSONB := jsonb_strip_nulls(jsonb_build_object(
            'id', NEW.id, 'event_id', NEW.event_id, 'user_id', NEW.user_id, 'quantity', NEW.quantity,
            'status', NEW.status, 'reason', NEW.reason, 'origin', NEW.origin,
            'expires_at', webhook_time(NEW.expires_at), 'created_at', webhook_time(NEW.created_at)));
BEGIN
    IF TG_OP = 'INSERT' THEN
        CASE NEW.status
            WHEN 'HELD' THEN PERFORM enqueue_webhook('hold.created', key, payload);
            WHEN 'CONFIRMED' THEN PERFORM enqueue_webhook('booking.confirmed', key, payload);
            WHEN 'REJECTED' THEN PERFORM enqueue_webhook('booking.rejected', key, payload);
            ELSE NULL;
        END CASE;
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        CASE NEW.status
            WHEN 'CONFIRMED' THEN
                -- a hold confirmed (also one confirmed after it had expired, its seats taken anew)
                PERFORM enqueue_webhook('hold.confirmed', key, payload);
                PERFORM enqueue_webhook('booking.confirmed', key, payload);
            WHEN 'RELEASED' THEN PERFORM enqueue_webhook('hold.released', key, payload);
            WHEN 'EXPIRED' THEN PERFORM enqueue_webhook('hold.expired', key, payload);
            WHEN 'CANCELLED' THEN PERFORM enqueue_webhook('booking.cancelled', key, payload);
            ELSE NULL;
        END CASE;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER bookings_webhooks
    AFTER INSERT OR UPDATE OF status ON bookings
    FOR EACH ROW EXECUTE FUNCTION announce_booking();

-- An event is sold out when the commit takes its last free seat, held or booked; it can be again
-- after seats come back and are taken.
CREATE FUNCTION announce_sold_out() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF OLD.booked_seats + OLD.held_seats < OLD.total_seats AND NEW.booked_seats + NEW.held_seats >= NEW.total_seats THEN
        PERFORM enqueue_webhook('event.sold_out', 'event:' || NEW.id, jsonb_build_object(
                'event_id', NEW.id, 'total_seats', NEW.total_seats, 'booked_seats', NEW.booked_seats,
                'held_seats', NEW.held_seats));
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER events_webhooks
    AFTER UPDATE OF booked_seats, held_seats, total_seats ON events
    FOR EACH ROW EXECUTE FUNCTION announce_sold_out();
