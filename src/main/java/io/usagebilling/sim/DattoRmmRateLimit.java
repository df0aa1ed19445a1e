package io.usagebilling.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Datto RMM's request limit: 600 API requests in any 60 seconds, past which a request is answered
 * 429; going on while still past it earns a 403 and a block of the caller for a while, every path
 * included. How many requests after a 429 trigger the block, and how long it lasts, no public source
 * says: here the first one does, and the block lasts {@code blockFor} (aaronengels' client waits 5
 * minutes on a 403).
 */
final class DattoRmmRateLimit {

    /** What a request gets. */
    enum Verdict { SERVED, LIMITED, BLOCKED }

    private final int requests;
    private final Duration window;
    private final Duration blockFor;
    private final Deque<Instant> served = new ArrayDeque<>();
    private boolean limited;
    private Instant blockedUntil = Instant.MIN;

    DattoRmmRateLimit(int requests, Duration window, Duration blockFor) {
        if (requests < 1 || window.isNegative() || window.isZero() || blockFor.isNegative()) {
            throw new IllegalArgumentException("a rate limit needs at least one request in a positive window and a block"
                    + " of zero or more: " + requests + " in " + window + ", block " + blockFor);
        }
        this.requests = requests;
        this.window = window;
        this.blockFor = blockFor;
    }

    /** The verdict on a request at {@code now}; only API requests ({@code counted}) use up the limit. */
    synchronized Verdict admit(Instant now, boolean counted) {
        if (now.isBefore(blockedUntil)) {
            return Verdict.BLOCKED;
        }
        if (!counted) {
            return Verdict.SERVED;
        }
        while (!served.isEmpty() && !served.peekFirst().isAfter(now.minus(window))) {
            served.pollFirst();
        }
        if (served.size() < requests) {
            limited = false;
            served.addLast(now);
            return Verdict.SERVED;
        }
        if (limited) {
            limited = false;
            blockedUntil = now.plus(blockFor);
            return Verdict.BLOCKED;
        }
        limited = true;
        return Verdict.LIMITED;
    }
}
