-- 008: who may sign in (built-in accounts), their sessions, and the audit trail.
-- data/users.py writes users and sessions, data/audit.py the audit trail; query/audit_read.py
-- reads it. None of these tables is household data, and none of their writes raises the data
-- version (a sign-in does not change a number any page shows).

-- One row per built-in account. Roles are codes of data/roles.py ROLES; area scopes are DOPA
-- codes (2, 4, 6 or 8 digits), agency scopes codes of data/tables/agencies.csv.
CREATE TABLE users (
  name VARCHAR PRIMARY KEY,           -- the sign-in name, lower case: a-z 0-9 . _ - @
  display_name VARCHAR NOT NULL DEFAULT '',
  email VARCHAR NOT NULL DEFAULT '',  -- optional; single sign-on maps accounts by it
  password_hash VARCHAR NOT NULL,     -- argon2id PHC string (argon2-cffi); never the password
  roles VARCHAR[] NOT NULL,
  area_scopes VARCHAR[] NOT NULL,
  agency_scopes VARCHAR[] NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT false,
  failed_signins INTEGER NOT NULL DEFAULT 0,  -- wrong passwords since the last sign-in or lock
  locked_until TIMESTAMP,             -- NULL: not locked
  last_signed_in_at TIMESTAMP,
  created_at TIMESTAMP NOT NULL,
  changed_at TIMESTAMP NOT NULL
);

-- One row per sign-in. The browser holds a random token; only its SHA-256 is stored, so a copy
-- of the store signs nobody in. A session ends at sign-out, when it has been idle too long, at
-- its absolute expiry, or when its account is disabled or its password reset.
CREATE TABLE sessions (
  token_hash VARCHAR PRIMARY KEY,     -- hex SHA-256 of the token
  user_name VARCHAR NOT NULL,
  from_addr VARCHAR NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL,      -- absolute expiry, whatever the activity
  last_seen_at TIMESTAMP NOT NULL,    -- idle expiry counts from here
  ended_at TIMESTAMP,                 -- NULL: still open (unless expired)
  ended_why VARCHAR                   -- signed_out, idle, expired, disabled, password_reset
);

-- The audit trail. Append-only: data/audit.py record() inserts, and only the retention command
-- (data/audit.py purge()) deletes entries older than POVMAP_AUDIT_RETENTION_DAYS; nothing
-- updates a row. Details hold codes and counts, never household values or free text.
CREATE SEQUENCE audit_seq START 1;
CREATE TABLE audit (
  seq BIGINT NOT NULL DEFAULT nextval('audit_seq'),
  logged_at TIMESTAMP NOT NULL,
  who VARCHAR NOT NULL,               -- the user name; '' for nobody signed in (or a name that is no account)
  roles VARCHAR NOT NULL,             -- the roles held then, ';'-joined
  from_addr VARCHAR NOT NULL,         -- the client's address; 'cli' for the command line
  action VARCHAR NOT NULL,            -- a code of data/audit.py ACTIONS
  object VARCHAR NOT NULL,            -- what it was about: a household ID, referral ID, file or user name
  details VARCHAR NOT NULL,           -- JSON text
  row_count BIGINT,                   -- rows downloaded, imported or changed, when it says
  scope VARCHAR NOT NULL              -- the areas (and round) the action covered, ';'-joined
);
