package io.usagebilling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.sim.CallbackClient;
import io.usagebilling.sim.ModuleUsageGenerator.Usage;
import io.usagebilling.support.BillingFixture;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Reported: concurrent overlapping callback batches deadlocked (22 of 120 answered 500) and their
 * records were lost. Here 8 modules' clients at once send 120 batches, each a random half of one pool
 * of records of many organizations in its own random order: every answer is 202, and accepted equals
 * stored, exactly.
 */
class CallbackConcurrencyTest {

    private static final String SECRET = "vulscan-secret";
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");

    @Test
    void overlappingBatchesAtOnceLoseNothingAndNeverFail() throws Exception {
        try (BillingFixture fixture = new BillingFixture().withHttpServer()
                .with("billing.mappings-dir", "src/test/resources/callback-mappings")
                .with("callbacks.vulscan.secret", SECRET).with("callbacks.darkweb-id.secret", "darkweb-secret")) {
            fixture.start();
            List<Usage> pool = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                pool.add(new Usage("r" + i, "org-" + (i % 37), "Org " + (i % 37), "ip-addresses", null, BigDecimal.valueOf(i % 9 + 1)));
            }
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<String>> answers = new ArrayList<>();
            for (int batch = 0; batch < 120; batch++) {
                Random random = new Random(batch);
                List<Usage> records = new ArrayList<>(pool);
                Collections.shuffle(records, random);
                List<Usage> half = records.subList(0, 200);
                answers.add(clients.submit(() -> new CallbackClient(fixture.baseUrl())
                        .push("vulscan", SECRET, LocalDate.of(2026, 9, 14), half)));
            }
            long accepted = 0;
            for (Future<String> answer : answers) {
                Matcher m = ACCEPTED.matcher(answer.get()); // CallbackClient throws unless the answer is 202
                assertThat(m.find()).isTrue();
                accepted += Long.parseLong(m.group(1));
            }
            clients.shutdown();
            long stored = fixture.count("SELECT count(*) FROM usage_record WHERE module_id = 'vulscan'");
            assertThat(accepted).as("accepted").isEqualTo(stored);
            assertThat(stored).as("stored").isEqualTo(pool.size());
        }
    }
}
