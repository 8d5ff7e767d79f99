-- Referrals (ส่งต่อความช่วยเหลือ) and programme targets. Append-only: rows are never updated or
-- deleted; a referral's status is its latest event, a target is its latest version.

CREATE TABLE referrals (
  referral_id VARCHAR PRIMARY KEY,
  hh_id VARCHAR NOT NULL,
  round_be INTEGER NOT NULL,          -- the survey round whose record the referral is based on
  province_code VARCHAR NOT NULL,     -- copied from the household record when created
  district_code VARCHAR NOT NULL,
  subdistrict_code VARCHAR NOT NULL,
  village_code VARCHAR NOT NULL,
  intervention VARCHAR NOT NULL,      -- code in data/tables/interventions.csv
  agency VARCHAR NOT NULL,            -- code in data/tables/agencies.csv
  deficits VARCHAR NOT NULL,          -- ';'-joined deficit keys that led to the referral
  target_date DATE,
  created_at TIMESTAMP NOT NULL,
  created_by VARCHAR NOT NULL,
  synthetic BOOLEAN NOT NULL
);

CREATE TABLE referral_events (
  referral_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,               -- 1 = creation
  changed_at TIMESTAMP NOT NULL,
  changed_by VARCHAR NOT NULL,
  from_status VARCHAR,                -- NULL at creation
  to_status VARCHAR NOT NULL,
  note VARCHAR,
  batch_id VARCHAR,                   -- the bulk update (CSV) that made the change, if any
  PRIMARY KEY (referral_id, seq)
);

CREATE VIEW referral_current AS
SELECT r.*, e.to_status AS status, e.changed_at AS status_at, e.changed_by AS status_by, e.note AS status_note,
  e.seq AS events
FROM referrals r
JOIN (
  SELECT * FROM referral_events
  QUALIFY row_number() OVER (PARTITION BY referral_id ORDER BY seq DESC) = 1
) e USING (referral_id);

CREATE TABLE targets (
  area_code VARCHAR NOT NULL,         -- province (2 digits) or district (4 digits)
  scope VARCHAR NOT NULL,             -- 'central' (programme) or 'area' (the province's own)
  version INTEGER NOT NULL,
  baseline_round INTEGER NOT NULL,
  target_round INTEGER NOT NULL,
  households_to_lift INTEGER NOT NULL,
  referrals_to_close INTEGER NOT NULL,
  set_at TIMESTAMP NOT NULL,
  set_by VARCHAR NOT NULL,
  source VARCHAR NOT NULL,            -- 'app', 'import: <file>' or 'synthetic demo'
  note VARCHAR,
  synthetic BOOLEAN NOT NULL,
  PRIMARY KEY (area_code, scope, version)
);

CREATE VIEW target_current AS
SELECT * FROM targets
QUALIFY row_number() OVER (PARTITION BY area_code, scope ORDER BY version DESC) = 1;
