-- A customer's timeline pages through four records of what happened, newest first,
-- from a position (time, id): each gets an index in that order, so a page is a
-- short walk however long the history is. The audit trail also gets one per person,
-- for the timeline filtered to one of the customer's people.
CREATE INDEX audit_log_timeline ON audit_log (organization_id, at, id);
CREATE INDEX audit_log_timeline_by_actor ON audit_log (organization_id, actor_id, at, id);
CREATE INDEX outbox_timeline ON outbox (organization_id, created_at, id);
CREATE INDEX document_downloads_timeline ON document_downloads (organization_id, downloaded_at, id);
CREATE INDEX service_messages_timeline ON service_messages (organization_id, at, id);
