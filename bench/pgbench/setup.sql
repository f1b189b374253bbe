-- The naive design the issue measures against: the seed's one booking per transaction, guarded by
-- a counter on the hot event's row. A separate, throwaway database (bench/run.sh creates and drops
-- it), so the booking schema's extras (audit trigger, partial index) do not skew the baseline.
CREATE TABLE events (
    id     INTEGER PRIMARY KEY,
    booked INTEGER NOT NULL DEFAULT 0,
    total  INTEGER NOT NULL
);

CREATE TABLE bookings (
    id         BIGSERIAL PRIMARY KEY,
    event_id   INTEGER     NOT NULL REFERENCES events (id),
    user_id    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX bookings_one_per_user ON bookings (event_id, user_id);

-- never fills, so every transaction takes the row lock and books
INSERT INTO events (id, total) VALUES (1, 2000000000);
