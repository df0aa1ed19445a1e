package io.usagebilling.store;

import java.sql.SQLException;

/** A database call failed; carries PostgreSQL's own message. */
public class StoreException extends RuntimeException {

    public StoreException(SQLException cause) {
        super("database error: " + cause.getMessage(), cause);
    }
}
