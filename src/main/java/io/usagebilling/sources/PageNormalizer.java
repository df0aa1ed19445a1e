package io.usagebilling.sources;

import java.io.InputStream;
import java.time.LocalDate;

/**
 * Turns one page of a module's usage API into canonical records. A record that cannot be
 * normalized is returned as rejected with its reason; a page that cannot be read at all throws
 * {@link IllegalArgumentException} with the reason.
 */
public interface PageNormalizer {

    /** The module id (as in {@code mappings/modules.yaml}) this normalizer reads. */
    String module();

    SourcePage normalize(InputStream page, LocalDate usageDate);
}
