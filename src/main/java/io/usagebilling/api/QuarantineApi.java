package io.usagebilling.api;

import io.usagebilling.api.ApiCalls.Reply;
import io.usagebilling.domain.Grant;
import io.usagebilling.intake.QuarantinedRecords;
import org.apache.camel.Exchange;

/** {@code GET /api/quarantine}: what was refused at intake, newest first, with its reason and raw payload. */
public final class QuarantineApi {

    private final ApiCalls calls;
    private final QuarantinedRecords records;

    public QuarantineApi(ApiCalls calls, QuarantinedRecords records) {
        this.calls = calls;
        this.records = records;
    }

    public void list(Exchange exchange) throws Exception {
        calls.run(exchange, Grant.PROVIDER_ONLY, r -> Reply.json(records.page(new QuarantinedRecords.Filter(r.query("module"),
                r.query("reason"), r.queryDate("from"), r.queryDate("to"), r.queryLong("before"),
                r.queryInt("limit", 100, 1, 500)))));
    }
}
