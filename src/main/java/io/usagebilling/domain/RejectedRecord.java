package io.usagebilling.domain;

import java.util.Objects;

/**
 * A source record that could not be normalized. It is kept in quarantine with the reason and the
 * raw payload, never dropped. {@code sourceRecordId} is null when the record had no usable id.
 */
public record RejectedRecord(String module, String sourceRecordId, String reason, String payload) {

    public RejectedRecord {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(payload, "payload");
    }
}
