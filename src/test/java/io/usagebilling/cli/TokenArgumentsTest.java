package io.usagebilling.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The token verb's options as the command line gives them. */
class TokenArgumentsTest {

    /** Found trying the CLI as a new user would: {@code token --name ''} made a token no one could name to revoke. */
    @Test
    void aTokenNeedsANameThatIsNotBlank() {
        for (String blank : new String[] {"", "  "}) {
            assertThatThrownBy(() -> Arguments.parse(new String[] {"token", "--name", blank, "--role", "provider"}))
                    .hasMessage("token needs --name");
        }
        assertThat(Arguments.parse(new String[] {"token", "--name", "ci", "--role", "provider"}).required("name")).isEqualTo("ci");
    }
}
