package io.usagebilling.intake.normalize;

import io.usagebilling.domain.RejectedRecord;
import io.usagebilling.domain.UsageRecord;
import java.util.List;

/**
 * One page of a module's usage source after normalization: the valid records, the rejected ones
 * (for quarantine), how many it held that are no client's usage (left out: JsonShape.skipOrgName),
 * and where the next page is: its URL (next-link paging) or cursor (cursor paging); both null on the
 * last page or when the module pages by number.
 */
public record SourcePage(List<UsageRecord> records, List<RejectedRecord> rejected, int leftOut, String nextPageUrl,
                         String cursor) {

    public SourcePage {
        records = List.copyOf(records);
        rejected = List.copyOf(rejected);
    }

    /** A page with nothing left out. */
    public SourcePage(List<UsageRecord> records, List<RejectedRecord> rejected, String nextPageUrl, String cursor) {
        this(records, rejected, 0, nextPageUrl, cursor);
    }

    /** How many records the page held, good, bad or left out (a page of left-out records is not the last). */
    public int size() {
        return records.size() + rejected.size() + leftOut;
    }
}
