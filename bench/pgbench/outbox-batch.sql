-- One of queue-worker's batch transactions, as it commits a burst of reserves: 50 new CONFIRMED
-- bookings of one event in one INSERT, then the event's counter moved once (BookingManager.bookAll).
-- The event is one of 100 (set up by outbox.sh), so that the clients measure the rows' cost rather
-- than queue on one event's row lock.
\set event random(1, 100)
BEGIN;
INSERT INTO bookings (id, event_id, user_id, status, quantity, origin, created_at, updated_at)
SELECT nextval('booking_id_seq'), :event, md5(random()::text || g), 'CONFIRMED', 1, 'RESERVE', now(), now()
FROM generate_series(1, 50) g;
UPDATE events SET booked_seats = booked_seats + 50 WHERE id = :event;
COMMIT;
