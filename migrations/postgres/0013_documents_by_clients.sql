-- Documents may be uploaded by an API client (the ERP attaches invoices), which is not
-- a user: a document keeps its creator's id and a version its uploader's id and name,
-- without a reference to users.
ALTER TABLE documents DROP CONSTRAINT documents_created_by_fkey;
ALTER TABLE document_versions DROP CONSTRAINT document_versions_uploaded_by_fkey;
ALTER TABLE document_versions ADD COLUMN uploaded_by_name TEXT NOT NULL DEFAULT '';
UPDATE document_versions v SET uploaded_by_name = u.display_name
  FROM users u WHERE u.id = v.uploaded_by;
ALTER TABLE document_versions ALTER COLUMN uploaded_by_name DROP DEFAULT;
