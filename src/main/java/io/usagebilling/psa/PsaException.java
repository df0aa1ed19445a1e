package io.usagebilling.psa;

/** A PSA call that failed, with whether the PSA may nevertheless have applied it. */
public class PsaException extends RuntimeException {

    public enum Outcome {
        /** The PSA answered and certainly did not apply the request (4xx, validation). */
        REJECTED,
        /** The request may have been applied (timeout or reset after sending, 5xx). */
        UNKNOWN,
        /**
         * Not sent now, certainly not applied: the hourly request budget is spent or the PSA kept
         * answering 429. The work stays planned for the next run.
         */
        DEFERRED,
        /**
         * The PSA refused our settings (credentials): certainly not applied, and nothing will be until
         * the setting the message names is fixed. The work stays planned.
         */
        MISCONFIGURED
    }

    private final Outcome outcome;
    private final int httpStatus;

    public PsaException(Outcome outcome, String message, Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
        this.httpStatus = 0;
    }

    public PsaException(Outcome outcome, String message) {
        this(outcome, message, null);
    }

    /** The PSA answered {@code httpStatus}, and that answer is the failure. */
    public PsaException(Outcome outcome, String message, int httpStatus) {
        super(message);
        this.outcome = outcome;
        this.httpStatus = httpStatus;
    }

    /** The status of the PSA's answer that failed, 0 when there was none (no answer, budget spent...). */
    public int httpStatus() {
        return httpStatus;
    }

    public Outcome outcome() {
        return outcome;
    }
}
