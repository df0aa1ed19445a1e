package io.usagebilling.domain.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A billing type's unit of measure, and how its usage is counted. Quantities reported as amounts
 * (devices per site, storage GB) are summed; licenses assigned per instance, administrator, domain
 * user, domain or branding (seed 002) count one unit per distinct asset that had usage that day,
 * however many records or how much quantity the asset reported.
 */
public enum Unit {
    DEVICES(Counting.SUM),
    USERS(Counting.SUM),
    IP_ADDRESSES(Counting.SUM),
    STORAGE_GB(Counting.SUM),
    SOCKETS(Counting.SUM),
    INSTANCES(Counting.ONE_PER_ASSET),
    ADMINISTRATORS(Counting.ONE_PER_ASSET),
    DOMAIN_USERS(Counting.ONE_PER_ASSET),
    DOMAINS(Counting.ONE_PER_ASSET),
    BRANDINGS(Counting.ONE_PER_ASSET);

    /** How an organization's records of one day become its quantity. */
    public enum Counting { SUM, ONE_PER_ASSET }

    private final Counting counting;

    Unit(Counting counting) {
        this.counting = counting;
    }

    public Counting counting() {
        return counting;
    }

    /** The code used in the catalog file: {@code storage-gb}, {@code domain-users}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Unit fromCode(String code) {
        for (Unit u : values()) {
            if (u.code().equals(code)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unit must be one of " + codes() + ", not '" + code + "'");
    }

    public static String codes() {
        return Arrays.stream(values()).map(Unit::code).collect(Collectors.joining(", ", "[", "]"));
    }
}
