package io.usagebilling.intake.poll;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.intake.normalize.PageUrls;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DattoRmmSameOriginTest {

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:8080/api/v2/account/sites?page=1&max=2, http://127.0.0.1:8080",
        "https://pinotage-api.centrastage.net/api/v2/account/sites?page=3, https://pinotage-api.centrastage.net",
        "https://PINOTAGE-api.centrastage.net/x, https://pinotage-api.centrastage.net/api",
        "https://pinotage-api.centrastage.net:443/x, https://pinotage-api.centrastage.net",
        "http://example.com/x, HTTP://example.com:80/",
    })
    void sameSchemeHostAndPortIsAllowed(String next, String base) {
        assertThatCode(() -> PageUrls.requireSameOrigin(next, base)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({
        "http://evil.example/api/v2/account/sites?page=1, http://127.0.0.1:8080",
        "http://127.0.0.1:8081/api/v2/account/sites?page=1, http://127.0.0.1:8080",
        "http://pinotage-api.centrastage.net/x, https://pinotage-api.centrastage.net",
        "https://pinotage-api.centrastage.net.evil.example/x, https://pinotage-api.centrastage.net",
        "http://127.0.0.1:8080@evil.example/api/v2/account/sites, http://127.0.0.1:8080",
        "/api/v2/account/sites?page=1, http://127.0.0.1:8080",
        "//evil.example/api/v2/account/sites, http://127.0.0.1:8080",
        "file:///etc/passwd, http://127.0.0.1:8080",
    })
    void anotherOriginIsRefused(String next, String base) {
        assertThatThrownBy(() -> PageUrls.requireSameOrigin(next, base))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nextPageUrl");
    }
}
