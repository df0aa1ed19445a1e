package io.usagebilling.store;

import java.nio.file.Path;

/**
 * Where the data lives: an external PostgreSQL when {@code url} is set, otherwise an embedded
 * PostgreSQL whose files are kept in {@code embeddedDataDir}, durable (fsync, synchronous commit,
 * full page writes) unless {@code durable} is false: a benchmark's choice, for both sides it compares.
 */
public record DatabaseSettings(String url, String user, String password, Path embeddedDataDir, boolean durable) {

    public DatabaseSettings(String url, String user, String password, Path embeddedDataDir) {
        this(url, user, password, embeddedDataDir, true);
    }

    public boolean external() {
        return url != null;
    }
}
