package io.usagebilling.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reading the application's tables in tests: each row's first column as text. */
public final class Sql {

    /** Forgets every stored usage record and the totals kept of them (usage_total_pending and the V19/V23 totals). */
    public static final String EMPTY_USAGE = "DELETE FROM usage_record; DELETE FROM usage_total_pending;"
            + " DELETE FROM usage_day_total; DELETE FROM usage_month_total; DELETE FROM usage_org_total;"
            + " DELETE FROM usage_type_total;";

    private Sql() {}

    public static List<String> rows(DataSource ds, String query, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }

    public static void execute(DataSource ds, String statements) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }
}
