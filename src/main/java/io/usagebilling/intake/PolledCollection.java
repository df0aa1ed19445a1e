package io.usagebilling.intake;

import java.time.LocalDate;

/** One attempt at collecting a polled module's usage for a day, within a sync run. */
public record PolledCollection(long id, long syncRunId, String module, LocalDate day) {}
