-- newsdossier store, schema version 1. Per-document tables are written once per document, in
-- one transaction each; the fused tables are derived from them and rebuilt after every build.

CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);

-- one row per input document (kept even when not analysable)
CREATE TABLE IF NOT EXISTS documents (
    id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    outlet VARCHAR, author VARCHAR, title VARCHAR,
    published VARCHAR, published_from VARCHAR, published_to VARCHAR,
    language VARCHAR NOT NULL,
    analysable BOOLEAN NOT NULL,
    url VARCHAR,
    text VARCHAR NOT NULL,
    body JSON NOT NULL,          -- [[start, end], ...] into text
    duplicate_of VARCHAR,        -- set by fusion
    added_at TIMESTAMP DEFAULT current_timestamp
);

-- named-entity mentions, with the fullest name their own document gives (extract/resolve.py);
-- ambiguous: a short name two people of the document share, resolved to neither
CREATE TABLE IF NOT EXISTS mentions (
    doc VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    surface VARCHAR NOT NULL, label VARCHAR NOT NULL, canonical VARCHAR NOT NULL,
    ambiguous BOOLEAN NOT NULL DEFAULT false
);

-- quotes as found in one document, before fusion gives them entity ids and groups
CREATE TABLE IF NOT EXISTS quote_mentions (
    id VARCHAR PRIMARY KEY, doc VARCHAR NOT NULL,
    content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    cue_start INTEGER, cue_end INTEGER,
    speaker_name VARCHAR, speaker_names JSON,
    speaker_start INTEGER, speaker_end INTEGER, speaker_label VARCHAR,
    speaker_kind VARCHAR,         -- named, description or unresolved
    pieces JSON, act VARCHAR      -- the statement's verbatim stretches; say, think or find
);

-- event mentions as found in one document (extract/events.py), before fusion into `events`
CREATE TABLE IF NOT EXISTS event_mentions (
    doc VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    type VARCHAR NOT NULL, modality VARCHAR NOT NULL,
    record JSON NOT NULL          -- the whole EventMention (actors, places, date expression, ...)
);

-- claims as found in one document (extract/claims.py), before fusion groups and compares them
CREATE TABLE IF NOT EXISTS claim_mentions (
    doc VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    record JSON NOT NULL          -- the whole ClaimMention (subject, attribute, value, number, unit, ...)
);

-- loaded wording as found in one document (extract/loaded.py): the outlet's own words, never a quote's
CREATE TABLE IF NOT EXISTS loaded_terms (
    doc VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL,
    term VARCHAR NOT NULL, why VARCHAR NOT NULL
);

-- sentence embeddings of quote passages, by text hash: fusion embeds each passage once, ever,
-- so adding a few documents to a large dossier does not embed the whole corpus again
CREATE TABLE IF NOT EXISTS embeddings (key VARCHAR PRIMARY KEY, vector BLOB NOT NULL);
-- MinHash signatures of document bodies (near-duplicates), by document id and MinHash settings
CREATE TABLE IF NOT EXISTS body_signatures (key VARCHAR PRIMARY KEY, hashvalues BLOB NOT NULL);

-- inputs that could not be used, with the reason (latest build only)
CREATE TABLE IF NOT EXISTS problems (source VARCHAR, reason VARCHAR, seen_at TIMESTAMP DEFAULT current_timestamp);

