package io.usagebilling.support;

import io.usagebilling.sim.psa.BmsSimulator;
import io.usagebilling.sim.psa.ConnectWiseSimulator;
import io.usagebilling.sim.psa.HaloSimulator;

/** The simulators of the PSAs besides Autotask, each started with the credentials a fixture gives the service. */
public final class OtherPsas {

    private OtherPsas() {}

    public static HaloSimulator halo() {
        return HaloSimulator.start("halo-client", "halo-secret", "msp");
    }

    public static BmsSimulator bms() {
        return BmsSimulator.start("api@msp", "pw", "MSP Tenant");
    }

    public static ConnectWiseSimulator connectWise() {
        return ConnectWiseSimulator.start("msp", "pub", "priv", "client-guid");
    }

    /** The fixture's service delivers to this HaloPSA simulator. */
    public static BillingFixture pointAt(BillingFixture fixture, HaloSimulator halo) {
        return fixture.with("billing.psa", "halopsa").with("psa.halopsa.base-url", halo.baseUrl())
                .with("psa.halopsa.client-id", "halo-client").with("psa.halopsa.client-secret", "halo-secret")
                .with("psa.halopsa.tenant", "msp");
    }

    /** The fixture's service delivers to this Kaseya BMS simulator. */
    public static BillingFixture pointAt(BillingFixture fixture, BmsSimulator bms) {
        return fixture.with("billing.psa", "bms").with("psa.bms.base-url", bms.baseUrl()).with("psa.bms.username", "api@msp")
                .with("psa.bms.password", "pw").with("psa.bms.tenant", "MSP Tenant");
    }

    /** The fixture's service delivers to this ConnectWise simulator. */
    public static BillingFixture pointAt(BillingFixture fixture, ConnectWiseSimulator cw) {
        return fixture.with("billing.psa", "connectwise").with("psa.connectwise.base-url", cw.baseUrl())
                .with("psa.connectwise.company", "msp").with("psa.connectwise.public-key", "pub")
                .with("psa.connectwise.private-key", "priv").with("psa.connectwise.client-id", "client-guid");
    }
}
