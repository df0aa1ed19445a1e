package io.usagebilling.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@code modules.yaml}, {@code organizations.yaml} and {@code services.yaml} from a mappings
 * folder and validates them together. Every problem is reported as one line naming the file, the
 * entry and what is wrong, so an engineer can fix it without reading a stack trace.
 */
public final class MappingFiles {

    static final String MODULES = "modules.yaml";
    static final String ORGANIZATIONS = "organizations.yaml";
    static final String SERVICES = "services.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private MappingFiles() {}

    public static Mappings load(Path dir) {
        ModulesFile modules = read(dir.resolve(MODULES), ModulesFile.class);
        OrganizationsFile orgs = read(dir.resolve(ORGANIZATIONS), OrganizationsFile.class);
        ServicesFile services = read(dir.resolve(SERVICES), ServicesFile.class);
        return new MappingValidator(dir).validate(
                orEmpty(modules.modules), orEmpty(orgs.companies), orEmpty(orgs.organizations), orEmpty(services.services));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <T> T read(Path file, Class<T> type) {
        try {
            T value = YAML.readValue(Files.readAllBytes(file), type);
            if (value == null) {
                throw new MappingException(file + ": the file is empty");
            }
            return value;
        } catch (NoSuchFileException e) {
            throw new MappingException(file + ": file not found");
        } catch (JsonMappingException e) {
            throw new MappingException(file + ": line " + line(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new MappingException(file + ": line " + line(e) + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MappingException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    record ModulesFile(@JsonProperty("modules") List<RawModule> modules) {}

    record RawModule(
            String id, String name, String source, Boolean billingEnabled, List<Mappings.BillingType> billingTypes) {}

    record OrganizationsFile(List<RawCompany> companies, List<RawOrgMapping> organizations) {}

    record RawCompany(Long id, String name) {}

    record RawOrgMapping(String module, String org, Long company) {}

    record ServicesFile(List<RawServiceMapping> services) {}

    record RawServiceMapping(
            String module, String billingType, Long company, Long contract, Long service, String proration) {}
}
