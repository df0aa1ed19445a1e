package io.usagebilling.sources;

import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.domain.UsageRecord;
import java.util.List;

/**
 * One page of a module's usage source after normalization: the valid records, the rejected ones
 * (for quarantine) and the URL of the next page, or null on the last page.
 */
public record SourcePage(List<UsageRecord> records, List<RejectedRecord> rejected, String nextPageUrl) {

    public SourcePage {
        records = List.copyOf(records);
        rejected = List.copyOf(rejected);
    }
}
