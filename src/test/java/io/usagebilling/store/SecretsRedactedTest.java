package io.usagebilling.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets never reach the log or an error message, at any level. */
class SecretsRedactedTest {

    @TempDir
    Path data;

    @Test
    void aPasswordInTheDatabaseUrlIsNotEchoedWhenTheConnectionFails() {
        assertThatThrownBy(() -> Database.open(new DatabaseSettings(
                "jdbc:postgresql://billing:hunter2@127.0.0.1:1/billing?password=hunter3&ssl=false", "billing", "hunter4", data)))
                .hasMessageContaining("127.0.0.1:1/billing")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2", "hunter3", "hunter4"));
    }

    @Test
    void theShippedLogLayoutMasksSecretsInEveryLine() {
        // a configuration of its own, read from the shipped file: the tests' logging is left as it is
        Configuration config = new PropertiesConfigurationFactory().getConfiguration(new LoggerContext("redaction"),
                ConfigurationSource.fromResource("log4j2.properties", getClass().getClassLoader()));
        config.start();
        try {
            PatternLayout layout = (PatternLayout) config.getAppender("console").getLayout();
            for (String line : List.of(
                    "Authorization: Bearer ubt_AbC-123_xyz", "headers {Secret=s3cr3t-value, UserName=api@x.example}",
                    "ApiIntegrationCode: INTCODE123", "password=hunter2&user=billing", "jdbc:postgresql://u:hunter2@db:5432/x",
                    "{\"clientSecret\":\"cs-value\",\"apiKey\":\"k-value\"}", "X-Usage-Signature: sha256=abcdef0123")) {
                String printed = layout.toSerializable(Log4jLogEvent.newBuilder().setLevel(Level.DEBUG)
                        .setLoggerName("t").setMessage(new SimpleMessage(line)).build());
                assertThat(printed).as(line).doesNotContain("ubt_AbC", "s3cr3t-value", "INTCODE123", "hunter2", "cs-value",
                        "k-value", "abcdef0123");
            }
        } finally {
            config.stop();
        }
    }
}
