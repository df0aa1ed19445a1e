package io.usagebilling.delivery;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.ContractUnits;
import io.usagebilling.psa.PsaException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Each synced line's targets over a range of days beside the PSA's units, read in bulk over the whole
 * range: what reconcile compares and {@code GET /api/units} shows.
 */
final class LineReads {

    /** A line's targets and the PSA's units, both step functions; {@code psa} is null when not read, {@code unread} says why. */
    record Read(ContractLine line, NavigableMap<LocalDate, BigDecimal> target, NavigableMap<LocalDate, BigDecimal> psa,
            String unread) {}

    private final SyncedTargets targets;
    private final ContractUnits psa;

    LineReads(DataSource dataSource, ContractUnits psa) {
        this.targets = new SyncedTargets(dataSource);
        this.psa = psa;
    }

    /**
     * The synced lines (of {@code only}; null: all), by contract then service, read in bulk; a line the
     * bulk read left out is read alone, and one the PSA would not let us read has its reason.
     */
    List<Read> over(LocalDate from, LocalDate to, Collection<ContractLine> only) {
        Map<ContractLine, TreeMap<LocalDate, BigDecimal>> lines = targets.between(from, to, only);
        Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> bulk;
        try {
            bulk = lines.isEmpty() ? Map.of() : psa.unitsBetween(lines.keySet(), from, to);
        } catch (PsaException e) {
            bulk = Map.of(); // each line's own read says what failed
        }
        List<Read> reads = new ArrayList<>();
        for (Map.Entry<ContractLine, TreeMap<LocalDate, BigDecimal>> line : lines.entrySet()) {
            try {
                NavigableMap<LocalDate, BigDecimal> units = bulk.get(line.getKey());
                reads.add(new Read(line.getKey(), line.getValue(),
                        units != null ? units : psa.unitsBetween(line.getKey(), from, to), null));
            } catch (PsaException e) {
                reads.add(new Read(line.getKey(), line.getValue(), null, e.getMessage()));
            }
        }
        return reads;
    }
}
