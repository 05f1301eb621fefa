-- A trigram index for the every-word substring search of the catalog and the documents
-- (pg_trgm, GIN): `search_text LIKE '%word%'` reads the index instead of every row.
-- pg_trgm is a trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX products_search_trgm ON products USING gin (search_text gin_trgm_ops);
CREATE INDEX documents_search_trgm ON documents USING gin (search_text gin_trgm_ops);
