package io.usagebilling.domain;

/** A service line of a recurring contract in the PSA: the unit that quantities are delivered to. */
public record ContractLine(long contractId, long serviceId) {

    @Override
    public String toString() {
        return "contract " + contractId + " service " + serviceId;
    }
}
