package io.usagebilling.domain;

/**
 * A request that cannot be carried out as asked, naming the field at fault: invalid (400), naming
 * something that does not exist (404), or at odds with what is already there (409).
 */
public final class InputProblem extends RuntimeException {

    /** What kind of problem, with its HTTP status. */
    public enum Kind {
        INVALID(400), NOT_FOUND(404), CONFLICT(409);

        public final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    private final Kind kind;
    private final String field;

    private InputProblem(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static InputProblem invalid(String field, String message) {
        return new InputProblem(Kind.INVALID, field, message);
    }

    public static InputProblem notFound(String field, String message) {
        return new InputProblem(Kind.NOT_FOUND, field, message);
    }

    public static InputProblem conflict(String field, String message) {
        return new InputProblem(Kind.CONFLICT, field, message);
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
