package io.usagebilling.psa.halopsa;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each recurring invoice's lines as HaloPSA last answered us (our read of it, or its answer to our
 * write), for a write of the invoice that follows within {@code reuseFor} to start from instead of
 * reading it again. Halo's write replaces every line and has no version to refuse a stale copy, so the
 * time is how old an edit made in Halo may be and still be overwritten. A failed write leaves nothing
 * kept. Used under the invoice's lock; answers older than the time are dropped as new ones come.
 */
final class InvoiceAnswers {

    private record Answer(ArrayNode lines, long askedAtNanos) {}

    private final Map<Long, Answer> answers = new ConcurrentHashMap<>();
    private final long reuseForNanos;

    /** @param reuseFor zero: every write reads the invoice first */
    InvoiceAnswers(Duration reuseFor) {
        this.reuseForNanos = reuseFor.toNanos();
    }

    /** @param askedAtNanos {@link System#nanoTime()} before the request: the answer is at least that old */
    void answered(long invoice, ArrayNode lines, long askedAtNanos) {
        if (reuseForNanos > 0) {
            answers.values().removeIf(a -> !fresh(a));
            answers.put(invoice, new Answer(lines.deepCopy(), askedAtNanos));
        }
    }

    /** The invoice's lines if answered within the time, handed over once: the write about to start changes them. */
    Optional<ArrayNode> take(long invoice) {
        Answer answer = answers.remove(invoice);
        return answer != null && fresh(answer) ? Optional.of(answer.lines()) : Optional.empty();
    }

    private boolean fresh(Answer a) {
        return System.nanoTime() - a.askedAtNanos() <= reuseForNanos;
    }
}
