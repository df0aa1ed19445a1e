package io.usagebilling.mapping;

import io.usagebilling.psa.PsaDirectory;
import io.usagebilling.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * PostgreSQL's copy of the PSA's companies and contracts. A refresh replaces it in one transaction:
 * what the PSA no longer lists is kept (mappings may name it) but marked inactive.
 */
public final class CompanyDirectory {

    /** A company as cached. */
    public record Company(long id, String name, boolean active) {}

    /** A contract as cached. */
    public record Contract(long id, long companyId, String name, boolean recurring, boolean active) {}

    private final Jdbc jdbc;

    public CompanyDirectory(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Stores what the PSA listed; returns how many companies and contracts it listed. */
    public int[] refresh(List<PsaDirectory.Company> companies, List<PsaDirectory.Contract> contracts) {
        return jdbc.inTransaction(c -> {
            Jdbc.update(c, "UPDATE company SET active = false WHERE refreshed_at IS NOT NULL");
            Jdbc.update(c, "UPDATE contract SET active = false");
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO company (id, name, active, refreshed_at) VALUES (?, ?, ?, now())
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = excluded.active,
                        refreshed_at = excluded.refreshed_at""")) {
                for (PsaDirectory.Company co : companies) {
                    Jdbc.bind(ps, co.id(), co.name(), co.active());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            insertContracts(c, contracts);
            return new int[] {companies.size(), contracts.size()};
        });
    }

    private static void insertContracts(Connection c, List<PsaDirectory.Contract> contracts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO contract (id, company_id, name, recurring, active, refreshed_at) VALUES (?, ?, ?, ?, ?, now())
                ON CONFLICT (id) DO UPDATE SET company_id = excluded.company_id, name = excluded.name,
                    recurring = excluded.recurring, active = excluded.active, refreshed_at = excluded.refreshed_at""")) {
            for (PsaDirectory.Contract k : contracts) {
                Jdbc.bind(ps, k.id(), k.companyId(), k.name(), k.recurring(), k.active());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public List<Company> companies() {
        return jdbc.query("SELECT id, name, active FROM company ORDER BY name, id",
                rs -> new Company(rs.getLong("id"), rs.getString("name"), rs.getBoolean("active")));
    }

    public Optional<Company> company(long id) {
        return jdbc.query("SELECT id, name, active FROM company WHERE id = ?",
                rs -> new Company(rs.getLong("id"), rs.getString("name"), rs.getBoolean("active")), id).stream().findFirst();
    }

    public List<Contract> contractsOf(long companyId) {
        return jdbc.query("SELECT * FROM contract WHERE company_id = ? ORDER BY id", CompanyDirectory::contract, companyId);
    }

    private static Contract contract(ResultSet rs) throws SQLException {
        return new Contract(rs.getLong("id"), rs.getLong("company_id"), rs.getString("name"), rs.getBoolean("recurring"),
                rs.getBoolean("active"));
    }
}
