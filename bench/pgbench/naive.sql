-- One booking per transaction; every client queues on the hot event's row lock.
-- ON CONFLICT DO NOTHING: a repeated random user must not abort the transaction and skew the tps.
\set n random(1, 2000000000)
BEGIN;
UPDATE events SET booked = booked + 1 WHERE id = 1 AND booked < total;
INSERT INTO bookings (event_id, user_id) VALUES (1, 'u' || :n) ON CONFLICT DO NOTHING;
COMMIT;
