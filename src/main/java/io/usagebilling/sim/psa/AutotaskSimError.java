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
}
