-- What an entry's status is, as the API and the notifications show it, in one place. The table keeps
-- WAITING, OFFERED or LEFT; what became of an offer is its hold's state, not stored twice: confirmed
-- (and maybe cancelled since) is ACCEPTED, released is LEFT (the offer was declined), expired is
-- EXPIRED, still held is OFFERED.
CREATE FUNCTION waitlist_entry_status(entry_status TEXT, offer_status TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE AS
$$
SELECT CASE
           WHEN entry_status <> 'OFFERED' THEN entry_status
           WHEN offer_status = 'HELD' THEN 'OFFERED'
           WHEN offer_status IN ('CONFIRMED', 'CANCELLED') THEN 'ACCEPTED'
           WHEN offer_status = 'RELEASED' THEN 'LEFT'
           ELSE 'EXPIRED' END
$$;

-- V4's, with the status above
CREATE OR REPLACE FUNCTION webhook_waitlist_entry(w waitlist_entries, offer bookings) RETURNS JSONB
    LANGUAGE sql STABLE AS
$$
SELECT jsonb_strip_nulls(jsonb_build_object(
        'id', w.id, 'event_id', w.event_id, 'user_id', w.user_id, 'quantity', w.quantity,
        'status', waitlist_entry_status(w.status, offer.status),
        'hold_id', w.hold_id, 'offer_expires_at', webhook_time(offer.expires_at),
        'created_at', webhook_time(w.created_at)))
$$;
