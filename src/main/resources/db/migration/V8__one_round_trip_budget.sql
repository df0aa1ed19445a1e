-- Taking one request from the hourly PSA budget in one statement (one round trip per PSA request
-- instead of four): the check and the take under a transaction advisory lock per PSA, so that
-- instances sharing the budget cannot both take its last request.
CREATE FUNCTION take_psa_request(budget_psa text, requests_per_hour bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('psa-request-budget:' || budget_psa));
    IF (SELECT COALESCE(sum(requests), 0) FROM psa_request_budget
        WHERE psa = budget_psa AND minute > now() - interval '1 hour') >= requests_per_hour THEN
        RETURN false;
    END IF;
    INSERT INTO psa_request_budget (psa, minute, requests) VALUES (budget_psa, date_trunc('minute', now()), 1)
    ON CONFLICT (psa, minute) DO UPDATE SET requests = psa_request_budget.requests + 1;
    RETURN true;
END
$$;
