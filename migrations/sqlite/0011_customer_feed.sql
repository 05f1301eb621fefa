-- The customers' change feed (the orders' has its counter since 0008): every change of
-- a customer organization takes the next value as its transaction's last step.
ALTER TABLE organizations ADD COLUMN change_seq BIGINT NOT NULL DEFAULT 0;
UPDATE organizations SET change_seq = ranked.n
  FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n
          FROM organizations WHERE kind = 'customer') AS ranked
 WHERE organizations.id = ranked.id;
INSERT INTO change_counters (feed, value)
SELECT 'customers', COALESCE(MAX(change_seq), 0) FROM organizations;
CREATE INDEX organizations_changes ON organizations (change_seq) WHERE kind = 'customer';
