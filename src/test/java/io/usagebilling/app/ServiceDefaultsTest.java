package io.usagebilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.store.Database;
import io.usagebilling.store.DatabaseSettings;
import io.usagebilling.support.BillingFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator gets without configuring anything: safe defaults. */
class ServiceDefaultsTest {

    @TempDir
    Path data;

    @Test
    void theEmbeddedPostgresqlIsDurable() throws Exception {
        try (Database db = Database.open(new DatabaseSettings(null, null, null, data));
                Connection c = db.dataSource().getConnection()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
                    rs.next();
                    assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    @Test
    void theHttpServerListensOnLoopbackUnlessToldOtherwise() throws Exception {
        try (BillingFixture fixture = new BillingFixture().withHttpServer()) {
            BillingApp app = fixture.start();

            assertThat(app.context().getRegistry().findByType(VertxPlatformHttpRouter.class))
                    .extracting(router -> router.getServer().getHost()).containsExactly("127.0.0.1");
        }
    }
}
