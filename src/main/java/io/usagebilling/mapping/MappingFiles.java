package io.usagebilling.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code modules.yaml}, {@code organizations.yaml} and {@code services.yaml} from a mappings
 * folder and validates them together. Every problem is reported as one line naming the file, the
 * entry and what is wrong, so an engineer can fix it without reading a stack trace.
 */
public final class MappingFiles {

    public static final String MODULES = "modules.yaml";
    static final String ORGANIZATIONS = "organizations.yaml";
    static final String SERVICES = "services.yaml";
    /** Every file of a mappings folder. */
    public static final List<String> FILES = List.of(MODULES, ORGANIZATIONS, SERVICES);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final ObjectMapper YAML_OUT = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    private MappingFiles() {}

    public static Mappings load(Path dir) {
        Map<String, EntryLines> lines = new HashMap<>();
        ModulesFile modules = read(dir.resolve(MODULES), ModulesFile.class, lines);
        OrganizationsFile orgs = read(dir.resolve(ORGANIZATIONS), OrganizationsFile.class, lines);
        ServicesFile services = read(dir.resolve(SERVICES), ServicesFile.class, lines);
        return new MappingValidator(dir, lines).validate(
                orEmpty(modules.modules), orEmpty(orgs.companies), orEmpty(orgs.organizations), orEmpty(services.services));
    }

    /**
     * Writes organizations.yaml and services.yaml from the given mappings (what the database holds),
     * each file replaced whole through a temporary file so a reader never sees half of one.
     */
    public static void writeMappings(Path dir, List<Mappings.Company> companies, List<Mappings.OrgMapping> orgs,
            List<Mappings.ServiceMapping> services) {
        Map<String, Object> orgFile = new LinkedHashMap<>();
        orgFile.put("companies", companies.stream().map(c -> entry("id", c.id(), "name", c.name())).toList());
        orgFile.put("organizations", orgs.stream().map(o -> entry("module", o.module(), "org", o.org(), "company", o.company()))
                .toList());
        Map<String, Object> serviceFile = Map.of("services", services.stream().map(s -> entry("module", s.module(),
                "billingType", s.billingType(), "company", s.company(), "contract", s.contract(), "service", s.service(),
                "proration", s.proration().code())).toList());
        write(dir.resolve(ORGANIZATIONS), "PSA companies and the module organizations that bill to them", orgFile);
        write(dir.resolve(SERVICES), "Module billing type + company -> PSA contract service line, with its proration", serviceFile);
    }

    private static Map<String, Object> entry(Object... keysAndValues) {
        Map<String, Object> entry = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            entry.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return entry;
    }

    private static void write(Path file, String what, Map<String, Object> content) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, "# " + what + ".\n# Written by `bin/usage-billing mappings export` from the database;"
                    + " edit, then `mappings import`.\n" + YAML_OUT.writeValueAsString(content));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MappingException(file + ": cannot write: " + e.getMessage());
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static <T> T read(Path file, Class<T> type) {
        return read(file, type, new HashMap<>());
    }

    /** Reads one file; {@code lines} gets where its entries start, by file name. */
    static <T> T read(Path file, Class<T> type, Map<String, EntryLines> lines) {
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                throw new MappingException(file + ": the file is empty");
            }
            T value = YAML.readValue(text, type);
            lines.put(file.getFileName().toString(), EntryLines.of(text));
            return value;
        } catch (NoSuchFileException e) {
            throw new MappingException(file + ": file not found");
        } catch (UnrecognizedPropertyException e) {
            throw new MappingException(file + ": " + where(e) + ": unknown field (known: " + String.join(", ", e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList())
                    + ")");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamReadException syntax) {
                throw notYaml(file, syntax);
            }
            throw new MappingException(file + ": " + where(e) + ": " + oneLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw notYaml(file, e);
        } catch (IOException e) {
            throw new MappingException(file + ": cannot read: " + e.getMessage());
        }
    }

    /** "modules entry #2, billingTypes entry #1, field 'unit'": records are read whole, so the path is exact where a line would not be. */
    private static String where(JsonMappingException e) {
        StringBuilder where = new StringBuilder();
        List<JsonMappingException.Reference> path = e.getPath();
        for (int i = 0; i < path.size(); i++) {
            JsonMappingException.Reference ref = path.get(i);
            if (ref.getIndex() >= 0) {
                continue; // named together with its list, below
            }
            boolean listed = i + 1 < path.size() && path.get(i + 1).getIndex() >= 0;
            String part = listed
                    ? ref.getFieldName() + " entry #" + (path.get(i + 1).getIndex() + 1)
                    : "field '" + ref.getFieldName() + "'";
            where.append(where.isEmpty() ? "" : ", ").append(part);
        }
        return where.isEmpty() ? "line " + line(e) : where.toString();
    }

    private static MappingException notYaml(Path file, JsonProcessingException e) {
        // The YAML parser's own message names the line and column; Jackson's token location lags behind it.
        return new MappingException(file + ": not valid YAML: " + oneLine(e.getOriginalMessage()));
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    record ModulesFile(@JsonProperty("modules") List<RawModule> modules) {}

    record RawModule(
            String id, String name, String source, Boolean billingEnabled, List<RawBillingType> billingTypes) {}

    /** {@code supersededBy} is {@code module/billingType}. */
    record RawBillingType(
            String id, String unit, BigDecimal includedPerAsset, BigDecimal includedPerOrg, Integer trialDays,
            String supersededBy) {}

    record OrganizationsFile(List<RawCompany> companies, List<RawOrgMapping> organizations) {}

    record RawCompany(Long id, String name) {}

    record RawOrgMapping(String module, String org, Long company) {}

    record ServicesFile(List<RawServiceMapping> services) {}

    record RawServiceMapping(
            String module, String billingType, Long company, Long contract, Long service, String proration) {}
}
