-- 006: the review page's flags, computed once per round and data version and kept here so that
-- no page checks every household of a round again (data.verification.write_flags writes them,
-- query.review_read reads them; query.summary records which data version a key was made from).
-- Derived data: rebuilt from households, members, the registry and the subdistrict boundaries
-- whenever an import changes the data version; never edited by hand.

-- One row per household and flag (a household in two duplicate groups has two rows). Only
-- flagged households and GPS points outside their declared polygon have rows; the GPS tolerance
-- is applied when the flags are read, so every tolerance is answered from the same rows.
CREATE TABLE review_flags (
  flags_key VARCHAR NOT NULL,      -- data.verification.flags_key: check version, round, boundaries
  round_be INTEGER NOT NULL,
  hh_id VARCHAR NOT NULL,
  province_code VARCHAR,
  district_code VARCHAR,
  subdistrict_code VARCHAR,
  village_code VARCHAR,
  flag VARCHAR NOT NULL,           -- one of data.verification.FLAG_KINDS
  distance_m DOUBLE,               -- gps_outside: metres outside the declared polygon (NULL: none)
  found_code VARCHAR,              -- gps_outside: the polygon that holds the point ('' if none)
  dup_group BIGINT,                -- duplicates: the group over the whole round
  dup_role VARCHAR,                -- duplicates: head or member
  dup_records BIGINT               -- duplicates: records in the group
);
