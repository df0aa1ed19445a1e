package io.usagebilling.psa;

import io.usagebilling.domain.ContractLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.NavigableMap;

/**
 * The PSA of a command that never calls it (status, unmapped, licenses, export...), started without
 * the PSA's settings: its request budget is read as usual; a call would fail naming the missing setting.
 */
public final class UnconfiguredPsa implements ContractUnits {

    private final PsaHttp http;
    private final String missing;

    public UnconfiguredPsa(PsaHttp http, String missing) {
        this.http = http;
        this.missing = missing;
    }

    @Override
    public NavigableMap<LocalDate, BigDecimal> unitsBetween(ContractLine line, LocalDate from, LocalDate to) {
        throw new IllegalStateException("the PSA is not configured for this command: " + missing);
    }

    @Override
    public void adjust(ContractLine line, LocalDate effectiveDate, BigDecimal unitChange) {
        throw new IllegalStateException("the PSA is not configured for this command: " + missing);
    }

    @Override
    public PsaHttp http() {
        return http;
    }
}
