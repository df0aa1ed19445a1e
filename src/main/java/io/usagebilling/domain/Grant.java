package io.usagebilling.domain;

import java.util.Arrays;

/** Administrator permissions of seed 002; the provider role has all of them and more. */
public enum Grant {
    MANAGE_LICENSES("manage-licenses"),
    BUY_LICENSES("buy-licenses"),
    ACTIVATE_LICENSE_KEY("activate-license-key"),
    LICENSE_USAGE_HISTORY("license-usage-history"),
    /** Not grantable: invoices, month close, exports, prices are the provider's. */
    PROVIDER_ONLY("provider");

    private final String code;

    Grant(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Grant grantable(String code) {
        return Arrays.stream(values()).filter(g -> g != PROVIDER_ONLY && g.code.equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown grant '" + code
                        + "' (manage-licenses, buy-licenses, activate-license-key, license-usage-history)"));
    }
}
