package io.usagebilling.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.store.Database;
import io.usagebilling.store.DatabaseSettings;
import io.usagebilling.support.BillingFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    /** No local user may connect as its superuser without the secret kept, readable by its owner only, in the folder. */
    @Test
    void theEmbeddedPostgresqlAsksForAPassword() throws Exception {
        try (Database db = Database.open(new DatabaseSettings(null, null, null, data))) {
            String url = "jdbc:postgresql://127.0.0.1:" + Files.readAllLines(data.resolve("postmaster.pid")).get(3).trim() + "/postgres";
            Path secret = data.resolve("billing-db.secret");

            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "")).isInstanceOf(SQLException.class);
            assertThat(Files.getPosixFilePermissions(secret)).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            try (Connection c = DriverManager.getConnection(url, "postgres", Files.readString(secret).strip())) {
                assertThat(c.isValid(1)).isTrue();
            }
        }
        try (Database again = Database.open(new DatabaseSettings(null, null, null, data));
                Connection c = again.dataSource().getConnection()) {
            assertThat(c.isValid(1)).as("started again with its secret").isTrue();
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
