-- Sites beside the poor (issue 7): one site model for every kind of place or library entry,
-- LEOS products, tourism-route stops, technology adoptions and livable-city area indicators.
-- Loads go through data/sites.py: validated, one transaction, and a replaced record keeps its
-- previous version in the matching *_history table (nothing is overwritten without trace).

CREATE TABLE sites (
  site_id VARCHAR PRIMARY KEY,
  kind VARCHAR NOT NULL,              -- enterprise, cultural_site, cultural_product, market,
                                      -- tourism_route, innovation_community, technology
  category VARCHAR NOT NULL,          -- data/tables/site_categories.csv (vocabulary = kind)
  name_th VARCHAR NOT NULL,
  name_en VARCHAR,
  description_th VARCHAR,
  description_en VARCHAR,
  area_code VARCHAR,                  -- the DOPA code given in the file (2, 4, 6 or 8 digits)
  province_code VARCHAR,
  district_code VARCHAR,
  subdistrict_code VARCHAR,
  village_code VARCHAR,
  lat DOUBLE,
  lon DOUBLE,
  approximate BOOLEAN NOT NULL,       -- placed at the area's representative point, not surveyed
  product_type VARCHAR,               -- enterprise: main product type
  value_chain_stage VARCHAR,          -- enterprise: upstream / midstream / downstream
  members INTEGER,                    -- enterprise, innovation community: members
  registration_no VARCHAR,            -- enterprise: registration number (e.g. community enterprise)
  enterprise_id VARCHAR,              -- cultural product: the enterprise that makes it
  causes VARCHAR,                     -- technology: main-cause codes it addresses, '|'-separated
  indicators VARCHAR,                 -- technology: BMN indicator codes, '|'-separated
  capitals VARCHAR,                   -- technology: livelihood capitals, '|'-separated
  cost_baht DOUBLE,                   -- technology: approximate cost
  readiness VARCHAR,                  -- technology: ready / pilot
  contact VARCHAR,
  phone VARCHAR,
  website VARCHAR,
  source VARCHAR NOT NULL,
  source_url VARCHAR,
  started_on DATE,
  updated_on DATE,
  synthetic BOOLEAN NOT NULL,
  record_hash UBIGINT NOT NULL,
  import_id VARCHAR NOT NULL
);
CREATE TABLE site_history AS SELECT *, now()::TIMESTAMP AS replaced_at,
  ''::VARCHAR AS replaced_by FROM sites WHERE false;

CREATE TABLE route_stops (
  route_id VARCHAR NOT NULL,
  stop_no INTEGER NOT NULL,
  name_th VARCHAR NOT NULL,
  name_en VARCHAR,
  stop_site_id VARCHAR,               -- the site at this stop, when it is in the registry
  area_code VARCHAR,
  province_code VARCHAR,
  district_code VARCHAR,
  subdistrict_code VARCHAR,
  village_code VARCHAR,
  lat DOUBLE NOT NULL,
  lon DOUBLE NOT NULL,
  approximate BOOLEAN NOT NULL,
  import_id VARCHAR NOT NULL,
  PRIMARY KEY (route_id, stop_no)
);
CREATE TABLE route_stop_history AS SELECT *, now()::TIMESTAMP AS replaced_at,
  ''::VARCHAR AS replaced_by FROM route_stops WHERE false;

CREATE TABLE products (
  product_id VARCHAR PRIMARY KEY,
  enterprise_id VARCHAR NOT NULL,
  name_th VARCHAR NOT NULL,
  name_en VARCHAR,
  product_type VARCHAR NOT NULL,
  description_th VARCHAR,
  description_en VARCHAR,
  price_baht DOUBLE,
  unit_th VARCHAR,
  unit_en VARCHAR,
  materials_th VARCHAR,
  materials_en VARCHAR,
  materials_area_code VARCHAR,        -- where the raw materials come from
  certifications VARCHAR,             -- '|'-separated codes (vocabulary certification)
  sold_at VARCHAR,                    -- '|'-separated site_ids of markets selling it
  source VARCHAR NOT NULL,
  source_url VARCHAR,
  updated_on DATE,
  synthetic BOOLEAN NOT NULL,
  record_hash UBIGINT NOT NULL,
  import_id VARCHAR NOT NULL
);
CREATE TABLE product_history AS SELECT *, now()::TIMESTAMP AS replaced_at,
  ''::VARCHAR AS replaced_by FROM products WHERE false;

CREATE TABLE technology_adoptions (
  technology_id VARCHAR NOT NULL,
  village_code VARCHAR NOT NULL,
  community_id VARCHAR,               -- the innovation community that brought it
  households INTEGER,
  adopted_on DATE,
  source VARCHAR NOT NULL,
  synthetic BOOLEAN NOT NULL,
  record_hash UBIGINT NOT NULL,
  import_id VARCHAR NOT NULL,
  PRIMARY KEY (technology_id, village_code)
);
CREATE TABLE technology_adoption_history AS SELECT *, now()::TIMESTAMP AS replaced_at,
  ''::VARCHAR AS replaced_by FROM technology_adoptions WHERE false;

CREATE TABLE area_indicator_definitions (
  indicator VARCHAR PRIMARY KEY,
  name_th VARCHAR NOT NULL,
  name_en VARCHAR,
  unit VARCHAR,                       -- unit as written in Thai (or language-neutral: %, m²)
  unit_en VARCHAR,
  higher_is_better BOOLEAN,
  import_id VARCHAR NOT NULL
);

CREATE TABLE area_indicators (
  indicator VARCHAR NOT NULL,
  area_code VARCHAR NOT NULL,
  level VARCHAR NOT NULL,             -- province / district / subdistrict
  period_be INTEGER NOT NULL,         -- vintage: the year (Buddhist era) the value describes
  value DOUBLE NOT NULL,
  source VARCHAR NOT NULL,
  source_url VARCHAR,
  synthetic BOOLEAN NOT NULL,
  record_hash UBIGINT NOT NULL,
  import_id VARCHAR NOT NULL,
  PRIMARY KEY (indicator, area_code, period_be)
);
CREATE TABLE area_indicator_history AS SELECT *, now()::TIMESTAMP AS replaced_at,
  ''::VARCHAR AS replaced_by FROM area_indicators WHERE false;
