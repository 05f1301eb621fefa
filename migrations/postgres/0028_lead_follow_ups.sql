-- Follow-ups on a lead as well as on a customer. A lead belongs to no customer yet:
-- its follow-ups carry the vendor's own organization (whose audit trail records
-- them) and name the lead here.
ALTER TABLE follow_ups ADD COLUMN prospect_id TEXT REFERENCES prospects (id);
CREATE INDEX follow_ups_by_lead ON follow_ups (prospect_id, due_day);
