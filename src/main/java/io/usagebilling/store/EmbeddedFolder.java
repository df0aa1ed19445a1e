package io.usagebilling.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's data folder, made ready for a start. Its lock file ({@code epg-lock}) is
 * held by the live process that runs it; a process killed with SIGKILL releases the lock but leaves
 * its postmaster running, holding the folder, and every later start failed. Such an orphan is stopped
 * the safe way (SIGTERM: PostgreSQL's smart shutdown, which its dead owner's sessions no longer
 * delay). A folder whose owner is alive is never touched: its server is used as it runs.
 */
final class EmbeddedFolder {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedFolder.class);
    /** The lock file of zonky's EmbeddedPostgres, held while it runs the folder's server. */
    private static final String LOCK = "epg-lock";
    private static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private EmbeddedFolder() {}

    /**
     * Makes the folder ready for this process to start its server; returns the port of the server a
     * live usage-billing runs in it, to use that one instead (a verb beside the running service).
     */
    static Optional<Integer> prepare(Path dir) throws IOException {
        if (!Files.exists(dir.resolve(LOCK))) {
            return Optional.empty(); // a new folder (initdb wants it empty): nothing ran in it yet
        }
        try (FileChannel channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                return Optional.of(runningPort(dir));
            }
            try {
                stopOrphan(dir);
                return Optional.empty();
            } finally {
                lock.release();
            }
        }
    }

    /** The port of the server the folder's live owner runs (postmaster.pid's fourth line). */
    private static int runningPort(Path dir) throws IOException {
        Path file = dir.resolve("postmaster.pid");
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        if (postmaster(dir).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).isEmpty() || lines.size() < 4) {
            throw new IllegalStateException("the data folder " + dir + " is held by a running usage-billing whose"
                    + " PostgreSQL is not up (starting or stopping): try again in a moment, or give another folder with --data");
        }
        return Integer.parseInt(lines.get(3).trim());
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this very process runs the folder's server
        }
    }

    /** Nobody holds the lock: a postmaster still running in the folder was left by a dead process. */
    private static void stopOrphan(Path dir) throws IOException {
        Optional<ProcessHandle> orphan = postmaster(dir).flatMap(ProcessHandle::of)
                .filter(p -> p.isAlive() && p.info().command().map(c -> c.endsWith("postgres")).orElse(true));
        if (orphan.isEmpty()) {
            return;
        }
        long pid = orphan.get().pid();
        LOG.warn("the embedded PostgreSQL {} (process {}) was left running by a usage-billing that died: stopping it", dir, pid);
        orphan.get().destroy(); // SIGTERM
        try {
            orphan.get().onExit().get(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the embedded PostgreSQL " + dir + " (process " + pid + "), left by a"
                    + " usage-billing that died, did not stop within " + STOP_WAIT.toSeconds() + " s; stop it, then start again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the embedded PostgreSQL " + dir, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The pid in the folder's postmaster.pid, whose second line must name this folder. */
    private static Optional<Long> postmaster(Path dir) {
        Path file = dir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.size() < 2 || !Path.of(lines.get(1).trim()).toAbsolutePath().equals(dir.toAbsolutePath())) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
