package io.usagebilling.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.BillingFixture;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.junit.jupiter.api.Test;

/** What an operator gets without configuring anything: safe defaults. */
class ServiceDefaultsTest {

    @Test
    void theHttpServerListensOnLoopbackUnlessToldOtherwise() throws Exception {
        try (BillingFixture fixture = new BillingFixture().withHttpServer()) {
            BillingApp app = fixture.start();

            assertThat(app.context().getRegistry().findByType(VertxPlatformHttpRouter.class))
                    .extracting(router -> router.getServer().getHost()).containsExactly("127.0.0.1");
        }
    }
}
