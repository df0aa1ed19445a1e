package io.usagebilling.sim.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usagebilling.domain.rules.Unit;
import io.usagebilling.mapping.Mappings;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The callback bench's batches: each client is one of the shipped callback modules, pushing records
 * of its own organizations (1,000 per module) and assets, one record per asset, quantities of the
 * billing type's kind. One record in 500 is malformed, in turn a quantity that is no number, a
 * negative one, a billing type the module does not have and a record without its organization: each
 * must be quarantined. Every record id starts with the run's tag, so the run's rows can be counted.
 */
final class CallbackBatches {

    /** One signed POST's worth: the module it is for, its body and how many records it holds. */
    record Batch(String module, byte[] body, int records) {}

    static final int ORGANIZATIONS_PER_MODULE = 1_000;
    static final int MALFORMED_EVERY = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Mappings.Module> modules;
    private final LocalDate day;

    /** @param modules the callback modules, one per client in turn */
    CallbackBatches(List<Mappings.Module> modules, LocalDate day) {
        this.modules = modules;
        this.day = day;
    }

    Mappings.Module moduleOf(int client) {
        return modules.get(client % modules.size());
    }

    /** Client {@code client}'s batches of {@code records} records in all, {@code size} a batch; record ids begin with {@code tag}. */
    List<Batch> of(int client, long records, int size, String tag) {
        Mappings.Module module = moduleOf(client);
        List<Batch> batches = new ArrayList<>();
        for (long first = 0; first < records; first += size) {
            int n = (int) Math.min(size, records - first);
            ObjectNode batch = JSON.createObjectNode();
            ArrayNode array = batch.putArray("records");
            for (long i = first; i < first + n; i++) {
                array.add(record(module, client, i, tag + "c" + client + "-" + i));
            }
            batches.add(new Batch(module.id(), batch.toString().getBytes(StandardCharsets.UTF_8), n));
        }
        return batches;
    }

    private ObjectNode record(Mappings.Module module, int client, long i, String recordId) {
        Mappings.BillingType type = module.billingTypes().get((int) (i % module.billingTypes().size()));
        long org = (i * 7 + client) % ORGANIZATIONS_PER_MODULE;
        ObjectNode r = JSON.createObjectNode().put("recordId", recordId)
                .put("orgId", module.id() + "-org-" + org).put("orgName", "Client " + org + " of " + module.name())
                .put("billingType", type.id()).put("assetId", recordId + "-asset")
                .put("quantity", type.rule().unit().counting() == Unit.Counting.ONE_PER_ASSET ? 1 : 1 + i % 40)
                .put("usageDate", day.toString());
        if (i % MALFORMED_EVERY == MALFORMED_EVERY - 1) {
            switch ((int) (i / MALFORMED_EVERY % 4)) {
                case 0 -> r.put("quantity", "n/a");
                case 1 -> r.put("quantity", -3);
                case 2 -> r.put("billingType", "no-such-type");
                default -> r.remove("orgId");
            }
        }
        return r;
    }
}
