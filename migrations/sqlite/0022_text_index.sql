-- A trigram index for the every-word substring search of the catalog and the documents
-- (FTS5, trigram tokenizer): a search for a word that few rows hold reads those rows'
-- entries instead of every row's text. The index only narrows: the search still checks
-- each word in search_text itself, so results are exactly the plain substring match.
--
-- The index's rows are keyed by a stable integer of their own (*_text_keys), not by the
-- tables' rowids: VACUUM (and `kontor backup`'s VACUUM INTO) may renumber those.
-- Triggers keep the index in step; a migration that rebuilds products or documents
-- must create them again.

CREATE TABLE product_text_keys (
    key         INTEGER PRIMARY KEY,
    product_id  TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE product_text USING fts5 (search_text, tokenize = 'trigram');
INSERT INTO product_text_keys (product_id) SELECT id FROM products ORDER BY sku;
INSERT INTO product_text (rowid, search_text)
    SELECT k.key, p.search_text FROM product_text_keys k JOIN products p ON p.id = k.product_id;

CREATE TRIGGER product_text_added AFTER INSERT ON products BEGIN
    INSERT INTO product_text_keys (product_id) VALUES (new.id);
    INSERT INTO product_text (rowid, search_text)
        VALUES ((SELECT key FROM product_text_keys WHERE product_id = new.id), new.search_text);
END;
CREATE TRIGGER product_text_changed AFTER UPDATE OF search_text ON products
    WHEN old.search_text IS NOT new.search_text BEGIN
    UPDATE product_text SET search_text = new.search_text
     WHERE rowid = (SELECT key FROM product_text_keys WHERE product_id = new.id);
END;
CREATE TRIGGER product_text_removed AFTER DELETE ON products BEGIN
    DELETE FROM product_text WHERE rowid = (SELECT key FROM product_text_keys WHERE product_id = old.id);
    DELETE FROM product_text_keys WHERE product_id = old.id;
END;

CREATE TABLE document_text_keys (
    key          INTEGER PRIMARY KEY,
    document_id  TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE document_text USING fts5 (search_text, tokenize = 'trigram');
INSERT INTO document_text_keys (document_id) SELECT id FROM documents;
INSERT INTO document_text (rowid, search_text)
    SELECT k.key, d.search_text FROM document_text_keys k JOIN documents d ON d.id = k.document_id;

CREATE TRIGGER document_text_added AFTER INSERT ON documents BEGIN
    INSERT INTO document_text_keys (document_id) VALUES (new.id);
    INSERT INTO document_text (rowid, search_text)
        VALUES ((SELECT key FROM document_text_keys WHERE document_id = new.id), new.search_text);
END;
CREATE TRIGGER document_text_changed AFTER UPDATE OF search_text ON documents
    WHEN old.search_text IS NOT new.search_text BEGIN
    UPDATE document_text SET search_text = new.search_text
     WHERE rowid = (SELECT key FROM document_text_keys WHERE document_id = new.id);
END;
CREATE TRIGGER document_text_removed AFTER DELETE ON documents BEGIN
    DELETE FROM document_text WHERE rowid = (SELECT key FROM document_text_keys WHERE document_id = old.id);
    DELETE FROM document_text_keys WHERE document_id = old.id;
END;
