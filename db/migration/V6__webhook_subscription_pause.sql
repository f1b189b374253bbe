-- A receiver that keeps failing is paused, so that its deliveries do not take up the attempts that
-- every other subscriber's deliveries wait for (an on-sale makes thousands, each costing a timeout
-- while it hangs).
-- queue-worker's WebhookDeliveries moves both columns; see its pause rule there.
ALTER TABLE webhook_subscriptions
    -- failed attempts since the last 2xx, of any of its deliveries
    ADD COLUMN consecutive_failures INTEGER NOT NULL DEFAULT 0,
    -- no attempt before this but the one probe that takes the pause's end
    ADD COLUMN paused_until TIMESTAMPTZ;
