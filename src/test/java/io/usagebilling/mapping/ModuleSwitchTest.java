package io.usagebilling.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usagebilling.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/usage-billing modules enable|disable NAME on a copy of the shipped mappings. */
class ModuleSwitchTest {

    @TempDir
    Path dir;

    @BeforeEach
    void copyShippedMappings() throws Exception {
        for (String name : MappingFiles.FILES) {
            Files.copy(Path.of("mappings", name), dir.resolve(name));
        }
    }

    @Test
    void disableAndEnableChangeOnlyThatModuleAndKeepTheComments() throws Exception {
        String before = Files.readString(dir.resolve("modules.yaml"));

        ModuleSwitch.set(dir, "kaseya-online-backup", false);   // no billingEnabled line yet: one is added
        ModuleSwitch.set(dir, "datto-rmm", false);              // an existing line is changed

        assertThat(enabled("kaseya-online-backup")).isFalse();
        assertThat(enabled("datto-rmm")).isFalse();
        assertThat(MappingFiles.load(dir).modules()).filteredOn(Mappings.Module::billingEnabled)
                .hasSize(MappingFiles.load(Path.of("mappings")).modules().size() - 2);
        String after = Files.readString(dir.resolve("modules.yaml"));
        assertThat(after).contains("  # Kaseya Online Backup (seed 000): a utility billed on storage consumed, per customer site.");
        assertThat(after.lines().count()).isEqualTo(before.lines().count() + 1);

        ModuleSwitch.set(dir, "kaseya-online-backup", true);
        ModuleSwitch.set(dir, "datto-rmm", true);
        assertThat(enabled("kaseya-online-backup")).isTrue();
        assertThat(enabled("datto-rmm")).isTrue();
    }

    @Test
    void anUnknownModuleChangesNothing() throws Exception {
        String before = Files.readString(dir.resolve("modules.yaml"));
        assertThatThrownBy(() -> ModuleSwitch.set(dir, "datto-rmn", false))
                .isInstanceOf(MappingException.class).hasMessageEndingWith("no module 'datto-rmn' (written as '- id: datto-rmn')");
        assertThat(Files.readString(dir.resolve("modules.yaml"))).isEqualTo(before);
    }

    @Test
    void theCommandLineExitsOneOnAnUnknownModuleAndTwoOnBadArguments() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Cli.run(new String[] {"modules", "enable"}, quiet, quiet)).isEqualTo(2);
        assertThat(Cli.run(new String[] {"modules", "toggle", "datto-rmm"}, quiet, quiet)).isEqualTo(2);
        assertThat(Cli.run(new String[] {"modules", "enable", "no-such-module"}, quiet, quiet)).isEqualTo(1);
    }

    private boolean enabled(String module) {
        return MappingFiles.load(dir).modules().stream().filter(m -> m.id().equals(module)).findFirst().orElseThrow()
                .billingEnabled();
    }
}
