-- Mappings people can trust: organization and service mappings live in PostgreSQL (edited through the
-- REST API, the review page or `mappings import`), each change is kept with who made it and when,
-- and PSA companies and contracts are a cache of the PSA's own, read through its adapter.

ALTER TABLE org_mapping
    ADD COLUMN mapped_by text NOT NULL DEFAULT 'files',
    ADD COLUMN mapped_at timestamptz NOT NULL DEFAULT now();

ALTER TABLE service_mapping
    ADD COLUMN mapped_by text NOT NULL DEFAULT 'files',
    ADD COLUMN mapped_at timestamptz NOT NULL DEFAULT now();

-- Every mapping change: before and after as JSON (null when created or deleted), who and when.
CREATE TABLE mapping_history (
    id          bigserial PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('organization', 'service')),
    mapping_key text NOT NULL,
    before      jsonb,
    after       jsonb,
    changed_by  text NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mapping_history_key ON mapping_history (kind, mapping_key, id);

-- A suggestion a person turned down is not offered again for that organization.
CREATE TABLE suggestion_rejection (
    module_id   text NOT NULL,
    org_id      text NOT NULL,
    company_id  bigint NOT NULL REFERENCES company (id),
    rejected_by text NOT NULL,
    rejected_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (module_id, org_id, company_id),
    FOREIGN KEY (module_id, org_id) REFERENCES organization (module_id, org_id)
);

-- refreshed_at: when the PSA last listed the company (null: known only from mapping files).
ALTER TABLE company
    ADD COLUMN active boolean NOT NULL DEFAULT true,
    ADD COLUMN refreshed_at timestamptz;

-- The PSA's contracts, as last read; a service mapping must name a contract of its own company.
CREATE TABLE contract (
    id           bigint PRIMARY KEY,
    company_id   bigint NOT NULL REFERENCES company (id),
    name         text NOT NULL,
    recurring    boolean NOT NULL,
    active       boolean NOT NULL,
    refreshed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contract_company ON contract (company_id);
