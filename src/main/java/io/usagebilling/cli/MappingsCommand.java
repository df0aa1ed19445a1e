package io.usagebilling.cli;

import io.usagebilling.app.BillingApp;
import io.usagebilling.mapping.CompanyCache;
import io.usagebilling.mapping.MappingDiff;
import io.usagebilling.mapping.MappingLoader;
import io.usagebilling.mapping.Mappings;
import java.io.PrintStream;

/** {@code mappings export} and {@code mappings import [--dry-run]}: the files and the database, either way. */
final class MappingsCommand {

    private MappingsCommand() {}

    static void run(BillingApp app, String action, boolean dryRun, PrintStream out) {
        MappingLoader mappings = app.bean(MappingLoader.class);
        if (action.equals("export")) {
            mappings.exportFiles();
            Mappings written = mappings.reloadIfChanged();
            out.println("mappings export: " + written.organizations().size() + " organizations, "
                    + written.services().size() + " services -> " + mappings.modulesFile().getParent());
            return;
        }
        // contracts are checked against the PSA's own list, read fresh
        app.bean(CompanyCache.class).refreshIfStale();
        MappingDiff diff = mappings.importFiles(dryRun, "cli:" + System.getProperty("user.name"));
        diff.lines().forEach(out::println);
        out.println("mappings import" + (dryRun ? " --dry-run" : "") + ": " + diff.counts()
                + (diff.isEmpty() ? " (the database already matches the files)" : dryRun ? " (nothing applied)" : " (applied)"));
    }
}
