package io.usagebilling.sim.psa;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What a test, the demo or the sandbox does to a PSA simulator, whichever PSA it plays: give it
 * companies, contracts and lines, read a contract line's units on a day, change them by hand, make
 * the next write fail, let the PSA recover.
 */
public interface SimulatedPsa extends AutoCloseable {

    /** A company the PSA lists for mapping (a PSA that lists none ignores it). */
    void addCompany(long id, String name);

    /** A contract (agreement) of a company added before (a PSA without contract records ignores it). */
    void addContract(long id, long companyId, String name);

    /** A recurring line of a contract with {@code units} from {@code since}. */
    void addLine(long contractId, long serviceId, BigDecimal units, LocalDate since);

    /** The units of a contract line (agreement and product, contract and service) in force that day. */
    BigDecimal unitsOn(long contractId, long serviceId, LocalDate day);

    /**
     * A person (or another tool) changes the line at the PSA by {@code unitChange} units, as the PSA's own
     * screens would on {@code day}; not counted as a request.
     */
    void handEdit(long contractId, long serviceId, LocalDate day, BigDecimal unitChange);

    /** The next write plays {@code fault} instead of answering normally. */
    void failNextWrite(WriteFaults.Fault fault);

    /** The PSA recovers: faults queued and not yet used are dropped. */
    void clearFaults();

    @Override
    void close();
}
