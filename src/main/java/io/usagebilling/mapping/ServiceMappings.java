package io.usagebilling.mapping;

import io.usagebilling.domain.InputProblem;
import io.usagebilling.domain.Proration;
import io.usagebilling.store.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Module billing type + company -> contract service line, with its proration policy. The contract
 * must be one of the company's own; when a request names none, the company's single active
 * recurring contract is taken, and several are a conflict to resolve by naming one, never a guess.
 */
public final class ServiceMappings {

    /** A mapping as stored. */
    public record ServiceMapping(String module, String billingType, long company, String companyName, long contract,
            long service, String proration, String mappedBy, OffsetDateTime mappedAt) {}

    /** What a caller asks for; {@code contract} may be null. */
    public record Request(String module, String billingType, Long company, Long contract, Long service, String proration) {}

    private final Jdbc jdbc;

    public ServiceMappings(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public List<ServiceMapping> list(Long company) {
        return jdbc.query("""
                SELECT s.*, c.name AS company_name FROM service_mapping s JOIN company c ON c.id = s.company_id
                WHERE ?::bigint IS NULL OR s.company_id = ?
                ORDER BY s.company_id, s.module_id, s.billing_type""",
                rs -> new ServiceMapping(rs.getString("module_id"), rs.getString("billing_type"), rs.getLong("company_id"),
                        rs.getString("company_name"), rs.getLong("contract_id"), rs.getLong("service_id"),
                        rs.getString("proration"), rs.getString("mapped_by"), rs.getObject("mapped_at", OffsetDateTime.class)),
                company, company);
    }

    /** Creates a mapping; the same mapping again changes nothing. Returns the contract it names. */
    public long create(Request request, String actor) {
        return jdbc.inTransaction(c -> create(c, request, actor));
    }

    static long create(Connection c, Request r, String actor) throws SQLException {
        OrgMappings.requireModule(c, r.module());
        if (r.billingType() == null || Jdbc.query(c, "SELECT 1 FROM module_billing_type WHERE module_id = ? AND billing_type = ?",
                rs -> 1, r.module(), r.billingType()).isEmpty()) {
            throw InputProblem.invalid("billingType", "module " + r.module() + " has no billing type '" + r.billingType() + "'");
        }
        long company = positive("company", r.company());
        if (Jdbc.query(c, "SELECT 1 FROM company WHERE id = ?", rs -> 1, company).isEmpty()) {
            throw InputProblem.invalid("company", "unknown company " + company + " (not among the PSA's companies)");
        }
        long service = positive("service", r.service());
        Proration proration = proration(r.proration());
        long contract = r.contract() == null ? onlyRecurringContract(c, company) : checkedContract(c, r.contract(), company);
        Optional<Map<String, Object>> existing = Jdbc.query(c, """
                SELECT contract_id, service_id, proration FROM service_mapping
                WHERE module_id = ? AND billing_type = ? AND company_id = ? FOR UPDATE""",
                rs -> state(rs.getLong(1), rs.getLong(2), rs.getString(3)), r.module(), r.billingType(), company)
                .stream().findFirst();
        Map<String, Object> wanted = state(contract, service, proration.code());
        if (existing.isPresent()) {
            if (existing.get().equals(wanted)) {
                return contract;
            }
            throw InputProblem.conflict("contract", r.module() + "/" + r.billingType() + " of company " + company
                    + " is already mapped to " + existing.get() + "; delete that mapping first");
        }
        List<String> otherPolicy = Jdbc.query(c, "SELECT proration FROM service_mapping WHERE contract_id = ? AND service_id = ? AND proration <> ?",
                rs -> rs.getString(1), contract, service, proration.code());
        if (!otherPolicy.isEmpty()) {
            throw InputProblem.conflict("proration", "contract " + contract + " service " + service
                    + " is already mapped with proration " + otherPolicy.get(0) + "; one service line has one proration policy");
        }
        Jdbc.update(c, """
                INSERT INTO service_mapping (module_id, billing_type, company_id, contract_id, service_id, proration, mapped_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", r.module(), r.billingType(), company, contract, service, proration.code(), actor);
        MappingHistory.record(c, MappingHistory.SERVICE, key(r.module(), r.billingType(), company), null, wanted, actor);
        return contract;
    }

    public void delete(String module, String billingType, long company, String actor) {
        jdbc.inTransaction(c -> {
            delete(c, module, billingType, company, actor);
            return null;
        });
    }

    static void delete(Connection c, String module, String billingType, long company, String actor) throws SQLException {
        List<Map<String, Object>> deleted = Jdbc.query(c, """
                DELETE FROM service_mapping WHERE module_id = ? AND billing_type = ? AND company_id = ?
                RETURNING contract_id, service_id, proration""",
                rs -> state(rs.getLong(1), rs.getLong(2), rs.getString(3)), module, billingType, company);
        if (deleted.isEmpty()) {
            throw InputProblem.notFound("billingType", "no service mapping for " + key(module, billingType, company));
        }
        MappingHistory.record(c, MappingHistory.SERVICE, key(module, billingType, company), deleted.get(0), null, actor);
    }

    /** A contract named by the caller: it must be the company's own (once the PSA's contracts are known). */
    private static long checkedContract(Connection c, long contract, long company) throws SQLException {
        positive("contract", contract);
        Optional<Long> owner = Jdbc.query(c, "SELECT company_id FROM contract WHERE id = ?", rs -> rs.getLong(1), contract)
                .stream().findFirst();
        if (owner.isPresent() && owner.get() != company) {
            throw InputProblem.conflict("contract", "contract " + contract + " belongs to company " + owner.get()
                    + ", not company " + company);
        }
        if (owner.isEmpty() && !Jdbc.query(c, "SELECT 1 FROM contract LIMIT 1", rs -> 1).isEmpty()) {
            throw InputProblem.invalid("contract", "unknown contract " + contract + " (not among the PSA's contracts)");
        }
        return contract;
    }

    private static long onlyRecurringContract(Connection c, long company) throws SQLException {
        List<Long> recurring = Jdbc.query(c, "SELECT id FROM contract WHERE company_id = ? AND recurring AND active ORDER BY id",
                rs -> rs.getLong(1), company);
        if (recurring.size() == 1) {
            return recurring.get(0);
        }
        throw InputProblem.conflict("contract", recurring.isEmpty()
                ? "company " + company + " has no active recurring contract in the PSA; name the contract"
                : "company " + company + " has " + recurring.size() + " active recurring contracts ("
                        + recurring.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "); name one");
    }

    private static long positive(String field, Long value) {
        if (value == null || value <= 0) {
            throw InputProblem.invalid(field, "'" + field + "' must be a positive id" + (value == null ? "" : ", not " + value));
        }
        return value;
    }

    private static Proration proration(String code) {
        try {
            return Proration.fromCode(code == null ? "" : code);
        } catch (IllegalArgumentException e) {
            throw InputProblem.invalid("proration", e.getMessage());
        }
    }

    static String key(String module, String billingType, long company) {
        return module + "/" + billingType + "/" + company;
    }

    private static Map<String, Object> state(long contract, long service, String proration) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("contract", contract);
        state.put("service", service);
        state.put("proration", proration);
        return state;
    }
}