-- fused, corpus-level tables (rebuilt from the tables above)
CREATE TABLE IF NOT EXISTS entities (
    id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, type VARCHAR NOT NULL, aliases JSON NOT NULL,
    country VARCHAR               -- a nationality's country (entity id), else null
);
CREATE TABLE IF NOT EXISTS entity_mentions (
    entity VARCHAR NOT NULL, doc VARCHAR NOT NULL, start_char INTEGER NOT NULL, end_char INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS quotes (
    id VARCHAR PRIMARY KEY, doc VARCHAR NOT NULL,
    content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    cue_start INTEGER, cue_end INTEGER,
    speaker_name VARCHAR, speaker_entity VARCHAR, speaker_entities JSON,
    speaker_start INTEGER, speaker_end INTEGER,
    quote_group VARCHAR,
    speaker_kind VARCHAR,         -- named, description or unresolved
    pieces JSON, act VARCHAR
);
-- a database built before quotes became statements (speaker kind, pieces, act) gets the columns,
-- in the order above (rows are inserted by position)
ALTER TABLE quote_mentions ADD COLUMN IF NOT EXISTS speaker_kind VARCHAR;
ALTER TABLE quote_mentions ADD COLUMN IF NOT EXISTS pieces JSON;
ALTER TABLE quote_mentions ADD COLUMN IF NOT EXISTS act VARCHAR;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS speaker_kind VARCHAR;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS pieces JSON;
ALTER TABLE quotes ADD COLUMN IF NOT EXISTS act VARCHAR;
-- and one built before the mention resolver, its columns (its old documents keep their old names)
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS ambiguous BOOLEAN DEFAULT false;
ALTER TABLE entities ADD COLUMN IF NOT EXISTS country VARCHAR;
CREATE TABLE IF NOT EXISTS quote_groups (
    id VARCHAR PRIMARY KEY, speaker VARCHAR, members JSON NOT NULL, note VARCHAR, diff JSON
);
-- filled by later stages (events, claims, comparison); present so the export is always whole
CREATE TABLE IF NOT EXISTS events (id VARCHAR PRIMARY KEY, record JSON NOT NULL);
CREATE TABLE IF NOT EXISTS claims (id VARCHAR PRIMARY KEY, record JSON NOT NULL);
CREATE TABLE IF NOT EXISTS disagreements (id VARCHAR PRIMARY KEY, record JSON NOT NULL);

-- fusion's bookkeeping, so that fusing again after documents are added redoes only what they change
-- (fuse/update.py): the documents the fused tables include, the entity each canonical name went to
-- (null: a short name left to no one), the forms searched for in every body (fuse/entities.py
-- FoundForms), the LSH bands of each body's MinHash signature (near-duplicates), and where the id
-- of an entity that merged into another (or was renamed) now points
CREATE TABLE IF NOT EXISTS fusion_documents (id VARCHAR PRIMARY KEY);
CREATE TABLE IF NOT EXISTS fusion_names (canonical VARCHAR PRIMARY KEY, entity VARCHAR);
CREATE TABLE IF NOT EXISTS fusion_forms (form VARCHAR PRIMARY KEY, entity VARCHAR NOT NULL, surname BOOLEAN NOT NULL);
CREATE TABLE IF NOT EXISTS body_bands (doc VARCHAR NOT NULL, band BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS entity_redirects (old VARCHAR PRIMARY KEY, merged_into VARCHAR NOT NULL);
-- quantity claims as grouping last saw them (fuse/claim_groups.py Grouping; the pair shape is in meta)
CREATE TABLE IF NOT EXISTS fusion_claims (claim VARCHAR PRIMARY KEY, fingerprint VARCHAR NOT NULL,
                                          ambiguous BOOLEAN NOT NULL, cluster VARCHAR NOT NULL);
-- a store fused when grouping also kept each claim's link component: the column goes
ALTER TABLE fusion_claims DROP COLUMN IF EXISTS block;
CREATE TABLE IF NOT EXISTS fusion_claim_links (strength DOUBLE NOT NULL, a VARCHAR NOT NULL, b VARCHAR NOT NULL);
-- each event mention as the last fusion clustered it: what it read (fingerprint) and its event (fuse/events.py EventsAgain)
CREATE TABLE IF NOT EXISTS fusion_event_mentions (mention VARCHAR PRIMARY KEY, fingerprint VARCHAR NOT NULL, event VARCHAR);
-- a mention the recogniser missed, found again by the entity's name in the text
ALTER TABLE entity_mentions ADD COLUMN IF NOT EXISTS found BOOLEAN DEFAULT false;
