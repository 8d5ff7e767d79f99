-- 005: the store's data version. Every write transaction appends one row here (store.transaction
-- or store.record_change), so a cached read keyed by the row count sees any committed write, by the
-- app or the command line. Append-only: concurrent writers never conflict on it (a single counter
-- row would make a long import fail when a referral was saved meanwhile).
-- ``kind`` says what the write changed (NULL: anything); a cached read may depend on some kinds only.
CREATE TABLE data_changes (
  kind VARCHAR,
  changed_at TIMESTAMP NOT NULL
);
