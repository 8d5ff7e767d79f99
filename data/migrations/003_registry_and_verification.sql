-- 003: a second source (the state-welfare registry) matched to households by hashed national ID,
-- and the verification (สอบทาน) status of households, kept as an append-only history.

-- One row per person and registry snapshot (the year BE of the extract). Only the keyed hash of
-- the national ID is stored, made with the same key as households.head_id_hash so they match.
CREATE TABLE registry (
  id_hash VARCHAR NOT NULL,
  snapshot_be INTEGER NOT NULL,
  province_code VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL,
  subdistrict_code VARCHAR NOT NULL,
  village_code VARCHAR,
  card_holder BOOLEAN,
  record_hash UBIGINT NOT NULL,
  import_id VARCHAR NOT NULL,
  PRIMARY KEY (id_hash, snapshot_be)
);

-- Previous versions of registry rows replaced by a corrected extract (never deleted).
CREATE TABLE registry_history AS
  SELECT *, now()::TIMESTAMP AS replaced_at, ''::VARCHAR AS replaced_by FROM registry WHERE false;

-- Verification status per household and round: every change is a new row (append-only); the
-- current status is the latest row. No row means 'unverified'.
CREATE SEQUENCE verification_event_no START 1;
CREATE TABLE verification_events (
  event_no BIGINT PRIMARY KEY DEFAULT nextval('verification_event_no'),
  hh_id VARCHAR NOT NULL,
  round_be INTEGER NOT NULL,
  status VARCHAR NOT NULL CHECK (status IN ('unverified', 'verified', 'disputed')),
  note VARCHAR NOT NULL DEFAULT '',
  reviewer VARCHAR NOT NULL DEFAULT '',
  flags VARCHAR NOT NULL DEFAULT '',
  set_at TIMESTAMP NOT NULL
);
CREATE INDEX verification_events_household ON verification_events (hh_id, round_be);
