package io.usagebilling.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.app.BillingApp;
import io.usagebilling.domain.Invoice;
import io.usagebilling.domain.InvoiceLine;
import io.usagebilling.domain.Money;
import io.usagebilling.domain.UsageRecord;
import io.usagebilling.intake.UsageStore;
import io.usagebilling.intake.normalize.SourcePage;
import io.usagebilling.support.BillingFixture;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden invoices for the seeds' billing rules, from raw usage records through the daily syncs'
 * quantities (the shipped catalog's rules) to the month close. One company, all lines daily;
 * arithmetic by hand in the comments.
 */
class GoldenRuleInvoicesTest {

    private static final YearMonth SEP = YearMonth.of(2026, 9);

    @TempDir
    Path mappings;

    @Test
    void vmSocketsOverTwoATrialEndingMidMonthExtraBrandingsAndEndpointBackupV1V2() throws Exception {
        writeMappings();
        try (BillingFixture fixture = new BillingFixture().with("billing.mappings-dir", mappings.toString())) {
            BillingApp app = fixture.start();
            Map<String, List<UsageRecord>> usage = new TreeMap<>();
            // vm-1: first seen 1 Aug (trial over by September), 5 sockets all September: 3 billable a day.
            usage(usage, "managed-backup-licenses", "vm-server-socket", "vm-1", 5, LocalDate.of(2026, 8, 1));
            // vm-2: first seen 10 Sep with 4 sockets: trial 10-23 Sep, 2 billable a day on 24-30 Sep.
            for (LocalDate d = SEP.atDay(1); !d.isAfter(SEP.atEndOfMonth()); d = d.plusDays(1)) {
                usage(usage, "managed-backup-licenses", "vm-server-socket", "vm-1", 5, d);
                if (d.getDayOfMonth() >= 10) {
                    usage(usage, "managed-backup-licenses", "vm-server-socket", "vm-2", 4, d);
                }
                // three brandings, one free: 2 a day.
                for (String b : new String[] {"brand-1", "brand-2", "brand-3"}) {
                    usage(usage, "managed-backup-licenses", "advanced-rebranding-custom-ssl", b, 1, d);
                }
                // pc-1 has v1 (50 GB) and v2 (30 GB): only v2 counts; pc-2 v1 only (20); pc-3 v2 only (10).
                usage(usage, "endpoint-backup-v1", "storage", "pc-1", 50, d);
                usage(usage, "endpoint-backup-v2", "storage", "pc-1", 30, d);
                usage(usage, "endpoint-backup-v1", "storage", "pc-2", 20, d);
                usage(usage, "endpoint-backup-v2", "storage", "pc-3", 10, d);
            }
            // the modules push this usage (CSV exports), stored as the intake stores it
            UsageStore store = new UsageStore(fixture.dataSource());
            usage.forEach((module, records) ->
                    store.storePushed(module, SEP.atDay(1), new SourcePage(records, List.of(), null, null)));
            for (LocalDate d = SEP.atDay(1); !d.isAfter(SEP.atEndOfMonth()); d = d.plusDays(1)) {
                app.syncDay(d);
            }

            Invoice invoice = app.closeMonth(SEP).invoices().get(0).invoice();

            // Sockets: (30 × 3 + 7 × 2) = 104 socket-days × 4.00 ÷ 30 = 13.8667 → 13.87.
            assertThat(line(invoice, 505).amount()).isEqualTo(usd("13.87"));
            // Brandings: 2 × 30 = 60 branding-days × 10.00 ÷ 30 = 20.00.
            assertThat(line(invoice, 506).amount()).isEqualTo(usd("20.00"));
            // Endpoint Backup: (30 + 20 + 10) = 60 GB a day × 30 days × 0.10 ÷ 30 = 6.00.
            assertThat(line(invoice, 504).amount()).isEqualTo(usd("6.00"));
            // 13.87 + 20.00 + 6.00 = 39.87: above the 20.00 minimum, no top-up.
            assertThat(invoice.totals().total()).isEqualTo(usd("39.87"));
        }
    }

    private static InvoiceLine line(Invoice invoice, long service) {
        return invoice.lines().stream().filter(l -> l.line().serviceId() == service).findFirst().orElseThrow();
    }

    private static void usage(Map<String, List<UsageRecord>> usage, String module, String type, String asset, int quantity,
            LocalDate day) {
        usage.computeIfAbsent(module, m -> new ArrayList<>()).add(new UsageRecord(module, "org-1", "Acme", type, asset,
                BigDecimal.valueOf(quantity), day, module + "-" + type + "-" + asset + "-" + day));
    }

    private static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    private void writeMappings() throws IOException {
        Files.copy(Path.of("mappings", "modules.yaml"), mappings.resolve("modules.yaml"));
        Files.writeString(mappings.resolve("organizations.yaml"), """
                companies:
                  - {id: 101, name: Acme}
                organizations:
                  - {module: managed-backup-licenses, org: org-1, company: 101}
                  - {module: endpoint-backup-v1, org: org-1, company: 101}
                  - {module: endpoint-backup-v2, org: org-1, company: 101}
                """);
        Files.writeString(mappings.resolve("services.yaml"), """
                services:
                  - {module: endpoint-backup-v1, billingType: storage, company: 101, contract: 11, service: 504, proration: daily}
                  - {module: endpoint-backup-v2, billingType: storage, company: 101, contract: 11, service: 504, proration: daily}
                  - {module: managed-backup-licenses, billingType: vm-server-socket, company: 101, contract: 11, service: 505, proration: daily}
                  - {module: managed-backup-licenses, billingType: advanced-rebranding-custom-ssl, company: 101, contract: 11, service: 506, proration: daily}
                """);
        Files.writeString(mappings.resolve("prices.yaml"), """
                prices:
                  - {module: endpoint-backup-v1, billingType: storage, currency: USD, unitPrice: 0.10, effectiveFrom: 2024-01-01}
                  - {module: endpoint-backup-v2, billingType: storage, currency: USD, unitPrice: 0.10, effectiveFrom: 2024-01-01}
                  - {module: managed-backup-licenses, billingType: vm-server-socket, currency: USD, unitPrice: 4.00, effectiveFrom: 2024-01-01}
                  - {module: managed-backup-licenses, billingType: advanced-rebranding-custom-ssl, currency: USD, unitPrice: 10.00, effectiveFrom: 2024-01-01}
                """);
    }
}
