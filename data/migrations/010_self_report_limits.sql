-- 010: the self-report page's rate limit (issue 17). One row per self-report accepted, under
-- each key it counts against (a browser session, a network address): the key is a keyed hash
-- made by the app, never the address itself, and rows older than a day are deleted by the next
-- report (data/monitoring.py, self_report). Nothing here names a household or a reporter.
CREATE TABLE self_report_log (
  rate_key VARCHAR NOT NULL,
  reported_at TIMESTAMP NOT NULL
);
