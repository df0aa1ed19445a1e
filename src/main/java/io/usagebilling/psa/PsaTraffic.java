package io.usagebilling.psa;

/** What an adapter sent: every HTTP request, the 429 answers among them, and the repeats it made. */
public record PsaTraffic(long requests, long throttled, long retries) {

    public PsaTraffic since(PsaTraffic earlier) {
        return new PsaTraffic(requests - earlier.requests, throttled - earlier.throttled, retries - earlier.retries);
    }
}
