package io.usagebilling.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.usagebilling.support.BillingFixture;
import io.usagebilling.support.Sql;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real files dropped in the shipped modules' folders: rows stored or quarantined, files moved, sidecars written. */
class CsvDropSourceTest {

    private static BillingFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new BillingFixture()
                .with("billing.mappings-dir", "src/test/resources/csv-mappings")
                .with("billing.drop-poll-ms", "100");
        fixture.start();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aReadableFileIsStoredRowByRowAndMovedToDoneWithItsRejectedRows() throws Exception {
        Path folder = fixture.dropDir.resolve("kaseya-online-backup");
        drop(folder, "kob-2026-09-14.csv", """
                siteId,siteName,machine,usedGb,date
                s-acme,Acme Dental,acme-pc1,120.5,2026-09-14
                s-acme,Acme Dental,acme-nas,800,2026-09-14
                s-birch,"Birch & Sons, Logistics",birch-pc1,twelve,2026-09-14
                s-birch,"Birch & Sons, Logistics",birch-pc2,40.25,2026-09-14,extra
                s-cobalt,Cobalt Legal,cobalt-pc1,3,2026-09-31
                """);

        Path done = awaitFile(folder.resolve("done/kob-2026-09-14.csv"));

        assertThat(done).exists();
        assertThat(folder.resolve("kob-2026-09-14.csv")).doesNotExist();
        assertThat(rows("SELECT concat_ws('|', org_id, org_name, asset_id, billing_type, trim_scale(quantity), usage_date) "
                + "FROM usage_record WHERE org_id IN ('s-acme', 's-birch', 's-cobalt') ORDER BY asset_id")).containsExactly(
                "s-acme|Acme Dental|acme-nas|storage|800|2026-09-14", "s-acme|Acme Dental|acme-pc1|storage|120.5|2026-09-14");
        assertThat(Files.readAllLines(awaitFile(folder.resolve("done/kob-2026-09-14.csv.rejected.csv")))).containsExactly(
                "line,reason",
                "4,\"usedGb is not a number: \"\"twelve\"\"\"",
                "5,\"row has 6 cells, the header 5\"",
                "6,\"date is not a date (YYYY-MM-DD): \"\"2026-09-31\"\"\"");
        assertThat(rows("SELECT count(*) FROM quarantine WHERE module_id = 'kaseya-online-backup' AND payload NOT LIKE '%s-odd%'"))
                .containsExactly("3");
    }

    @Test
    void aRowOfALicenseTypeTheCatalogDoesNotHaveIsRejected() throws Exception {
        Path folder = fixture.dropDir.resolve("managed-backup-licenses");
        drop(folder, "licenses-ok.csv", """
                company,companyName,licenseType,endpoint,quantity,date
                c-1,Acme,server,srv-1,1,2026-09-14
                c-1,Acme,vm-server-socket,host-1,4,2026-09-14
                c-1,Acme,tape-backup,srv-1,1,2026-09-14
                """);

        assertThat(Files.readAllLines(awaitFile(folder.resolve("done/licenses-ok.csv.rejected.csv")))).containsExactly(
                "line,reason",
                "4,\"billing type 'tape-backup' is not one of managed-backup-licenses's [server, vm-server-socket]\"");
        assertThat(rows("SELECT billing_type || '=' || trim_scale(quantity) FROM usage_record "
                + "WHERE module_id = 'managed-backup-licenses' ORDER BY 1")).containsExactly("server=1", "vm-server-socket=4");
    }

    @Test
    void anUnreadableFileMovesToErrorWithTheReasonAndStoresNothing() throws Exception {
        Path folder = fixture.dropDir.resolve("managed-backup-licenses");
        drop(folder, "licenses.csv", """
                company,companyName,licenseType,endpoint,date
                c-1,Acme,server,srv-unreadable,2026-09-14
                """);

        Path error = awaitFile(folder.resolve("error/licenses.csv"));

        assertThat(error).exists();
        assertThat(Files.readString(awaitFile(folder.resolve("error/licenses.csv.error.txt"))))
                .isEqualTo("the header has no column 'quantity' (nothing of the file was stored)\n");
        assertThat(rows("SELECT count(*) FROM usage_record WHERE asset_id = 'srv-unreadable'")).containsExactly("0");
        assertThat(rows("SELECT count(*) FROM quarantine WHERE payload LIKE '%srv-unreadable%'")).containsExactly("0");
    }

    /** Found trying drops as a new user would: a column named twice was read from one of them, silently. */
    @Test
    void aColumnTheModuleReadsNamedTwiceMovesTheFileToErrorAndStoresNothing() throws Exception {
        Path folder = fixture.dropDir.resolve("managed-backup-licenses");
        drop(folder, "twice.csv", """
                company,company,companyName,licenseType,endpoint,quantity,date,notes,notes
                c-1,c-2,Acme,server,srv-twice,1,2026-09-14,a,b
                """);

        assertThat(Files.readString(awaitFile(folder.resolve("error/twice.csv.error.txt"))))
                .isEqualTo("the header names column 'company' twice (columns 1 and 2): which one is meant? (nothing of the file was stored)\n");
        assertThat(rows("SELECT count(*) FROM usage_record WHERE asset_id = 'srv-twice'")).containsExactly("0");
    }

