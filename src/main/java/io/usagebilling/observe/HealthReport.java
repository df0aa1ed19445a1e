package io.usagebilling.observe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.quartz.Scheduler;

/**
 * {@code GET /observe/health}: the database answers, the Quartz scheduler runs, the PSA's address
 * accepts a connection (a TCP connect, so checking spends none of the PSA's request budget), and
 * the last daily sync had every module's usage. 200 when every check is UP; 200 and DEGRADED when
 * usage is missing or a module failed (the service runs; its lines wait); else 503. JSON with each
 * check's status and, when not up, why.
 */
public final class HealthReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TIMEOUT_MS = 3000;

    /** One check's outcome; {@code detail} says why it is down, or what was checked. */
    public record Check(String status, String detail) {
        static Check up(String detail) {
            return new Check("UP", detail);
        }

        static Check down(String detail) {
            return new Check("DOWN", detail);
        }

        static Check degraded(String detail) {
            return new Check("DEGRADED", detail);
        }
    }

    private final DataSource dataSource;
    private final Supplier<Scheduler> scheduler;
    private final String psaName;
    private final URI psaEndpoint;

    public HealthReport(DataSource dataSource, Supplier<Scheduler> scheduler, String psaName, URI psaEndpoint) {
        this.dataSource = dataSource;
        this.scheduler = scheduler;
        this.psaName = psaName;
        this.psaEndpoint = psaEndpoint;
    }

    public Map<String, Check> checks() {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("database", database());
        checks.put("scheduler", scheduler());
        checks.put("psa:" + psaName, psa());
        checks.put("usage", usage());
        return checks;
    }

    /** Answers the HTTP request: the checks as JSON, with 200 or 503. */
    public void answer(Exchange exchange) throws JsonProcessingException {
        Map<String, Check> checks = checks();
        boolean down = checks.values().stream().anyMatch(c -> c.status().equals("DOWN"));
        boolean degraded = checks.values().stream().anyMatch(c -> c.status().equals("DEGRADED"));
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, down ? 503 : 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(JSON.writeValueAsString(new Health(down ? "DOWN" : degraded ? "DEGRADED" : "UP", checks)));
    }

    /** The answer: UP, DEGRADED or DOWN, and each check by name (database, scheduler, psa:NAME, usage). */
    public record Health(String status, Map<String, Check> checks) {}

    private Check database() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(TIMEOUT_MS / 1000) ? Check.up("PostgreSQL answers") : Check.down("PostgreSQL does not answer");
        } catch (Exception e) {
            return Check.down(e.getMessage());
        }
    }

    /** The latest day's last finished sync: a module that failed or sent nothing leaves its lines waiting. */
    private Check usage() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT r.usage_date,
                    string_agg(sc.module_id, ', ' ORDER BY sc.module_id) FILTER (WHERE sc.status = 'missing') AS missing,
                    string_agg(sc.module_id, ', ' ORDER BY sc.module_id) FILTER (WHERE sc.status = 'failed') AS failed
                FROM (SELECT id, usage_date FROM sync_run WHERE kind = 'sync' AND finished_at IS NOT NULL
                      ORDER BY usage_date DESC, id DESC LIMIT 1) r
                LEFT JOIN source_collection sc ON sc.sync_run_id = r.id GROUP BY r.usage_date""");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Check.up("no daily sync yet");
            }
            String day = "sync of " + rs.getString("usage_date");
            List<String> gaps = new ArrayList<>();
            if (rs.getString("missing") != null) {
                gaps.add("missing data from " + rs.getString("missing"));
            }
            if (rs.getString("failed") != null) {
                gaps.add("failed modules " + rs.getString("failed"));
            }
            return gaps.isEmpty() ? Check.up(day + ": every module's usage")
                    : Check.degraded(day + ": " + String.join("; ", gaps) + " (their lines wait)");
        } catch (Exception e) {
            return Check.down(e.getMessage());
        }
    }

    private Check scheduler() {
        try {
            Scheduler s = scheduler.get();
            if (s == null || !s.isStarted() || s.isInStandbyMode() || s.isShutdown()) {
                return Check.down("the Quartz scheduler is not running");
            }
            return Check.up(s.getMetaData().isJobStoreClustered() ? "clustered, instance " + s.getSchedulerInstanceId()
                    : "not clustered");
        } catch (Exception e) {
            return Check.down(e.getMessage());
        }
    }

    private Check psa() {
        int port = psaEndpoint.getPort() != -1 ? psaEndpoint.getPort() : "http".equals(psaEndpoint.getScheme()) ? 80 : 443;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(psaEndpoint.getHost(), port), TIMEOUT_MS);
            return Check.up(psaEndpoint.getHost() + ":" + port + " reachable");
        } catch (IOException | IllegalArgumentException e) {
            return Check.down(psaEndpoint.getHost() + ":" + port + " unreachable: " + e.getMessage());
        }
    }
}
