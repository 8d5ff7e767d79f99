-- 009: keeping households out of poverty (issue 17): monitoring alerts, exit verification by
-- sampling, grievances. Append-only like the referrals (002): rows are never updated or
-- deleted; an alert's or a grievance's state is its latest event, a field check's finding is
-- its latest check. Categories, channels, states and types are listed once in data/monitoring.py,
-- data/exit_samples.py and data/grievances.py; the CHECKs repeat them so no other writer can
-- store a value the code does not know. The *_current views leave out the contacts.

-- An alert: a household (or, for a self-report not yet matched, a village) in a monitored
-- category, raised by one channel, with its two due dates in working days.
CREATE TABLE alerts (
  alert_id VARCHAR PRIMARY KEY,       -- AL0000001 ...
  hh_id VARCHAR,                      -- NULL: a self-report not yet matched to a household
  round_be INTEGER,                   -- the survey round whose record raised it (NULL: another channel)
  province_code VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL,
  subdistrict_code VARCHAR NOT NULL,
  village_code VARCHAR NOT NULL,
  category VARCHAR NOT NULL CHECK (category IN ('sudden_hardship', 'exited_unstable', 'marginal')),
  shocks VARCHAR NOT NULL DEFAULT '', -- ';'-joined: illness, disability, disaster, large_expense, income_drop
  channel VARCHAR NOT NULL
    CHECK (channel IN ('survey_round', 'field_visit', 'agency_file', 'self_report')),
  source VARCHAR NOT NULL DEFAULT '', -- the file, agency or visit it came from
  contact VARCHAR,                    -- a self-report's way back to the reporter: never read by area
  description VARCHAR NOT NULL DEFAULT '',
  opened_at TIMESTAMP NOT NULL,
  opened_by VARCHAR NOT NULL,
  visit_due DATE NOT NULL,            -- the home visit, in working days from opened_at
  decision_due DATE NOT NULL,         -- the review's decision
  synthetic BOOLEAN NOT NULL
);
CREATE INDEX alerts_household ON alerts (hh_id);
CREATE INDEX alerts_village ON alerts (village_code);

CREATE TABLE alert_events (
  alert_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,               -- 1 = opened
  changed_at TIMESTAMP NOT NULL,
  changed_by VARCHAR NOT NULL,
  from_state VARCHAR,                 -- NULL when opened
  to_state VARCHAR NOT NULL CHECK (to_state IN ('alerted', 'visited', 'cross_checked', 'reviewed',
    'monitored', 'help_referred', 'risk_cleared')),
  note VARCHAR NOT NULL DEFAULT '',
  hh_id VARCHAR,                      -- the household found at this step (a self-report matched)
  referral_id VARCHAR,                -- the referral made when help was referred
  PRIMARY KEY (alert_id, seq)
);

CREATE VIEW alert_current AS
SELECT a.* EXCLUDE (hh_id, contact), coalesce(a.hh_id, m.hh_id) AS hh_id,
  a.contact IS NOT NULL AS has_contact, e.to_state AS state,
  e.changed_at AS state_at, e.changed_by AS state_by, e.note AS state_note, e.seq AS events,
  v.visited_at, r.referral_id
FROM alerts a
JOIN (
  SELECT * FROM alert_events
  QUALIFY row_number() OVER (PARTITION BY alert_id ORDER BY seq DESC) = 1
) e USING (alert_id)
LEFT JOIN (
  SELECT alert_id, hh_id FROM alert_events WHERE hh_id IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY alert_id ORDER BY seq DESC) = 1
) m USING (alert_id)
LEFT JOIN (
  SELECT alert_id, min(changed_at) AS visited_at FROM alert_events
  WHERE to_state = 'visited' GROUP BY 1
) v USING (alert_id)
LEFT JOIN (
  SELECT alert_id, referral_id FROM alert_events WHERE referral_id IS NOT NULL
  QUALIFY row_number() OVER (PARTITION BY alert_id ORDER BY seq DESC) = 1
) r USING (alert_id);

-- An exit-verification sample: for one area and round, households that exited since the
-- previous round and households never found poor, drawn with a recorded seed.
CREATE TABLE exit_samples (
  sample_id VARCHAR PRIMARY KEY,      -- XS0000001 ...
  area_code VARCHAR NOT NULL,
  round_be INTEGER NOT NULL,
  previous_round INTEGER NOT NULL,    -- exits are from this round to round_be
  rule VARCHAR NOT NULL,              -- the poverty rule the groups were found with
  stratum_level VARCHAR NOT NULL CHECK (stratum_level IN ('district', 'subdistrict', 'village')),
  seed BIGINT NOT NULL,
  margin DOUBLE NOT NULL,
  confidence DOUBLE NOT NULL,
  expected DOUBLE NOT NULL,
  min_per_stratum INTEGER NOT NULL,
  exited_population INTEGER NOT NULL,
  unregistered_population INTEGER NOT NULL,
  drawn_at TIMESTAMP NOT NULL,
  drawn_by VARCHAR NOT NULL,
  synthetic BOOLEAN NOT NULL
);

