package io.usagebilling.api;

import io.usagebilling.domain.Grant;
import io.usagebilling.store.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
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
 */
public final class ApiTokens {

    /** Who a token belongs to. */
    public record Caller(String name, boolean provider, Set<Grant> grants) {

        public boolean may(Grant grant) {
            return provider || (grant != Grant.PROVIDER_ONLY && grants.contains(grant));
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Jdbc jdbc;

    public ApiTokens(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Creates a token and returns it; only its hash is stored. */
    public String create(String name, boolean provider, List<Grant> grants) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = "ubt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.update("INSERT INTO api_token (name, token_hash, role, grants) VALUES (?, ?, ?, ?::text[])",
                name, hash(token), provider ? "provider" : "administrator",
                "{" + grants.stream().map(Grant::code).collect(Collectors.joining(",")) + "}");
        return token;
    }

    public Optional<Caller> find(String token) {
        return jdbc.query("SELECT name, role, grants FROM api_token WHERE token_hash = ?", rs -> new Caller(
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
