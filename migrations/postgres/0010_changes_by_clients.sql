-- Conditions may be changed by an API client (the ERP), which is not a user: the
-- change keeps who made it by id and by name, without a reference to users.
ALTER TABLE condition_changes DROP CONSTRAINT condition_changes_changed_by_fkey;
ALTER TABLE condition_changes ADD COLUMN changed_by_name TEXT;
UPDATE condition_changes c SET changed_by_name = u.display_name FROM users u WHERE u.id = c.changed_by;
