package io.usagebilling.intake.normalize;

import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.domain.UsageRecord;
import java.util.List;

/**
 * One page of a module's usage source after normalization: the valid records, the rejected ones
 * (for quarantine), and where the next page is: its URL (next-link paging) or cursor (cursor
 * paging); both null on the last page or when the module pages by number.
 */
public record SourcePage(List<UsageRecord> records, List<RejectedRecord> rejected, String nextPageUrl, String cursor) {

    public SourcePage {
        records = List.copyOf(records);
        rejected = List.copyOf(rejected);
    }

    /** How many records the page held, good or bad. */
    public int size() {
        return records.size() + rejected.size();
    }
}
