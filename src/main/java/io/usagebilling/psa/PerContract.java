package io.usagebilling.psa;

import io.usagebilling.domain.ContractLine;
import io.usagebilling.psa.PsaException.Outcome;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The bulk read of a PSA that keeps a contract's lines together (Kaseya BMS's contract services,
 * ConnectWise's agreement additions, HaloPSA's recurring invoice): one read of each contract serves
 * all its lines. A contract or line the PSA refuses is left out, for the caller to read alone and learn
 * why; any other failure is thrown (see {@link ContractUnits#unitsBetween(Collection, LocalDate, LocalDate)}).
 */
public final class PerContract {

    private PerContract() {}

    /**
     * @param readContract reads the contract of the line given (the first asked for of that contract)
     * @param unitsOfLine  a line's step function from its contract as read
     */
    public static <C> Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> unitsOf(Collection<ContractLine> lines,
            Function<ContractLine, C> readContract, BiFunction<ContractLine, C, NavigableMap<LocalDate, BigDecimal>> unitsOfLine) {
        Map<Long, List<ContractLine>> byContract = new LinkedHashMap<>();
        lines.forEach(line -> byContract.computeIfAbsent(line.contractId(), c -> new ArrayList<>()).add(line));
        Map<ContractLine, NavigableMap<LocalDate, BigDecimal>> units = new LinkedHashMap<>();
        for (List<ContractLine> ofContract : byContract.values()) {
            C contract;
            try {
                contract = readContract.apply(ofContract.get(0));
            } catch (PsaException e) {
                refusedOrThrow(e);
                continue;
            }
            for (ContractLine line : ofContract) {
                try {
                    units.put(line, unitsOfLine.apply(line, contract));
                } catch (PsaException e) {
                    refusedOrThrow(e);
                }
            }
        }
        return units;
    }

    private static void refusedOrThrow(PsaException e) {
        if (e.outcome() != Outcome.REJECTED) {
            throw e;
        }
    }
}
