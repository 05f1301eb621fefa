-- Monthly sums that the analytics read instead of every order of their period: a
-- customer's spend per Berlin month, state, purchaser, cost center and category, and
-- its orders' count and total per month and state. The month is a number (year × 12
-- + month − 1), computed by the application, which also keeps the sums in the
-- transaction of every order change. An absent cost center is '' here, as is the
-- category of the shipping fee (a product's category is never empty). Rows whose
-- count fell to zero are deleted. They are filled from the orders on the first start
-- after this migration (the application knows Berlin's months; SQL does not).
CREATE TABLE spend_months (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    month           INTEGER NOT NULL,
    state           TEXT NOT NULL,
    purchaser_name  TEXT NOT NULL,
    cost_center     TEXT NOT NULL,
    category        TEXT NOT NULL,
    order_count     INTEGER NOT NULL,
    amount_cents    INTEGER NOT NULL,
    PRIMARY KEY (organization_id, month, state, purchaser_name, cost_center, category)
) WITHOUT ROWID;

CREATE TABLE order_months (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    month           INTEGER NOT NULL,
    state           TEXT NOT NULL,
    order_count     INTEGER NOT NULL,
    total_cents     INTEGER NOT NULL,
    PRIMARY KEY (organization_id, month, state)
) WITHOUT ROWID;
-- The vendor's figures read a range of months over every customer.
CREATE INDEX order_months_by_month ON order_months (month, organization_id);

-- A line's category as it was when ordered: the monthly sums must be taken back out
-- under the key they were added with, even if the product moves to another category
-- later. NULL for a free-text line of an accepted quote (no product), which the
-- analytics leave out, as they did before.
ALTER TABLE order_lines ADD COLUMN category TEXT;
UPDATE order_lines SET category = (SELECT p.category FROM products p WHERE p.id = order_lines.product_id);

-- Fills of derived data that the application does once, after a migration.
CREATE TABLE data_fills (
    name    TEXT PRIMARY KEY,
    done_at INTEGER NOT NULL
);
