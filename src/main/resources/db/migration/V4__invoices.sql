-- The invoice store: consolidated monthly invoices per PSA company, their lines, and which usage
-- months have been closed and finalized. Credits are not a table of their own: a month's credit is
-- granted on its regular invoice and spent on its adjustment invoices, so it is derived from them.

CREATE TABLE billing_month (
    usage_month  date PRIMARY KEY CHECK (extract(day FROM usage_month) = 1),
    closed_at    timestamptz NOT NULL,
    finalized_at timestamptz
);

CREATE TABLE invoice (
    id                 bigserial PRIMARY KEY,
    company_id         bigint NOT NULL REFERENCES company (id),
    usage_month        date NOT NULL REFERENCES billing_month (usage_month),
    kind               text NOT NULL CHECK (kind IN ('regular', 'adjustment')),
    -- the 1st of the month after the close that produced it
    issued_on          date NOT NULL CHECK (issued_on > usage_month),
    status             text NOT NULL CHECK (status IN ('draft', 'finalized')),
    currency           char(3) NOT NULL,
    subtotal           numeric(18, 2) NOT NULL,
    minimum_topup      numeric(18, 2) NOT NULL,
    credit_granted     numeric(18, 2) NOT NULL,
    credit_valid_until date NOT NULL,
    credit_used        numeric(18, 2) NOT NULL,
    credit_expired     numeric(18, 2) NOT NULL,
    total              numeric(18, 2) NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    finalized_at       timestamptz,
    UNIQUE (company_id, usage_month, kind, issued_on)
);
CREATE INDEX invoice_issued ON invoice (issued_on);

CREATE TABLE invoice_line (
    id          bigserial PRIMARY KEY,
    invoice_id  bigint NOT NULL REFERENCES invoice (id) ON DELETE CASCADE,
    line_no     integer NOT NULL,
    contract_id bigint NOT NULL,
    service_id  bigint NOT NULL,
    description text NOT NULL,
    proration   text NOT NULL CHECK (proration IN ('daily', 'month_end')),
    quantity    numeric(18, 4) NOT NULL,
    unit_price  numeric(18, 6) NOT NULL,
    amount      numeric(18, 2) NOT NULL,
    UNIQUE (invoice_id, contract_id, service_id),
    UNIQUE (invoice_id, line_no)
);

-- A finalized invoice never changes: refuse any update or delete of it or of its lines.
CREATE FUNCTION refuse_finalized_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- the invoice's id: its own row's, or the line's invoice_id
    invoice_of bigint := COALESCE(to_jsonb(OLD) ->> 'invoice_id', to_jsonb(OLD) ->> 'id')::bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM invoice WHERE id = invoice_of AND status = 'finalized') THEN
        RAISE EXCEPTION 'invoice % is finalized and cannot change', invoice_of;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER invoice_finalized_is_final BEFORE UPDATE OR DELETE ON invoice
    FOR EACH ROW EXECUTE FUNCTION refuse_finalized_change();
CREATE TRIGGER invoice_line_finalized_is_final BEFORE UPDATE OR DELETE ON invoice_line
    FOR EACH ROW EXECUTE FUNCTION refuse_finalized_change();

-- Licenses (seed 002): one per licensed instance (endpoint, administrator, domain...) of a module
-- billing type for a company. A trial starts automatically when an asset first reports usage.
CREATE TABLE license (
    id           bigserial PRIMARY KEY,
    company_id   bigint NOT NULL REFERENCES company (id),
    module_id    text NOT NULL,
    billing_type text NOT NULL,
    asset_id     text,
    allocated_on date NOT NULL,
    trial_ends   date,
    auto_renew   boolean NOT NULL DEFAULT true,
    -- the last day a license with auto-renewal off is valid
    valid_until  date,
    released_on  date,
    -- active trial, paid and released are states on a day, derived from these dates (License.stateOn)
    CHECK (auto_renew OR valid_until IS NOT NULL)
);
-- One live license per licensed instance: the trial detection relies on it.
CREATE UNIQUE INDEX license_one_per_asset ON license (module_id, billing_type, asset_id)
    WHERE asset_id IS NOT NULL AND released_on IS NULL;
CREATE INDEX license_company ON license (company_id, module_id, billing_type);

-- License usage history: every change, in order.
CREATE TABLE license_event (
    id         bigserial PRIMARY KEY,
    license_id bigint NOT NULL REFERENCES license (id),
    event_date date NOT NULL,
    action     text NOT NULL,
    detail     text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX license_event_license ON license_event (license_id, id);

-- Billing activation of a utility module (seed 000, KOB Online Backup) for a company: terms
-- accepted and the payment provider's token, never a card number.
CREATE TABLE activation (
    company_id        bigint NOT NULL REFERENCES company (id),
    module_id         text NOT NULL,
    terms_accepted_at timestamptz NOT NULL,
    payment_token     text NOT NULL,
    activated_on      date NOT NULL,
    first_invoice_on  date NOT NULL,
    PRIMARY KEY (company_id, module_id)
);

-- REST API tokens, stored as SHA-256 of the token (the token itself is shown once, at creation).
-- Roles (seed 002): provider (everything) or administrator with grants.
CREATE TABLE api_token (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    token_hash text NOT NULL UNIQUE,
    role       text NOT NULL CHECK (role IN ('provider', 'administrator')),
    grants     text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
