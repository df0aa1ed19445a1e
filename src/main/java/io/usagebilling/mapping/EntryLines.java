package io.usagebilling.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The line each entry of a mapping file's top-level lists starts on, read with Jackson's streaming
 * parser (the tree and record readers keep no locations), so a problem can name its line.
 */
final class EntryLines {

    private static final YAMLFactory YAML = new YAMLFactory();

    private final Map<String, List<Integer>> lines;

    private EntryLines(Map<String, List<Integer>> lines) {
        this.lines = lines;
    }

    static final EntryLines NONE = new EntryLines(Map.of());

    /** Called only on text the record reader already accepted. */
    static EntryLines of(String yaml) {
        Map<String, List<Integer>> lines = new HashMap<>();
        try (JsonParser p = YAML.createParser(yaml)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NONE;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String list = p.currentName();
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                List<Integer> starts = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    starts.add(p.currentTokenLocation().getLineNr());
                    p.skipChildren();
                }
                lines.put(list, starts);
            }
            return new EntryLines(lines);
        } catch (IOException e) {
            return NONE;
        }
    }

    /** The line of entry {@code index} (from 0) of {@code list}, or 0 when unknown. */
    int line(String list, int index) {
        List<Integer> starts = lines.get(list);
        return starts == null || index >= starts.size() ? 0 : starts.get(index);
    }
}
