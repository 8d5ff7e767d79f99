-- 007: saved views and storylines (presentation mode).
-- A saved view is one page's state as its URL holds it (the page's path and its query
-- parameters), with a title and a note; a storyline is an ordered list of saved views, shown one
-- per screen by ?present=<storyline_id>. Written by data/saved_views.py, read by
-- query/saved_views.py.

CREATE SEQUENCE saved_view_ids START 1;

CREATE TABLE saved_views (
  view_id INTEGER PRIMARY KEY DEFAULT nextval('saved_view_ids'),
  page VARCHAR NOT NULL,              -- the page's URL path: map, why, overview, ...
  params VARCHAR NOT NULL,            -- its query parameters as JSON: {"name": ["value", ...]}
  title VARCHAR NOT NULL,
  note VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  changed_at TIMESTAMP NOT NULL,
  created_by VARCHAR                  -- who saved it, when the app knows (NULL without sign-in)
);

CREATE SEQUENCE storyline_ids START 1;

CREATE TABLE storylines (
  storyline_id INTEGER PRIMARY KEY DEFAULT nextval('storyline_ids'),
  title VARCHAR NOT NULL,
  note VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  changed_at TIMESTAMP NOT NULL,
  created_by VARCHAR
);

CREATE TABLE storyline_views (
  storyline_id INTEGER NOT NULL,
  position INTEGER NOT NULL,          -- 1, 2, 3, ...: the order of the slides, without gaps
  view_id INTEGER NOT NULL,           -- a view may come back later in the same storyline
  PRIMARY KEY (storyline_id, position)
);
