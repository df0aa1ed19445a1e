package io.usagebilling.app;

import io.usagebilling.mapping.MappingException;
import io.usagebilling.mapping.MappingFiles;
import io.usagebilling.mapping.Mappings;
import io.usagebilling.store.MappingStore;
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
 * Keeps PostgreSQL's mappings equal to the {@code mappings/} folder: loaded at start (an invalid
 * file stops start-up) and again before each sync when a file changed (an invalid file then fails
 * that sync, and the previous mappings stay in force).
 */
public final class MappingLoader {

    private static final Logger LOG = LoggerFactory.getLogger(MappingLoader.class);

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
            Mappings mappings = MappingFiles.load(dir);
            store.replaceAll(mappings);
            current = mappings;
            loadedDigest = digest;
            LOG.info("mappings loaded from {}: {} modules, {} companies, {} organizations, {} services", dir,
                    mappings.modules().size(), mappings.companies().size(), mappings.organizations().size(),
                    mappings.services().size());
        }
        return current;
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
