package io.usagebilling.mapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/usage-billing modules enable|disable NAME}: sets the module's {@code billingEnabled} in
 * {@code modules.yaml}, editing that one line (comments and layout stay as the engineer wrote them),
 * and keeps the change only if the mapping files are still valid. The running service picks it up
 * before its next sync, as any mapping change.
 */
public final class ModuleSwitch {

    private static final Pattern ENTRY = Pattern.compile("^(\\s*)- id:\\s*(\\S+)\\s*(#.*)?$");
    private static final Pattern ENABLED = Pattern.compile("^(\\s*)billingEnabled:\\s*\\S+(\\s*#.*)?$");

    private ModuleSwitch() {}

    /** Returns what was done, for the user. */
    public static String set(Path mappingsDir, String module, boolean enabled) throws IOException {
        Path file = mappingsDir.resolve(MappingFiles.MODULES);
        String before = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(before.lines().toList());
        int entry = entryLine(lines, module, file);
        String indent = ENTRY.matcher(lines.get(entry)).replaceFirst("$1") + "  ";
        int end = entry + 1;
        while (end < lines.size() && (lines.get(end).isBlank() || lines.get(end).startsWith(indent))) {
            end++;
        }
        String line = indent + "billingEnabled: " + enabled;
        int existing = -1;
        for (int i = entry + 1; i < end; i++) {
            Matcher m = ENABLED.matcher(lines.get(i));
            if (m.matches() && m.group(1).equals(indent)) {
                existing = i;
            }
        }
        if (existing >= 0) {
            lines.set(existing, line);
        } else {
            lines.add(entry + 1, line);
        }
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        try {
            MappingFiles.load(mappingsDir);
        } catch (MappingException e) {
            Files.writeString(file, before, StandardCharsets.UTF_8); // never leave a broken catalog behind
            throw e;
        }
        return module + ": billing " + (enabled ? "enabled" : "disabled") + " in " + file;
    }

    private static int entryLine(List<String> lines, String module, Path file) {
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ENTRY.matcher(lines.get(i));
            if (m.matches() && m.group(2).equals(module)) {
                return i;
            }
        }
        throw new MappingException(file + ": no module '" + module + "' (written as '- id: " + module + "')");
    }
}
