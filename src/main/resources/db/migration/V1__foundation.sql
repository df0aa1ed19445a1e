-- Foundation schema: modules and their discovered organizations, mappings to PSA companies and
-- contract service lines, raw usage with quarantine, day-by-day quantities, the delivery ledger.

CREATE TABLE module (
    id              text PRIMARY KEY,
    name            text NOT NULL,
    source_kind     text NOT NULL CHECK (source_kind IN ('poll', 'callback', 'csv')),
    billing_enabled boolean NOT NULL DEFAULT true
);

CREATE TABLE module_billing_type (
    module_id    text NOT NULL REFERENCES module (id) ON DELETE CASCADE,
    billing_type text NOT NULL,
    unit         text NOT NULL,
    PRIMARY KEY (module_id, billing_type)
);

-- PSA companies (the bill-to side).
CREATE TABLE company (
    id   bigint PRIMARY KEY,
    name text NOT NULL
);

-- Every organization any module reported, mapped or not, so it can be mapped after the first sync.
CREATE TABLE organization (
    module_id  text NOT NULL REFERENCES module (id),
    org_id     text NOT NULL,
    name       text NOT NULL,
    first_seen date NOT NULL,
    last_seen  date NOT NULL,
    PRIMARY KEY (module_id, org_id)
);

-- One organization maps to at most one company; many organizations may map to one company.
CREATE TABLE org_mapping (
    module_id  text NOT NULL REFERENCES module (id),
    org_id     text NOT NULL,
    company_id bigint NOT NULL REFERENCES company (id),
    PRIMARY KEY (module_id, org_id)
);
CREATE INDEX org_mapping_company ON org_mapping (company_id);

CREATE TABLE service_mapping (
    module_id    text NOT NULL,
    billing_type text NOT NULL,
    company_id   bigint NOT NULL REFERENCES company (id),
    contract_id  bigint NOT NULL,
    service_id   bigint NOT NULL,
    proration    text NOT NULL CHECK (proration IN ('daily', 'month_end')),
    PRIMARY KEY (module_id, billing_type, company_id),
    FOREIGN KEY (module_id, billing_type) REFERENCES module_billing_type (module_id, billing_type)
);

CREATE TABLE sync_run (
    id          bigserial PRIMARY KEY,
    usage_date  date NOT NULL,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
    summary     jsonb,
    error       text
);

-- One module's collection inside a sync run; delivery only uses modules that collected completely.
CREATE TABLE source_collection (
    sync_run_id bigint NOT NULL REFERENCES sync_run (id),
    module_id   text NOT NULL REFERENCES module (id),
    status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
    pages       integer NOT NULL DEFAULT 0,
    stored      integer NOT NULL DEFAULT 0,
    duplicates  integer NOT NULL DEFAULT 0,
    quarantined integer NOT NULL DEFAULT 0,
    error       text,
    PRIMARY KEY (sync_run_id, module_id)
);

-- Raw canonical usage, unique on the source's natural key so a re-delivery stores nothing twice.
CREATE TABLE usage_record (
    id               bigserial PRIMARY KEY,
    module_id        text NOT NULL REFERENCES module (id),
    org_id           text NOT NULL,
    org_name         text NOT NULL,
    billing_type     text NOT NULL,
    asset_id         text,
    quantity         numeric(18, 4) NOT NULL CHECK (quantity >= 0),
    usage_date       date NOT NULL,
    source_record_id text NOT NULL,
    sync_run_id      bigint REFERENCES sync_run (id),
    received_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (module_id, billing_type, source_record_id, usage_date)
);
CREATE INDEX usage_record_day ON usage_record (usage_date, module_id, billing_type, org_id);

-- Records that could not be normalized, with the reason and the payload as received.
CREATE TABLE quarantine (
    id               bigserial PRIMARY KEY,
    module_id        text NOT NULL,
    source_record_id text,
    usage_date       date,
    reason           text NOT NULL,
    payload          text NOT NULL,
    sync_run_id      bigint REFERENCES sync_run (id),
    received_at      timestamptz NOT NULL DEFAULT now()
);
-- Re-polling the same bad record does not quarantine it twice.
CREATE UNIQUE INDEX quarantine_once ON quarantine (module_id, usage_date, reason, md5(payload));

-- Quantity per contract service line per day, computed in SQL from usage_record; kept as history.
CREATE TABLE daily_quantity (
    contract_id bigint NOT NULL,
    service_id  bigint NOT NULL,
    usage_date  date NOT NULL,
    quantity    numeric(18, 4) NOT NULL,
    proration   text NOT NULL,
    sync_run_id bigint REFERENCES sync_run (id),
    computed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (contract_id, service_id, usage_date)
);

-- What the PSA was told, written before each request is sent. An open row (planned, sent, unknown)
-- is resumed by the next run, which re-reads the PSA before sending only the remaining difference.
CREATE TABLE delivery_ledger (
    id               bigserial PRIMARY KEY,
    psa              text NOT NULL,
    contract_id      bigint NOT NULL,
    service_id       bigint NOT NULL,
    effective_date   date NOT NULL,
    target_units     numeric(18, 4) NOT NULL,
    status           text NOT NULL CHECK (status IN ('planned', 'sent', 'confirmed', 'failed', 'unknown')),
    psa_units_before numeric(18, 4),
    unit_change      numeric(18, 4),
    error            text,
    sync_run_id      bigint REFERENCES sync_run (id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX delivery_ledger_one_open ON delivery_ledger (psa, contract_id, service_id, effective_date)
    WHERE status IN ('planned', 'sent', 'unknown');
CREATE INDEX delivery_ledger_line ON delivery_ledger (psa, contract_id, service_id, effective_date DESC, id DESC);