    /** Reported: Excel's "CSV UTF-8" (and our own exports) begin with a byte order mark, which hid the first column. */
    @Test
    void aFileWithAByteOrderMarkIsReadLikeAnyOther() throws Exception {
        Path folder = fixture.dropDir.resolve("managed-backup-licenses");
        drop(folder, "licenses-bom.csv", "\uFEFFcompany,companyName,licenseType,endpoint,quantity,date\n"
                + "c-bom,Acme,server,srv-bom-1,1,2026-09-14\nc-bom,Acme,server,srv-bom-2,1,2026-09-14\n");

        assertThat(awaitFile(folder.resolve("done/licenses-bom.csv"))).exists();
        assertThat(rows("SELECT string_agg(asset_id, ',' ORDER BY asset_id) FROM usage_record WHERE org_id = 'c-bom'"))
                .containsExactly("srv-bom-1,srv-bom-2");
    }

    /**
     * Reported: a NUL or a date PostgreSQL cannot hold moved the whole file to error/, with no reason file.
     * A NUL in an id rejects its row; in a name it is kept escaped; the other rows are stored.
     */
    @Test
    void aRowWithANulOrAnImpossibleDateIsRejectedAndTheOthersAreStored() throws Exception {
        Path folder = fixture.dropDir.resolve("kaseya-online-backup");
        drop(folder, "kob-odd.csv", "siteId,siteName,machine,usedGb,date\n"
                + "s-odd,Odd,odd\u0000pc1,5,2026-09-14\n"
                + "s-odd,Odd,odd-pc2,5,-4800-01-01\n"
                + "s-odd,Odd\u0000Name,odd-pc3,5,2026-09-14\n");

        assertThat(Files.readAllLines(awaitFile(folder.resolve("done/kob-odd.csv.rejected.csv")))).containsExactly(
                "line,reason",
                "2,\"machine holds a NUL character\"",
                "3,\"date -4800-01-01 is before 2000-01-01: not a usage date\"");
        assertThat(rows("SELECT asset_id || ' ' || org_name FROM usage_record WHERE org_id = 's-odd'"))
                .containsExactly("odd-pc3 Odd\\u0000Name");
    }

    /** A file is stored in batches of rows: one that breaks part-way keeps the batches before the break, and says so. */
    @Test
    void aFileBrokenPartWayKeepsTheRowsStoredBeforeTheBreak() throws Exception {
        Path folder = fixture.dropDir.resolve("kaseya-online-backup");
        StringBuilder rows = new StringBuilder("siteId,siteName,machine,usedGb,date\n");
        for (int i = 0; i < 6_000; i++) {
            rows.append("s-big,Big,big-").append(i).append(",1,2026-09-14\n");
        }
        byte[] good = rows.toString().getBytes(StandardCharsets.UTF_8);
        byte[] broken = Arrays.copyOf(good, good.length + 4);
        System.arraycopy(new byte[] {'s', '-', (byte) 0xC3, '\n'}, 0, broken, good.length, 4); // a lone UTF-8 lead byte
        Files.createDirectories(folder);
        Files.write(folder.resolve("big.part"), broken);
        Files.move(folder.resolve("big.part"), folder.resolve("big.csv"));

        assertThat(Files.readString(awaitFile(folder.resolve("error/big.csv.error.txt")))).startsWith(
                "the file is not valid UTF-8 beyond line ").contains("the 5000 rows (and 0 rejected) before it were stored");
        assertThat(rows("SELECT count(*) FROM usage_record WHERE org_id = 's-big'")).containsExactly("5000");
    }

    /**
     * Eight files at once, four in each of two modules' folders (read side by side), each overlapping
     * the next by half its rows: every row is stored once, and nothing fails.
     */
    @Test
    void eightOverlappingFilesAtOnceStoreEveryRowOnce() throws Exception {
        Path backup = fixture.dropDir.resolve("kaseya-online-backup");
        Path licenses = fixture.dropDir.resolve("managed-backup-licenses");
        for (int file = 0; file < 4; file++) {
            StringBuilder b = new StringBuilder("siteId,siteName,machine,usedGb,date\n");
            StringBuilder l = new StringBuilder("company,companyName,licenseType,endpoint,quantity,date\n");
            for (int i = file * 3_000; i < file * 3_000 + 6_000; i++) {
                b.append("s-many,Many,pc-").append(i).append(',').append(i % 97).append(",2026-09-15\n");
                l.append("c-many,Many,server,srv-").append(i).append(",1,2026-09-15\n");
            }
            drop(backup, "overlap-" + file + ".csv", b.toString());
            drop(licenses, "overlap-" + file + ".csv", l.toString());
        }

        for (int file = 0; file < 4; file++) {
            awaitFile(backup.resolve("done/overlap-" + file + ".csv"));
            awaitFile(licenses.resolve("done/overlap-" + file + ".csv"));
        }

        assertThat(rows("SELECT concat_ws('|', count(*), count(DISTINCT asset_id), sum(quantity)::bigint) FROM usage_record "
                + "WHERE org_id = 's-many'")).containsExactly(
                "15000|15000|" + IntStream.range(0, 15_000).map(i -> i % 97).sum());
        assertThat(rows("SELECT count(*) FROM usage_record WHERE org_id = 'c-many'")).containsExactly("15000");
        for (int file = 0; file < 4; file++) {
            assertThat(backup.resolve("error/overlap-" + file + ".csv")).doesNotExist();
            assertThat(licenses.resolve("error/overlap-" + file + ".csv")).doesNotExist();
        }
    }

    /** Written under another name, then renamed: the folder never shows a half-written file. */
    private static void drop(Path folder, String name, String content) throws Exception {
        Files.createDirectories(folder);
        Path partial = folder.resolve(name + ".part");
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        Files.move(partial, folder.resolve(name));
    }

    private static Path awaitFile(Path file) throws InterruptedException {
        for (int i = 0; i < 100 && !Files.exists(file); i++) {
            Thread.sleep(100);
        }
        return file;
    }

    private static List<String> rows(String query) throws SQLException {
        return Sql.rows(fixture.dataSource(), query);
    }
}
