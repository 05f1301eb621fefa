-- The service requests' change feed (like the orders' and the customers'): every
-- change of a request (opened, answered, moved on, resolved, closed) takes the next
-- value of its counter as its transaction's last step.
ALTER TABLE service_requests ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
UPDATE service_requests SET change_seq = ranked.n
  FROM (SELECT id, row_number() OVER (ORDER BY updated_at, id) AS n
          FROM service_requests) AS ranked
 WHERE service_requests.id = ranked.id;
INSERT INTO change_counters (feed, value)
SELECT 'service_requests', COALESCE(MAX(change_seq), 0) FROM service_requests;
CREATE INDEX service_requests_changes ON service_requests (change_seq);
