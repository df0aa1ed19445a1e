package io.usagebilling.sim.psa;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.sim.psa.AutotaskSimulator.Adjustment;
import io.usagebilling.sim.psa.AutotaskSimulator.ImplicitServiceLine;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The data of one simulated Autotask database: companies, recurring contracts, their service lines
 * and the adjustments made to them. ContractServiceUnits rows are derived, never stored: one per
 * billing period of the contract (monthly unless set: quarterly, yearly... as Autotask's period
 * types), split at every adjustment's effective date. All methods synchronized.
 */
final class AutotaskTenant {

    static final Map<String, Set<String>> FIELDS = Map.of(
            "Companies", fields("id", "companyName", "companyType", "isActive"),
            "Contracts", fields("id", "companyID", "contractName", "contractType", "status"),
            "ContractServices", fields("id", "contractID", "serviceID"),
            "ContractServiceUnits", fields("id", "contractID", "serviceID", "contractServiceID", "startDate", "endDate", "units"));

    /** Periods materialized past a line's start when nothing later is asked about or adjusted. */
    private static final int DEFAULT_MONTHS = 12;
    /** Upper bound on periods per line, so a query for the year 9999 stays cheap. */
    private static final int MAX_MONTHS = 240;
    /** Autotask's picklist value for a Recurring Service contract. */
    private static final int RECURRING_SERVICE_CONTRACT = 7;

    private record Contract(long id, long companyId, String name) { }

    private record LineKey(long contractId, long serviceId) { }

    private record ContractService(long id, long contractId, long serviceId, BigDecimal initialUnits, LocalDate startDate) { }

    private record UnitRowKey(long contractServiceId, LocalDate startDate) { }

    private final Map<Long, String> companies = new TreeMap<>();
    private final Map<Long, Contract> contracts = new TreeMap<>();
    /** Months per billing period of a contract; 1 when not set. */
    private final Map<Long, Integer> periodMonths = new HashMap<>();
    private final Map<LineKey, ContractService> services = new LinkedHashMap<>();
    private final List<Adjustment> adjustments = new ArrayList<>();
    /** The same adjustments by line, so a line's unit rows are derived from its own changes only. */
    private final Map<LineKey, List<Adjustment>> adjustmentsByLine = new HashMap<>();
    private final List<ImplicitServiceLine> implicitLines = new ArrayList<>();
    /** Keeps a unit row's id stable across queries, including after a later split shortens it. */
    private final Map<UnitRowKey, Long> unitRowIds = new HashMap<>();
    private long nextContractServiceId = 70_001;
    private long nextUnitRowId = 80_001;
    private long nextAdjustmentId = 90_001;

    synchronized void addCompany(long id, String name) {
        companies.put(id, name);
    }

    synchronized void addContract(long id, long companyId, String name) {
        if (!companies.containsKey(companyId)) {
            throw new IllegalArgumentException("no company " + companyId + " for contract " + id);
        }
        contracts.put(id, new Contract(id, companyId, name));
    }

    synchronized void billingPeriodMonths(long contractId, int months) {
        if (months < 1 || 12 % months != 0) {
            throw new IllegalArgumentException("a billing period of 1, 2, 3, 4, 6 or 12 months, not " + months);
        }
        periodMonths.put(contractId, months);
    }

    /** The line's unit rows as "start..end:units", for a test to read. */
    synchronized List<String> unitRows(long contractId, long serviceId) {
        return rows("ContractServiceUnits", Optional.empty(), Optional.of(Set.of(contractId)), Optional.of(Set.of(serviceId)))
                .stream()
                .map(r -> r.path("startDate").asText().substring(0, 10) + ".." + r.path("endDate").asText().substring(0, 10)
                        + ":" + r.path("units").decimalValue().toPlainString()).toList();
    }

    synchronized void addLine(long contractId, long serviceId, BigDecimal initialUnits, LocalDate startDate) {
        if (!contracts.containsKey(contractId)) {
            throw new IllegalArgumentException("no contract " + contractId + " for service " + serviceId);
        }
        wholeUnits(initialUnits);
        LineKey key = new LineKey(contractId, serviceId);
        if (services.containsKey(key)) {
            throw new IllegalArgumentException("contract " + contractId + " already has service " + serviceId);
        }
        services.put(key, new ContractService(nextContractServiceId++, contractId, serviceId, initialUnits, startDate));
    }

    /**
     * Applies one adjustment and returns its id. Like Autotask, a service the contract does not
     * have yet is created on the spot (from the effective date, 0 units before the change).
     */
    synchronized long applyAdjustment(long contractId, long serviceId, LocalDate effectiveDate, BigDecimal unitChange) {
        wholeUnits(unitChange);
        if (!contracts.containsKey(contractId)) {
            throw AutotaskSimError.badRequest("contractID " + contractId + " does not exist");
        }
        LineKey key = new LineKey(contractId, serviceId);
        ContractService line = services.get(key);
        if (line == null) {
            services.put(key, new ContractService(nextContractServiceId++, contractId, serviceId, BigDecimal.ZERO, effectiveDate));
            implicitLines.add(new ImplicitServiceLine(contractId, serviceId, effectiveDate));
        } else if (effectiveDate.isBefore(line.startDate())) {
            throw AutotaskSimError.badRequest("effectiveDate " + effectiveDate + " is before contract " + contractId
                    + " service " + serviceId + " starts (" + line.startDate() + ")");
        }
        Adjustment adjustment = new Adjustment(contractId, serviceId, effectiveDate, unitChange);
        adjustments.add(adjustment);
        adjustmentsByLine.computeIfAbsent(key, k -> new ArrayList<>()).add(adjustment);
        return nextAdjustmentId++;
    }

