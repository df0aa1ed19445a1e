package io.usagebilling.api;

import io.usagebilling.delivery.DeliveryLedger.PlanLine;
import java.util.LinkedHashMap;
import java.util.Map;

/** A planned or sent PSA change as the REST API shows it (plans, reconciliation). */
final class PlanLineJson {

    private PlanLineJson() {}

    static Map<String, Object> of(PlanLine l) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("contractId", l.line().contractId());
        change.put("serviceId", l.line().serviceId());
        change.put("effectiveDate", l.effectiveDate().toString());
        change.put("psaUnitsBefore", l.psaUnitsNow());
        change.put("targetUnits", l.targetUnits());
        change.put("unitChange", l.unitChange());
        change.put("status", l.status());
        return change;
    }
}
