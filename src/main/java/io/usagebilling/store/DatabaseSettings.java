package io.usagebilling.store;

import java.nio.file.Path;

/**
 * Where the data lives: an external PostgreSQL when {@code url} is set, otherwise an embedded
 * PostgreSQL whose files are kept in {@code embeddedDataDir}.
 */
public record DatabaseSettings(String url, String user, String password, Path embeddedDataDir) {

    public boolean external() {
        return url != null;
    }
}
