package io.usagebilling.psa.connectwise;

import static io.usagebilling.support.PsaCalls.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.psa.PsaException.Outcome;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ConnectWiseLinksTest {

    private static final URI BASE = URI.create("https://api-na.myconnectwise.net/v4_6_release/apis/3.0/");

    @Test
    void theNextPageIsFollowedOnlyOnTheServerWeWereGiven() {
        String page = "https://api-na.myconnectwise.net/v4_6_release/apis/3.0/finance/agreements/9/additions?pageSize=100&page=";
        assertThat(ConnectWiseLinks.next("<" + page + "2>; rel=\"next\", <" + page + "5>; rel=\"last\"", BASE))
                .contains(URI.create(page + "2"));
        assertThat(ConnectWiseLinks.next("<" + page + "5>; rel=\"last\"", BASE)).isEmpty();
        assertOutcome(() -> ConnectWiseLinks.next("<https://elsewhere.example/x?page=2>; rel=\"next\"", BASE),
                Outcome.REJECTED, "another server");
        assertOutcome(() -> ConnectWiseLinks.next("<not an address>; rel=\"next\"", BASE), Outcome.REJECTED, "no address");
    }
}