    synchronized List<Adjustment> adjustments() {
        return List.copyOf(adjustments);
    }

    synchronized List<ImplicitServiceLine> implicitServiceLines() {
        return List.copyOf(implicitLines);
    }

    /** Units in force on {@code date}; 0 before the line starts or when there is no such line. */
    synchronized BigDecimal unitsOn(long contractId, long serviceId, LocalDate date) {
        ContractService line = services.get(new LineKey(contractId, serviceId));
        return line == null ? BigDecimal.ZERO : unitsOn(line, date);
    }

    /**
     * All rows of an entity, in id order, or for the entities that have a contractID and serviceID only
     * those of the contracts {@code contractIds} and services {@code serviceIds} when given. For
     * ContractServiceUnits, periods run from each line's start through the latest of: 12 months, its
     * last adjustment, {@code latestDateAsked}.
     */
    synchronized List<ObjectNode> rows(String entity, Optional<LocalDate> latestDateAsked, Optional<Set<Long>> contractIds,
                                       Optional<Set<Long>> serviceIds) {
        List<ContractService> lines = services.values().stream()
                .filter(s -> contractIds.isEmpty() || contractIds.get().contains(s.contractId()))
                .filter(s -> serviceIds.isEmpty() || serviceIds.get().contains(s.serviceId())).toList();
        List<ObjectNode> rows = new ArrayList<>();
        switch (entity) {
            case "Companies" -> companies.forEach((id, name) -> rows.add(object()
                    .put("id", id).put("companyName", name).put("companyType", 1).put("isActive", true)));
            case "Contracts" -> contracts.values().forEach(c -> rows.add(object()
                    .put("id", c.id()).put("companyID", c.companyId()).put("contractName", c.name())
                    .put("contractType", RECURRING_SERVICE_CONTRACT).put("status", 1)));
            case "ContractServices" -> lines.forEach(s -> rows.add(object()
                    .put("id", s.id()).put("contractID", s.contractId()).put("serviceID", s.serviceId())));
            case "ContractServiceUnits" -> lines.forEach(s -> unitRows(s, latestDateAsked, rows));
            default -> throw new IllegalArgumentException("not a simulated entity: " + entity);
        }
        rows.sort((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong()));
        return rows;
    }

    private void unitRows(ContractService line, Optional<LocalDate> latestDateAsked, List<ObjectNode> out) {
        YearMonth first = YearMonth.from(line.startDate());
        YearMonth last = first.plusMonths(DEFAULT_MONTHS - 1);
        TreeSet<LocalDate> changeDates = new TreeSet<>();
        for (Adjustment a : adjustmentsOf(line)) {
            changeDates.add(a.effectiveDate());
            last = max(last, YearMonth.from(a.effectiveDate()));
        }
        if (latestDateAsked.isPresent()) {
            last = max(last, YearMonth.from(latestDateAsked.get()));
        }
        last = last.isAfter(first.plusMonths(MAX_MONTHS - 1)) ? first.plusMonths(MAX_MONTHS - 1) : last;

        int months = periodMonths.getOrDefault(line.contractId(), 1);
        for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(months)) {
            LocalDate periodStart = max(month.atDay(1), line.startDate());
            LocalDate periodEnd = month.plusMonths(months - 1).atEndOfMonth();
            // an adjustment inside the period ends the running row the day before it and starts a new one
            List<LocalDate> rowStarts = new ArrayList<>();
            rowStarts.add(periodStart);
            rowStarts.addAll(changeDates.subSet(periodStart, false, periodEnd, true));
            for (int i = 0; i < rowStarts.size(); i++) {
                LocalDate start = rowStarts.get(i);
                LocalDate end = i + 1 < rowStarts.size() ? rowStarts.get(i + 1).minusDays(1) : periodEnd;
                long id = unitRowIds.computeIfAbsent(new UnitRowKey(line.id(), start), k -> nextUnitRowId++);
                out.add(object().put("id", id).put("contractID", line.contractId()).put("serviceID", line.serviceId())
                        .put("contractServiceID", line.id())
                        .put("startDate", start + "T00:00:00").put("endDate", end + "T00:00:00")
                        .put("units", unitsOn(line, start)));
            }
        }
    }

    private BigDecimal unitsOn(ContractService line, LocalDate date) {
        if (date.isBefore(line.startDate())) {
            return BigDecimal.ZERO;
        }
        BigDecimal units = line.initialUnits();
        for (Adjustment a : adjustmentsOf(line)) {
            if (!a.effectiveDate().isAfter(date)) {
                units = units.add(a.unitChange());
            }
        }
        return units.stripTrailingZeros();
    }

    private List<Adjustment> adjustmentsOf(ContractService line) {
        return adjustmentsByLine.getOrDefault(new LineKey(line.contractId(), line.serviceId()), List.of());
    }

    /** Units and unit changes are int32 in Autotask's published models: a fraction here is a test's mistake. */
    private static void wholeUnits(BigDecimal units) {
        try {
            units.stripTrailingZeros().intValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Autotask units are whole numbers (int32), not " + units.toPlainString(), e);
        }
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static <T extends Comparable<? super T>> T max(T a, T b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Set<String> fields(String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
    }
}
