package io.usagebilling.support;

import io.usagebilling.store.Database;
import io.usagebilling.store.DatabaseSettings;
import io.usagebilling.store.Jdbc;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A store test class's database: a schema of its own on the test PostgreSQL, migrated once per class. */
public abstract class DatabasePerClass {

    @TempDir
    protected static Path data;

    protected static Database database;
    protected static Jdbc jdbc;

    @BeforeAll
    static void openDatabase() {
        database = Database.open(new DatabaseSettings(
                TestPostgres.newSchemaUrl(), TestPostgres.user(), TestPostgres.password(), data));
        jdbc = new Jdbc(database.dataSource());
    }

    @AfterAll
    static void closeDatabase() {
        database.close();
    }
}
