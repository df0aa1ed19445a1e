package io.usagebilling.sim.psa;

/** A request the simulated Autotask refuses: becomes {@code status} with {"errors":[message]}. */
final class AutotaskSimError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;

    AutotaskSimError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static AutotaskSimError badRequest(String message) {
        return new AutotaskSimError(400, message);
    }

    static AutotaskSimError notFound(String message) {
        return new AutotaskSimError(404, message);
    }

    /** Autotask's answer to an ApiIntegrationCode it does not know: a 500, though nothing failed. */
    static AutotaskSimError integrationCodeInvalid() {
        return new AutotaskSimError(500, "IntegrationCode is invalid.");
    }

    /** Autotask's answer to a zone lookup for a user it does not know: a 500 too. */
    static AutotaskSimError zoneUnknown() {
        return new AutotaskSimError(500, "Zone information could not be determined");
    }

    /**
     * Over the thread limit, unapplied. Autotask may answer it with a status other than 429 and code
     * Itgenatr005 (psa-wire-checks.md); which status is unconfirmed, so the simulator takes the
     * hardest for a client: a 500, which by its status reads as "may have been applied".
     */
    static AutotaskSimError threadLimitExceeded(int threads) {
        return new AutotaskSimError(500, "Itgenatr005: the API thread threshold of " + threads
                + " threads for this endpoint has been exceeded");
    }

    PsaSimHttp.Reply reply() {
        return PsaSimHttp.Reply.error(status, getMessage());
    }
}
