package io.usagebilling.sim.psa;

import com.fasterxml.jackson.databind.JsonNode;
import io.usagebilling.sim.psa.AutotaskSimulator.Fault;
import io.usagebilling.sim.psa.PsaSimHttp.Reply;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** POST ContractServiceAdjustments: validation, queued faults, and the write itself. Thread-safe. */
final class AutotaskAdjustmentEndpoint {

    private final AutotaskTenant tenant;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final AtomicLong writes = new AtomicLong();
    private volatile Duration faultDelay = Duration.ofSeconds(3);
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    AutotaskAdjustmentEndpoint(AutotaskTenant tenant) {
        this.tenant = tenant;
    }

    synchronized void failNext(Fault fault) {
        faults.addLast(Objects.requireNonNull(fault));
    }

    synchronized void clearFaults() {
        faults.clear();
    }

    void setFaultDelay(Duration delay) {
        faultDelay = Objects.requireNonNull(delay);
    }

    /** Waits until a HOLD_* fault holds a request (the client is then blocked mid-write). */
    boolean awaitHeld(Duration timeout) throws InterruptedException {
        return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets a held request end: its connection is dropped without an answer. */
    void releaseHeld() {
        released.countDown();
    }

    long writeCount() {
        return writes.get();
    }

    Reply create(JsonNode body) {
        if (!body.isObject()) {
            throw AutotaskSimError.badRequest("body must be a JSON object");
        }
        long contractId = PsaSimHttp.wholeNumber(body, "contractID").longValueExact();
        long serviceId = PsaSimHttp.wholeNumber(body, "serviceID").longValueExact();
        LocalDate effectiveDate = AutotaskQuery.datePart(AutotaskQuery.property(body, "effectiveDate"));
        if (effectiveDate == null) {
            throw AutotaskSimError.badRequest("effectiveDate is required, as YYYY-MM-DDT00:00:00");
        }
        BigDecimal unitChange = PsaSimHttp.wholeNumber(body, "unitChange");
        if (unitChange.abs().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw AutotaskSimError.badRequest("unitChange " + unitChange + " is out of int range");
        }

        Fault fault = nextFault();
        if (fault == Fault.HTTP_429) {
            return new Reply(429, Reply.errors("API request threshold exceeded; retry later"), "1");
        }
        if (fault == Fault.HTTP_500_BEFORE_APPLY) {
            return Reply.error(500, "simulated failure before applying the adjustment");
        }
        if (fault == Fault.THREAD_LIMIT) {
            throw AutotaskSimError.threadLimitExceeded(AutotaskLimits.THREADS_PER_ENDPOINT);
        }
        if (fault == Fault.INTEGRATION_CODE_REFUSED) {
            throw AutotaskSimError.integrationCodeInvalid();
        }
        if (fault == Fault.HOLD_BEFORE_APPLY) {
            hold();
            return Reply.DROP;
        }
        if (fault == Fault.HOLD_THEN_APPLY) {
            hold();
        }
        long itemId;
        try {
            itemId = tenant.applyAdjustment(contractId, serviceId, effectiveDate, unitChange);
        } catch (AutotaskSimError e) {
            keepUnused(fault);
            throw e;
        }
        writes.incrementAndGet();
        if (fault == Fault.HTTP_500_AFTER_APPLY) {
            return Reply.error(500, "simulated failure after applying the adjustment");
        }
        if (fault == Fault.DELAY_AFTER_APPLY) {
            PsaSimHttp.sleep(faultDelay);
        }
        if (fault == Fault.RESET_AFTER_APPLY) {
            return Reply.DROP;
        }
        if (fault == Fault.HOLD_AFTER_APPLY) {
            hold();
            return Reply.DROP;
        }
        return Reply.ok(PsaSimHttp.JSON.createObjectNode().put("itemId", itemId));
    }

    private void hold() {
        held.countDown();
        try {
            released.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized Fault nextFault() {
        return faults.pollFirst();
    }

    /** A fault drawn by a request that then failed validation stays queued for the next valid one. */
    private synchronized void keepUnused(Fault fault) {
        if (fault != null) {
            faults.addFirst(fault);
        }
    }
}
