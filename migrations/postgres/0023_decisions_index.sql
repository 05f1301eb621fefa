-- The spend analytics read an organization's approval decisions of a period: a
-- partial index keeps that a look at the decisions instead of a scan of every event.
CREATE INDEX order_events_decided ON order_events (organization_id, at)
    WHERE kind IN ('approved', 'rejected');
