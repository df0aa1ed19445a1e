package io.usagebilling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.DatabasePerClass;
import io.usagebilling.store.Jdbc;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each batch forgets the signatures older than the replay memory in its own transaction. Under a
 * steady load every batch finds the same few expired rows: a batch must not wait for another open
 * batch that is forgetting them, or all batches queue behind one another's commits.
 */
class CallbackReplaysTest extends DatabasePerClass {

    @Test
    void aBatchDoesNotWaitForAnotherOpenBatchForgettingTheSameOldSignatures() throws Exception {
        jdbc.update("INSERT INTO callback_signature (module_id, signature, received_at)"
                + " SELECT 'vulscan', 'old-' || i, now() - interval '1 hour' FROM generate_series(1, 5) AS i");
        CallbackReplays replays = new CallbackReplays(database.dataSource(), Duration.ofMinutes(10));

        try (Connection first = database.dataSource().getConnection();
                Connection second = database.dataSource().getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            assertThat(replays.firstUse(first, "vulscan", "sig-1")).isTrue();
            Jdbc.update(second, "SET LOCAL lock_timeout = '3s'"); // waiting would fail the batch, not hang the test
            assertThat(replays.firstUse(second, "vulscan", "sig-2")).isTrue();
            second.commit();
            first.commit();
        }
        assertThat(jdbc.queryLong("SELECT count(*) FROM callback_signature WHERE signature LIKE 'old-%'")).isZero();
        assertThat(jdbc.queryLong("SELECT count(*) FROM callback_signature WHERE signature LIKE 'sig-%'")).isEqualTo(2);
        try (Connection again = database.dataSource().getConnection()) {
            assertThat(replays.firstUse(again, "vulscan", "sig-1")).as("a replay").isFalse();
        }
    }
}
