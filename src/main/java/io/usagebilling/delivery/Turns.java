package io.usagebilling.delivery;

import io.usagebilling.delivery.DeliveryLedger.Delivery;
import io.usagebilling.domain.ContractLine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The planned deliveries as groups that go side by side, each a list of turns that go one after another,
 * groups in order of first appearance and each line's changes in the order given.
 */
final class Turns {

    private Turns() {}

    /** A group per line, a turn being one change. */
    static List<List<List<Delivery>>> perLine(List<Delivery> planned) {
        return byLine(planned).values().stream().map(changes -> changes.stream().map(List::of).toList()).toList();
    }

    /**
     * A group per contract, a turn being the next change of each of its lines: for a PSA whose write carries
     * the whole contract, which sends a turn in one write.
     */
    static List<List<List<Delivery>>> perContract(List<Delivery> planned) {
        Map<Long, List<List<Delivery>>> byContract = new LinkedHashMap<>();
        byLine(planned).forEach((line, changes) -> {
            List<List<Delivery>> turns = byContract.computeIfAbsent(line.contractId(), c -> new ArrayList<>());
            for (int i = 0; i < changes.size(); i++) {
                if (turns.size() == i) {
                    turns.add(new ArrayList<>());
                }
                turns.get(i).add(changes.get(i));
            }
        });
        return new ArrayList<>(byContract.values());
    }

    private static Map<ContractLine, List<Delivery>> byLine(List<Delivery> planned) {
        Map<ContractLine, List<Delivery>> byLine = new LinkedHashMap<>();
        planned.forEach(d -> byLine.computeIfAbsent(d.line(), l -> new ArrayList<>()).add(d));
        return byLine;
    }
}
