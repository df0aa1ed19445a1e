package io.usagebilling.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code mappings/} folder and PostgreSQL. The module catalog is loaded at start (an invalid
 * file stops start-up) and again before each sync when a file changed (an invalid file then fails
 * that sync, and the previous catalog stays in force). Organization and service mappings live in
 * PostgreSQL, where the REST API and the console edit them: the files are imported on their
 * own only into a database that has never had a mapping; after that, {@code mappings import}
 * applies them and {@code mappings export} writes the database back, and a sync only warns that
 * the files differ.
 */
public final class MappingLoader {

    private static final Logger LOG = LoggerFactory.getLogger(MappingLoader.class);

    /** Who the first-start import is recorded as, in the mapping history. */
    static final String FIRST_START = "files (first start)";

    private final Path dir;
    private final MappingStore store;
    private byte[] loadedDigest;
    private Mappings current;

    public MappingLoader(Path dir, MappingStore store) {
        this.dir = dir;
        this.store = store;
        reloadIfChanged();
    }

    public synchronized Mappings reloadIfChanged() {
        byte[] digest = digest();
        if (!Arrays.equals(digest, loadedDigest)) {
            MappingDiff pending = load(digest);
            if (!pending.isEmpty()) {
                LOG.warn("{}: the organization and service mappings differ from the database's ({}); `bin/usage-billing "
                        + "mappings import --dry-run` shows how, `mappings import` applies them, `mappings export` "
                        + "writes the database's to the files", dir, pending.counts());
            }
        }
        return current;
    }

    /**
     * Reads the files again and, unless {@code dryRun}, applies their mappings in one transaction.
     * An invalid entry refuses the whole import, naming its file and line.
     */
    public synchronized MappingDiff importFiles(boolean dryRun, String actor) {
        MappingDiff diff = load(digest());
        if (!dryRun && !diff.isEmpty()) {
            store.apply(dir, diff, actor);
        }
        return diff;
    }

    /** Writes the database's organization and service mappings to the files, replacing their mapping lists. */
    public synchronized void exportFiles() {
        MappingFiles.writeMappings(dir, store.mappedCompanies(), store.organizations(), store.services());
        load(digest());
    }

    /**
     * Loads the files (the catalog into the database) and returns what importing their mappings
     * would change; into a database that never had a mapping they are imported here, leaving nothing.
     */
    private MappingDiff load(byte[] digest) {
        Mappings mappings = MappingFiles.load(dir);
        store.loadCatalog(mappings);
        current = mappings;
        loadedDigest = digest;
        LOG.info("mappings loaded from {}: {} modules, {} companies, {} organizations, {} services", dir,
                mappings.modules().size(), mappings.companies().size(), mappings.organizations().size(),
                mappings.services().size());
        MappingDiff diff = MappingDiff.between(store.organizations(), store.services(), mappings.organizations(),
                mappings.services());
        if (store.neverMapped()) {
            store.apply(dir, diff, FIRST_START);
            return MappingDiff.NONE;
        }
        return diff;
    }

    /** The module catalog file, for messages about its entries. */
    public Path modulesFile() {
        return dir.resolve(MappingFiles.MODULES);
    }

    /** The ids of the modules whose usage is polled, in catalog order. */
    public List<String> pollModules() {
        return modulesOfSource("poll");
    }

    /** The ids of the modules whose usage arrives as CSV drops, in catalog order. */
    public List<String> csvModules() {
        return modulesOfSource("csv");
    }

    private synchronized List<String> modulesOfSource(String kind) {
        return current.modules().stream().filter(m -> m.source().equals(kind)).map(Mappings.Module::id).toList();
    }

    /** The catalog entry of a module, if the catalog has it. */
    public synchronized Optional<Mappings.Module> module(String id) {
        return current.modules().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** A module's billing type ids, or null when the catalog does not have the module. */
    public Set<String> billingTypesOf(String id) {
        return module(id).map(m -> m.billingTypes().stream().map(Mappings.BillingType::id).collect(Collectors.toSet()))
                .orElse(null);
    }

    private byte[] digest() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String name : MappingFiles.FILES) {
                Path file = dir.resolve(name);
                if (Files.exists(file)) {
                    sha.update(Files.readAllBytes(file));
                }
                sha.update((byte) 0);
            }
            return sha.digest();
        } catch (IOException e) {
            throw new MappingException(dir + ": cannot read the mapping files: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