CREATE TABLE exit_sample_households (
  sample_id VARCHAR NOT NULL,
  hh_id VARCHAR NOT NULL,
  sample_group VARCHAR NOT NULL CHECK (sample_group IN ('exited', 'unregistered')),
  stratum VARCHAR NOT NULL,
  draw_no INTEGER NOT NULL,
  PRIMARY KEY (sample_id, hh_id)
);

-- What the field check found; a later check of the same household is a new row (the latest counts).
CREATE TABLE exit_checks (
  sample_id VARCHAR NOT NULL,
  hh_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,
  checked_at TIMESTAMP NOT NULL,
  checked_by VARCHAR NOT NULL,
  reached BOOLEAN NOT NULL,           -- the household was found and interviewed
  found_poor BOOLEAN,                 -- exited: wrongly exited; unregistered: missed poor
  satisfied BOOLEAN,                  -- NULL: not asked or no answer
  note VARCHAR NOT NULL DEFAULT '',
  PRIMARY KEY (sample_id, hh_id, seq)
);

CREATE VIEW exit_check_current AS
SELECT * FROM exit_checks
QUALIFY row_number() OVER (PARTITION BY sample_id, hh_id ORDER BY seq DESC) = 1;

-- A grievance about the list (coded types after the Philippines' Listahanan, DOMAIN.md §9.3),
-- its due date in working days, and its way up the approval chain village → district → province.
CREATE TABLE grievances (
  grievance_id VARCHAR PRIMARY KEY,   -- GV0000001 ...
  grievance_type VARCHAR NOT NULL CHECK (grievance_type IN ('excluded_interviewed',
    'never_interviewed', 'wrongly_included', 'wants_removal', 'data_error')),
  hh_id VARCHAR,                      -- the household it is about, when known
  round_be INTEGER,
  province_code VARCHAR NOT NULL,
  district_code VARCHAR NOT NULL,
  subdistrict_code VARCHAR NOT NULL,
  village_code VARCHAR NOT NULL,
  description VARCHAR NOT NULL,
  contact VARCHAR,                    -- the complainant's way back: never read by area
  filed_at TIMESTAMP NOT NULL,
  filed_by VARCHAR NOT NULL,
  due DATE NOT NULL,                  -- the decision, in working days from filed_at
  synthetic BOOLEAN NOT NULL
);
CREATE INDEX grievances_village ON grievances (village_code);

CREATE TABLE grievance_events (
  grievance_id VARCHAR NOT NULL,
  seq INTEGER NOT NULL,               -- 1 = received
  changed_at TIMESTAMP NOT NULL,
  changed_by VARCHAR NOT NULL,
  level VARCHAR CHECK (level IN ('village', 'district', 'province')),  -- who acted
  from_state VARCHAR,
  to_state VARCHAR NOT NULL CHECK (to_state IN ('received', 'village_reviewed',
    'district_reviewed', 'returned', 'decided', 'applied', 'withdrawn')),
  outcome VARCHAR CHECK (outcome IN ('upheld', 'rejected')),  -- a review's finding, the decision
  action VARCHAR CHECK (action IN ('add_to_list', 'survey_household', 'remove_from_list',
    'correct_record', 'none')),
  import_id VARCHAR,                  -- applied: the import that changed the household's record
  note VARCHAR NOT NULL DEFAULT '',
  PRIMARY KEY (grievance_id, seq)
);

CREATE VIEW grievance_current AS
SELECT g.* EXCLUDE (contact), g.contact IS NOT NULL AS has_contact, e.to_state AS state, e.changed_at AS state_at, e.changed_by AS state_by,
  e.level AS state_level, e.note AS state_note, e.seq AS events, d.outcome, d.action, p.import_id
FROM grievances g
JOIN (
  SELECT * FROM grievance_events
  QUALIFY row_number() OVER (PARTITION BY grievance_id ORDER BY seq DESC) = 1
) e USING (grievance_id)
LEFT JOIN (
  SELECT grievance_id, outcome, action FROM grievance_events WHERE to_state = 'decided'
  QUALIFY row_number() OVER (PARTITION BY grievance_id ORDER BY seq DESC) = 1
) d USING (grievance_id)
LEFT JOIN (
  SELECT grievance_id, import_id FROM grievance_events WHERE to_state = 'applied'
) p USING (grievance_id);
