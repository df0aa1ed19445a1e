package io.usagebilling.api;

import io.usagebilling.domain.Grant;
import io.usagebilling.store.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * API tokens: 256 random bits, shown once and stored only as their SHA-256 (a token is not a
 * password: its entropy makes a slow hash unnecessary, and lookup by hash stays one index probe).
 * Each expires (90 days unless told otherwise) and can be revoked; an expired or revoked token is
 * refused like an unknown one.
 */
public final class ApiTokens {

    /** Who a token belongs to. */
    public record Caller(String name, boolean provider, Set<Grant> grants) {

        public boolean may(Grant grant) {
            return provider || (grant != Grant.PROVIDER_ONLY && grants.contains(grant));
        }
    }

    /** A token as listed: never its value or hash. */
    public record TokenInfo(String name, String role, List<String> grants, Instant createdAt, Instant expiresAt,
                            Instant revokedAt) {}

    /** How long a token is valid unless told otherwise. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(90);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbc jdbc;

    public ApiTokens(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Creates a token valid for {@link #DEFAULT_VALIDITY} and returns it; only its hash is stored. */
    public String create(String name, boolean provider, List<Grant> grants) {
        return create(name, provider, grants, DEFAULT_VALIDITY);
    }

    /** Creates a token valid for {@code validFor} (a negative one is already expired) and returns it. */
    public String create(String name, boolean provider, List<Grant> grants, Duration validFor) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = "ubt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.update("""
                INSERT INTO api_token (name, token_hash, role, grants, expires_at)
                VALUES (?, ?, ?, ?::text[], now() + ? * interval '1 second')""",
                name, hash(token), provider ? "provider" : "administrator",
                "{" + grants.stream().map(Grant::code).collect(Collectors.joining(",")) + "}", validFor.toSeconds());
        return token;
    }

    /** Every token, newest first, with its expiry and whether it was revoked. */
    public List<TokenInfo> list() {
        return jdbc.query("""
                SELECT name, role, grants, created_at, expires_at, revoked_at FROM api_token ORDER BY created_at DESC, name""",
                rs -> new TokenInfo(rs.getString(1), rs.getString(2), List.of((String[]) rs.getArray(3).getArray()),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()));
    }

    /** Revokes the named token at once; false when there is no such token. */
    public boolean revoke(String name) {
        return jdbc.update("UPDATE api_token SET revoked_at = COALESCE(revoked_at, now()) WHERE name = ?", name) > 0;
    }

    /** The caller of a token that exists, is not revoked and has not expired. */
    public Optional<Caller> find(String token) {
        return jdbc.query("""
                SELECT name, role, grants FROM api_token
                WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > now()""", rs -> new Caller(
                rs.getString(1), rs.getString(2).equals("provider"),
                java.util.Arrays.stream((String[]) rs.getArray(3).getArray()).map(Grant::grantable)
                        .collect(Collectors.toUnmodifiableSet())), hash(token)).stream().findFirst();
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
