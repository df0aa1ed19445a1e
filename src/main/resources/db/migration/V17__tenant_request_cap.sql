-- What the PSA says the whole tenant has left this hour (Autotask's ThresholdInformation, issue 19)
-- caps our share: the requests our budget would still allow beyond it are booked as spent now, so
-- they come back as the rolling hour moves on. Under take_psa_request's lock (V8): no take slips
-- between the check and the booking. Booking the same cap again adds nothing; a cap never raises
-- the budget. Returns the requests booked.
CREATE FUNCTION cap_psa_requests(budget_psa text, requests_per_hour bigint, tenant_left bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    gap bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('psa-request-budget:' || budget_psa));
    gap := requests_per_hour - GREATEST(tenant_left, 0) - (SELECT COALESCE(sum(requests), 0) FROM psa_request_budget
        WHERE psa = budget_psa AND minute > now() - interval '1 hour');
    IF gap <= 0 THEN
        RETURN 0;
    END IF;
    INSERT INTO psa_request_budget (psa, minute, requests) VALUES (budget_psa, date_trunc('minute', now()), gap)
    ON CONFLICT (psa, minute) DO UPDATE SET requests = psa_request_budget.requests + gap;
    RETURN gap;
END
$$;
